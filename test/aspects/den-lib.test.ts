/** Den as a library (denLibModule), aspects written as ({ config }) modules, namespaces and the angle-bracket lookup. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { denLibModule, lookup, namespace, resolve } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const namesOf = (mod: unknown): string[] =>
  (
    evalModules({ modules: [mod, { options: { names: mkOption({ type: types.listOf(types.str), default: [] }) } }] })
      .config as { names: string[] }
  ).names;

describe("denLibModule", () => {
  it("has den.aspects, den.ctx and den.lib only, both empty", () => {
    const den = (evalModules({ modules: [denLibModule] }).config as any).den;
    expect(Object.keys(den).sort()).toEqual(["aspects", "ctx", "lib"]);
    expect(Object.keys(den.ctx)).toEqual([]);
    expect(Object.keys(den.aspects)).toEqual([]);
    expect(den.lib.take.exactly).toBeTypeOf("function");
    expect(
      den.lib.canTake(
        den.lib.take.exactly(({ x, y }: any) => ({ x, y })),
        { x: 1 },
      ),
    ).toBe(false);
  });

  it("resolves a domain of its own: stages, self and cross providers, without hosts", () => {
    const ev = evalModules({
      modules: [
        denLibModule,
        ({ den }: any) => ({
          den: {
            ctx: {
              foo: {
                provides: {
                  foo: ({ name }: any) => ({ my: { names: [`foo ${name}`] } }),
                  bar:
                    ({ name }: any) =>
                    ({ shout }: any) => ({ my: { names: [`foo ${name} shouted ${shout}`] } }),
                },
                into: { bar: ({ name }: any) => [{ shout: name.toUpperCase() }] },
              },
              bar: { provides: { bar: ({ shout }: any) => ({ my: { names: [`bar ${shout}`] } }) } },
            },
            aspects: { foobar: { includes: [() => den.ctx.foo({ name: "good" })] } },
          },
        }),
      ],
    });
    const den = (ev.config as any).den;
    expect(namesOf(den.lib.resolve("my", den.aspects.foobar)).sort()).toEqual([
      "bar GOOD",
      "foo good",
      "foo good shouted GOOD",
    ]);
  });
});

describe("aspects written as ({ config }) modules", () => {
  it("config is the aspect itself: its meta (its own definition's included), its name", () => {
    const r = evalDen({
      den: {
        aspects: {
          foo: ({ config }: any) => ({
            funny: { names: [config.meta.nick ?? "-", config.name] },
            meta: { nick: "McLoving" },
          }),
        },
      },
    });
    expect(namesOf(resolve("funny", r.den.aspects.foo))).toEqual(["McLoving", "foo"]);
  });

  it("merges with other definitions, and a context function may return one", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: {} } } } },
      { den: { aspects: { igloo: { meta: { tier: "gold" } } } } },
      {
        den: {
          aspects: {
            igloo: {
              includes: [
                ({ host }: any) =>
                  ({ config }: any) => ({
                    os: { list: [`${host.name}:${Object.keys(config.meta).sort().join(",")}`] },
                  }),
              ],
            },
          },
        },
      },
      { den: { aspects: { igloo: ({ config }: any) => ({ os: { tags: { tier: config.meta.tier } } }) } } },
    );
    const cfg = r.flake.osConfigurations.igloo.config;
    expect(cfg.tags).toEqual({ tier: "gold" });
    // the function result is an inline aspect of its own: config is that aspect
    expect(cfg.list).toEqual(["igloo:adapter,excludes,file,handleWith,loc,name,provider,self"]);
  });
});

describe("namespaces", () => {
  const acme = { denful: { acme: { gear: { os: { list: ["from-acme"] } } } } };
  const other = { denful: { acme: { gear: { os: { list: ["from-other"] } } } } };

  it("merge the packages' aspects with local ones; modules get the namespace as an argument", () => {
    const r = evalDen(namespace("acme", [acme, other]), ({ acme: ns }: any) => ({
      acme: { gear: { os: { list: ["local"] } } },
      den: { hosts: { "x86_64-linux": { igloo: {} } }, aspects: { igloo: { includes: [ns.gear] } } },
    }));
    expect(r.flake.osConfigurations.igloo.config.list.sort()).toEqual(["from-acme", "from-other", "local"]);
    expect(r.den.ful!.acme!.gear!.identity).toBe("acme.gear");
    expect("denful" in r.flake).toBe(false);
  });

  it("with true among the sources, are exported at flake.denful, for another project to import", () => {
    const r = evalDen(namespace("acme", true), {
      acme: { root: { provides: { branch: { _: { leaf: { os: { list: ["leaf"] } } } } } } },
    });
    const exported = r.flake.denful.acme;
    expect(exported.root.provides.branch.provides.leaf.classes.os).toHaveLength(1);
    const r2 = evalDen(namespace("acme", [{ denful: r.flake.denful }]), ({ acme: ns }: any) => ({
      den: { hosts: { "x86_64-linux": { igloo: {} } }, aspects: { igloo: { includes: [ns.root._.branch._.leaf] } } },
    }));
    expect(r2.flake.osConfigurations.igloo.config.list).toEqual(["leaf"]);
  });

  it("a source without the namespace is an error saying what a package exports", () => {
    expect(() => namespace("acme", [{ denful: {} } as never])).toThrow(/has no denful.acme/);
  });
});

describe("lookup (angle brackets)", () => {
  it("finds aspects, their provides, namespace aspects and den's own, and names what is missing", () => {
    const r = evalDen(namespace("ns", false), {
      ns: { moo: { os: { list: ["moo"] }, provides: { deep: { os: {} } } } },
      den: { aspects: { foo: { provides: { bar: { os: {} } } } } },
    });
    expect(lookup(r.den, "foo/bar")).toBe(r.den.aspects.foo!.provides.bar);
    expect(lookup(r.den, "ns/moo")).toBe(r.den.ful!.ns!.moo);
    expect(lookup(r.den, "ns/moo/deep")).toBe(r.den.ful!.ns!.moo!.provides.deep);
    expect(lookup(r.den, "den/hostname")).toBe(r.den.provides.hostname);
    expect(r.den.lib.lookup("den.provides.hostname")).toBe(r.den.provides.hostname);
    expect(() => lookup(r.den, "foo/baz")).toThrow(/no aspect `foo\/baz': `foo.provides.baz' does not exist/);
    expect(() => lookup(r.den, "nothing")).toThrow(/neither den, an aspect of den.aspects nor a namespace/);
  });
});
