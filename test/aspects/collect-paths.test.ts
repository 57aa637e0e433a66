/** collectPaths: the root first, every aspect reached (function aspects too), excluded ones left out, a shared aspect once per visit. */
import { describe, expect, it } from "vitest";
import { collectPaths, constraints, excludeAspect, perHost, resolve } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const paths = (aspects: (den: any) => Record<string, unknown>, root: string) => {
  const r = evalDen(({ den }: any) => ({ den: { aspects: aspects(den) } }));
  return collectPaths("os", r.den.aspects[root]);
};

describe("collectPaths", () => {
  it("a static tree, the root first; an aspect alone is one path", () => {
    const keys = paths(
      (den) => ({ foo: { includes: [den.aspects.bar, den.aspects.baz] }, bar: { os: {} }, baz: { os: {} } }),
      "foo",
    );
    expect(keys[0]).toBe("foo");
    expect([...keys].sort()).toEqual(["bar", "baz", "foo"]);
    expect(paths(() => ({ alone: {} }), "alone")).toEqual(["alone"]);
  });

  it("a perHost aspect is listed without a host; an excluded one is not", () => {
    const keys = paths(
      (den) => ({
        role: {
          includes: [den.aspects.leaf, den.aspects.param, den.aspects.dropme],
          meta: { adapter: excludeAspect(den.aspects.dropme) },
        },
        leaf: { os: {} },
        param: perHost(({ host }: any) => ({ os: {} })),
        dropme: { os: {} },
      }),
      "role",
    );
    expect([...keys].sort()).toEqual(["leaf", "param", "role"]);
  });

  it("an aspect reached through two others is listed twice", () => {
    const keys = paths(
      (den) => ({
        root: { includes: [den.aspects.a, den.aspects.b] },
        a: { includes: [den.aspects.shared] },
        b: { includes: [den.aspects.shared] },
        shared: { os: {} },
      }),
      "root",
    );
    expect(keys.filter((k) => k === "shared").length).toBe(2);
  });
});

describe("inline aspects that name themselves", () => {
  it("are found by name (and provider path) for exclusion, deep in the owner's subtree", () => {
    const leaf = (name: string) => ({ name, meta: { provider: [] }, os: {}, includes: [] });
    const root = {
      name: "owner",
      meta: { adapter: excludeAspect({ name: "drop", meta: { provider: [] } } as never), provider: [] },
      os: {},
      includes: [
        leaf("keep"),
        leaf("drop"),
        { name: "inner", meta: { provider: [] }, includes: [leaf("deep-drop"), leaf("deep-keep")] },
      ],
    };
    const keys = collectPaths("os", root);
    expect(keys).toContain("keep");
    expect(keys).toContain("inner");
    expect(keys).toContain("deep-keep");
    expect(keys).not.toContain("drop");
    const deep = collectPaths("os", { ...root, meta: { adapter: excludeAspect({ name: "deep-drop" } as never) } });
    expect([deep.includes("deep-drop"), deep.includes("drop")]).toEqual([false, true]);
  });
});

describe("constraints on inline aspects that name themselves", () => {
  it("constraints.exclude of a { name } object drops the inline aspect of that name", () => {
    const named = (name: string) => ({ name, meta: { provider: [] }, os: { list: [name] }, includes: [] });
    const host = {
      name: "host",
      meta: { handleWith: constraints.exclude({ name: "wayland", meta: { provider: [] } } as never) },
      includes: [named("wayland"), named("x11")],
    };
    expect(resolve("os", host).imports.length).toBe(1);
    expect(collectPaths("os", host)).toEqual(["host", "x11"]);
  });
});
