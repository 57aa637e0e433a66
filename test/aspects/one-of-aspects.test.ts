/** oneOfAspects traced: the first candidate present kept, the others shown as ~name; no effect when none is present; composing with an outer adapter; on provided sub-aspects. */
import { describe, expect, it } from "vitest";
import {
  aspectPath,
  excludeAspect,
  includeIf,
  oneOfAspects,
  substituteAspect,
  trace,
} from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const traced = (aspects: (den: any) => Record<string, unknown>, root: string) => {
  const r = evalDen(({ den }: any) => ({ den: { aspects: aspects(den) } }));
  return trace("os", r.den.aspects[root]);
};
const leaves = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { os: {} }]));

describe("oneOfAspects", () => {
  it("prefers the first present candidate; the other is a tombstone", () => {
    const t = traced(
      (den) => ({
        bundle: {
          includes: [den.aspects["pref-a"], den.aspects["pref-b"]],
          meta: { adapter: oneOfAspects([den.aspects["pref-a"], den.aspects["pref-b"]]) },
        },
        ...leaves("pref-a", "pref-b"),
      }),
      "bundle",
    );
    expect(t).toEqual(["bundle", ["pref-a"], ["~pref-b"]]);
  });

  it("falls through to the second when the first is absent; no effect when neither is there", () => {
    const only = traced(
      (den) => ({
        bundle: {
          includes: [den.aspects["only-b"]],
          meta: { adapter: oneOfAspects([den.aspects["pref-a"], den.aspects["only-b"]]) },
        },
        ...leaves("pref-a", "only-b"),
      }),
      "bundle",
    );
    expect(only).toEqual(["bundle", ["only-b"]]);
    const neither = traced(
      (den) => ({
        bundle: {
          includes: [den.aspects.neither],
          meta: { adapter: oneOfAspects([den.aspects["pref-a"], den.aspects["pref-b"]]) },
        },
        ...leaves("pref-a", "pref-b", "neither"),
      }),
      "bundle",
    );
    expect(neither).toEqual(["bundle", ["neither"]]);
  });

  it("composes with an outer adapter, and works on provided sub-aspects", () => {
    const composed = traced(
      (den) => ({
        root: {
          includes: [den.aspects.bundle, den.aspects.sibling],
          meta: { adapter: excludeAspect(den.aspects.sibling) },
        },
        bundle: {
          includes: [den.aspects["pref-a"], den.aspects["pref-b"]],
          meta: { adapter: oneOfAspects([den.aspects["pref-a"], den.aspects["pref-b"]]) },
        },
        ...leaves("pref-a", "pref-b", "sibling"),
      }),
      "root",
    );
    expect(composed).toEqual(["root", ["bundle", ["pref-a"], ["~pref-b"]], ["~sibling"]]);
    const subs = traced(
      (den) => ({
        bundle: {
          includes: [den.aspects.foo.provides["impl-a"], den.aspects.foo.provides["impl-b"]],
          meta: { adapter: oneOfAspects([den.aspects.foo.provides["impl-a"], den.aspects.foo.provides["impl-b"]]) },
        },
        foo: { provides: leaves("impl-a", "impl-b") },
      }),
      "bundle",
    );
    expect(subs).toEqual(["bundle", ["impl-a"], ["~impl-b"]]);
  });
});

describe("aspect paths and substitutions in traces", () => {
  it("aspectPath is the provider path and the name", () => {
    const r = evalDen({
      den: { aspects: { foo: {}, monitoring: { os: {}, provides: { "node-exporter": { os: {} } } } } },
    });
    expect(aspectPath(r.den.aspects.foo!)).toEqual(["foo"]);
    expect(aspectPath(r.den.aspects.monitoring!.provides["node-exporter"]!)).toEqual(["monitoring", "node-exporter"]);
  });

  it("a substituted aspect shows as ~name before its replacement", () => {
    const t = traced(
      (den) => ({
        foo: {
          includes: [den.aspects.bar, den.aspects.baz],
          meta: { adapter: substituteAspect(den.aspects.bar, den.aspects.qux) },
        },
        ...leaves("bar", "baz", "qux"),
      }),
      "foo",
    );
    expect(t).toEqual(["foo", ["~bar"], ["qux"], ["baz"]]);
  });
});

describe("Den's adapter names", () => {
  it("den.lib.adapters.filter as meta.adapter: filtered aspects are tombstones in the owner's subtree only", () => {
    const sub = traced(
      (den) => ({
        foo: {
          includes: [den.aspects.bar, den.aspects.baz],
          meta: { adapter: den.lib.adapters.filter((a: any) => a.name !== "baz") },
        },
        ...leaves("bar", "baz"),
      }),
      "foo",
    );
    expect(sub).toEqual(["foo", ["bar"], ["~baz"]]);
    const only = traced(
      (den) => ({
        root: { includes: [den.aspects.foo, den.aspects.baz] },
        foo: {
          includes: [den.aspects.bar],
          meta: { adapter: den.lib.aspects.adapters.filter((a: any) => a.name !== "baz") },
        },
        ...leaves("bar", "baz"),
      }),
      "root",
    );
    expect(only).toEqual(["root", ["foo", ["bar"]], ["baz"]]);
  });
});

describe("adapters propagate to the owner's whole subtree", () => {
  it("through a chain and through both sides of a diamond", () => {
    const chain = traced(
      (den) => ({
        a: { includes: [den.aspects.b], meta: { adapter: den.lib.adapters.filter((x: any) => x.name !== "c") } },
        b: { includes: [den.aspects.c, den.aspects.d] },
        ...leaves("c", "d"),
      }),
      "a",
    );
    expect(chain).toEqual(["a", ["b", ["~c"], ["d"]]]);
    const diamond = traced(
      (den) => ({
        a: {
          includes: [den.aspects.b, den.aspects.c],
          meta: { adapter: den.lib.adapters.filter((x: any) => x.name !== "d") },
        },
        b: { includes: [den.aspects.d] },
        c: { includes: [den.aspects.d] },
        ...leaves("d"),
      }),
      "a",
    );
    expect(diamond).toEqual(["a", ["b", ["~d"]], ["c", ["~d"]]]);
    const kept = traced(
      (den) => ({
        a: { includes: [den.aspects.b, den.aspects.c] },
        b: { includes: [den.aspects.d] },
        c: { includes: [den.aspects.d] },
        ...leaves("d"),
      }),
      "a",
    );
    expect(kept).toEqual(["a", ["b", ["d"]], ["c", ["d"]]]);
  });
});

describe("includeIf in traces", () => {
  it("the fallback pattern: the guard that holds includes its aspects, the other's show as ~name", () => {
    const named = (name: string) => ({ name, meta: { provider: [] }, os: {}, includes: [] });
    const sops = named("sops");
    const root = {
      name: "root",
      includes: [
        sops,
        includeIf(({ hasAspect }: any) => hasAspect(sops), [named("sops-conf")]),
        includeIf(({ hasAspect }: any) => !hasAspect(sops), [named("age-conf")]),
      ],
    };
    expect(trace("os", root)).toEqual(["root", ["sops"], ["sops-conf"], ["~age-conf"]]);
    expect(trace("os", { name: "r", includes: [includeIf(() => false, [named("feature")])] })).toEqual([
      "r",
      ["~feature"],
    ]);
  });
});
