/** Namespaces have aspects of their own, their own context stages (`<ns>.ctx`) and schema modules (`<ns>.schema`), shared with other projects. */
import { describe, expect, it } from "vitest";
import { namespace, parametric } from "../../src/aspects/index.js";
import { evalModules, mkDefault, mkOption, types } from "../../src/modules/index.js";
import { evalDen, funnyNames } from "./helpers.js";

const names = (...xs: string[]) => ({ funny: { names: xs } });

describe("namespace stages and schemas", () => {
  it("a namespace's aspects resolve; two namespaces and den.aspects stay apart", () => {
    const r = evalDen(namespace("alpha", []), namespace("beta", []), {
      alpha: { shared: names("alpha"), igloo: names("aux") },
      beta: { shared: names("beta") },
      den: { aspects: { igloo: names("den") } },
    });
    const c = r.top.config as any;
    expect([...funnyNames(c.alpha.shared), ...funnyNames(c.beta.shared)]).toEqual(["alpha", "beta"]);
    expect([...funnyNames(c.alpha.igloo), ...funnyNames(r.den.aspects.igloo)]).toEqual(["aux", "den"]);
  });

  it("its ctx stages run from a call, nested ones too, fixing its aspects to the context", () => {
    const r = evalDen(namespace("aux", []), ({ aux }: any) => ({
      aux: {
        "my-aspect": { includes: [({ word }: any) => names(word)] },
        ctx: {
          entry: { provides: { entry: ({ word }: any) => parametric.fixedTo({ word }, aux["my-aspect"]) } },
          ns: { leaf: { provides: { leaf: ({ word }: any) => parametric.fixedTo({ word }, aux["my-aspect"]) } } },
        },
      },
    }));
    const aux = (r.top.config as any).aux;
    expect(funnyNames(aux.ctx.entry({ word: "greet" }))).toEqual(["greet"]);
    expect(funnyNames(aux.ctx.ns.leaf({ word: "nested" }))).toEqual(["nested"]);
  });

  it("its schema holds deferred modules by name", () => {
    const r = evalDen(namespace("aux", []), {
      aux: {
        schema: {
          widget: {
            options: { names: mkOption({ type: types.listOf(types.str), default: [] }) },
            config: { names: ["widget-schema"] },
          },
          other: {},
        },
      },
    });
    const aux = (r.top.config as any).aux;
    expect(Object.keys(aux.schema).sort()).toEqual(["other", "widget"]);
    expect((evalModules({ modules: [aux.schema.widget] }).config as any).names).toEqual(["widget-schema"]);
  });

  it("ctx and schema shared by another project: the stage callable, the schema usable", () => {
    const provider = evalDen(namespace("provider", true), {
      provider: {
        ctx: { simple: { provides: { simple: (_: unknown) => names("from-provider-ctx") } } },
        schema: {
          entity: {
            options: { names: mkOption({ type: types.listOf(types.str), default: [] }) },
            config: { names: mkDefault(["provider-entity-schema"]) },
          },
        },
      },
    }).flake;
    const r = evalDen(namespace("provider", [provider]));
    const p = (r.top.config as any).provider;
    expect(funnyNames(p.ctx.simple({}))).toEqual(["from-provider-ctx"]);
    expect((evalModules({ modules: [p.schema.entity] }).config as any).names).toEqual(["provider-entity-schema"]);
  });
});

describe("namespaces at scale", () => {
  it("30 aspects of a namespace included; 5 sources of 10 aspects merged; provides not included with their parent", () => {
    const keys = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const many = evalDen(
      namespace("ns", false),
      { ns: Object.fromEntries(keys(30, "a").map((k) => [k, names(k)])) },
      ({ ns }: any) => ({
        den: { aspects: { root: { ...names("root"), includes: keys(30, "a").map((k) => ns[k]) } } },
      }),
    );
    expect(funnyNames(many.den.aspects.root).length).toBe(31);
    const sources = Array.from({ length: 5 }, (_, i) => ({
      denful: { ns: Object.fromEntries(keys(10, "x").map((k) => [k, names(`${k}-src${i}`)])) },
    }));
    const merged = evalDen(namespace("ns", sources), ({ ns }: any) => ({
      den: { aspects: { root: { ...names("root"), includes: keys(10, "x").map((k) => ns[k]) } } },
    }));
    expect(funnyNames(merged.den.aspects.root).length).toBe(51);
    const providers = evalDen(
      namespace("ns", false),
      { ns: { parent: { ...names("parent"), provides: Object.fromEntries(keys(10, "p").map((k) => [k, names(k)])) } } },
      ({ ns }: any) => ({ den: { aspects: { root: { ...names("root"), includes: [ns.parent] } } } }),
    );
    expect(funnyNames(providers.den.aspects.root).length).toBe(2);
  });
});
