/** Nested context stages: den.ctx.ns.inner named `ns.inner`, reached by `into` and by dotted cross providers. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { resolve } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

function funnyNames(aspect: unknown): string[] {
  const ev = evalModules({
    modules: [
      resolve("funny", aspect),
      { options: { names: mkOption({ type: types.listOf(types.str), default: [] }) } },
    ],
  });
  return [...(ev.config as { names: string[] }).names].sort();
}
const names = (...xs: string[]) => ({ funny: { names: xs } });

describe("nested contexts", () => {
  it("into reaches nested stages by nested objects or dotted names, two and three levels deep", () => {
    const r = evalDen({
      den: {
        ctx: {
          ns: { inner: { provides: { inner: ({ z }: any) => names(`inner-${z}`) } } },
          a: { b: { c: { provides: { c: ({ z }: any) => names(`abc-${z}`) } } } },
          root: {
            provides: { root: ({ v }: any) => names(v) },
            into: [({ v }: any) => ({ ns: { inner: [{ z: v }] } }), ({ v }: any) => ({ "a.b.c": [{ z: `${v}!` }] })],
          },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({ v: "hello" }))).toEqual(["abc-hello!", "hello", "inner-hello"]);
    // a nested stage runs on its own too, and is an aspect named by its last part
    const inner = (r.den.ctx as any).ns.inner;
    expect(funnyNames(inner({ z: "q" }))).toEqual(["inner-q"]);
    expect(inner.identity).toBe("ctx/ns.inner");
  });

  it("stages of the same last name in two namespaces stay apart; flat stages mix with nested ones", () => {
    const r = evalDen({
      den: {
        ctx: {
          a: { leaf: { provides: { leaf: ({ v }: any) => names(`a-${v}`) } } },
          b: { leaf: { provides: { leaf: ({ v }: any) => names(`b-${v}`) } } },
          flat: { provides: { flat: ({ v }: any) => names(`flat-${v}`) } },
          root: { into: () => ({ a: { leaf: [{ v: "x" }] }, b: { leaf: [{ v: "y" }] }, flat: [{ v: "z" }] }) },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({}))).toEqual(["a-x", "b-y", "flat-z"]);
  });

  it("a cross provider for a nested stage is named by its full path, and only that stage gets it", () => {
    const r = evalDen({
      den: {
        ctx: {
          a: { leaf: { provides: { leaf: ({ v }: any) => names(`a-${v}`) } } },
          b: { leaf: { provides: { leaf: ({ v }: any) => names(`b-${v}`) } } },
          root: {
            into: () => ({ a: { leaf: [{ v: "x" }] }, b: { leaf: [{ v: "y" }] } }),
            provides: {
              "a.leaf":
                () =>
                ({ v }: any) =>
                  names(`cross-a-${v}`),
            },
          },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({}))).toEqual(["a-x", "b-y", "cross-a-x"]);
  });

  it("into definitions of one stage concatenate, object and function forms alike", () => {
    const r = evalDen(
      {
        den: {
          ctx: {
            leaf: { provides: { leaf: ({ v }: any) => names(v) } },
            root: { into: () => ({ leaf: [{ v: "a" }] }) },
          },
        },
      },
      { den: { ctx: { root: { into: { leaf: () => [{ v: "b" }] } } } } },
      { den: { ctx: { root: { into: { leaf: () => [{ v: "c" }] } } } } },
    );
    expect(funnyNames(r.den.ctx.root!({}))).toEqual(["a", "b", "c"]);
  });
});

describe("nested stages: cross providers and into objects", () => {
  it("a cross provider named by the full path (`ns.inner`), written `(_) => ({ z }) => ...`", () => {
    const r = evalDen({
      den: {
        ctx: {
          ns: { inner: { provides: { inner: ({ z }: any) => names(`inner-${z}`) } } },
          root: {
            into: ({ z }: any) => ({ ns: { inner: [{ z }] } }),
            provides: {
              "ns.inner":
                (_: any) =>
                ({ z }: any) =>
                  names(`root-for-inner-${z}`),
            },
          },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({ z: "x" }))).toEqual(["inner-x", "root-for-inner-x"]);
  });

  it("two nested stages of one last name get their own cross providers; the root takes an empty context", () => {
    const r = evalDen({
      den: {
        ctx: {
          a: { leaf: { provides: { leaf: ({ v }: any) => names(`a-${v}`) } } },
          b: { leaf: { provides: { leaf: ({ v }: any) => names(`b-${v}`) } } },
          root: {
            into: (_: any) => ({ a: { leaf: [{ v: "x" }] }, b: { leaf: [{ v: "y" }] } }),
            provides: {
              "a.leaf":
                (_: any) =>
                ({ v }: any) =>
                  names(`cross-a-${v}`),
            },
          },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({}))).toEqual(["a-x", "b-y", "cross-a-x"]);
  });

  it("into as nested objects of functions: into.ns.inner", () => {
    const r = evalDen({
      den: {
        ctx: {
          ns: { inner: { provides: { inner: ({ z }: any) => names(`inner-${z}`) } } },
          root: { into: { ns: { inner: (c: any) => [c] } } },
        },
      },
    });
    expect(funnyNames(r.den.ctx.root!({ z: "q" }))).toEqual(["inner-q"]);
  });

  it("into definitions of both forms in several modules concatenate", () => {
    const r = evalDen(
      { den: { ctx: { leaf: { provides: { leaf: ({ v }: any) => names(v) } } } } },
      { den: { ctx: { root: { into: (_: any) => ({ leaf: [{ v: "a" }] }) } } } },
      { den: { ctx: { root: { into: { leaf: (_: any) => [{ v: "b" }] } } } } },
      { den: { ctx: { root: { into: { leaf: (_: any) => [{ v: "c" }] } } } } },
      { den: { ctx: { root: { into: (_: any) => ({ leaf: [{ v: "d" }] }) } } } },
    );
    expect(funnyNames(r.den.ctx.root!({}))).toEqual(["a", "b", "c", "d"]);
  });
});
