import { describe, expect, it } from "vitest";
import { evalModules, mkForce, mkOption, mkOverride, types } from "../../src/index.js";

/** Options of several kinds: with and without defaults, a list, a read-only one, an enum. */
const declaring = {
  options: {
    n: mkOption({ type: types.int }),
    d: mkOption({ type: types.int, default: 7 }),
    s: mkOption({ type: types.str, default: "x" }),
    e: mkOption({ type: types.enum(["a", "b"]), default: "a" }),
    l: mkOption({ type: types.listOf(types.int), default: [] }),
    r: mkOption({ type: types.int, readOnly: true, default: 1 }),
  },
};

describe("a static configuration", () => {
  it("takes each value from its definitions, in every evaluation of the same options", () => {
    const cases: [Record<string, unknown>[], Record<string, unknown>][] = [
      [[{ n: 1 }], { n: 1, d: 7, s: "x", e: "a", l: [], r: 1 }],
      [[{ n: 2, d: mkOverride(50, 3) }, { d: 4 }], { n: 2, d: 3, s: "x", e: "a", l: [], r: 1 }],
      [[{ n: 3, s: "y", e: "b", l: [1] }, { l: [2] }], { n: 3, d: 7, s: "y", e: "b", l: [2, 1], r: 1 }],
      [[{ n: mkForce(4) }, { n: 5 }], { n: 4, d: 7, s: "x", e: "a", l: [], r: 1 }],
      [[{ n: 6 }, { n: 6 }], { n: 6, d: 7, s: "x", e: "a", l: [], r: 1 }],
    ];
    for (const [modules, expected] of cases) {
      expect(JSON.parse(JSON.stringify(evalModules({ modules: [declaring, ...modules] }).config))).toEqual(expected);
    }
  });

  it("leaves to the merge what it cannot take from primitives, and its errors", () => {
    expect(() => evalModules({ modules: [declaring, { n: 1 }, { n: 2 }] }).config.n).toThrow(/conflicting definition/);
    expect(() => evalModules({ modules: [declaring, { n: "one" }] }).config.n).toThrow(/is not of type/);
    expect(() => evalModules({ modules: [declaring, { n: 1, e: "c" }] }).config.e).toThrow(/is not of type/);
    expect(() => evalModules({ modules: [declaring, { n: 1, r: 2 }] }).config.r).toThrow(/read-only/);
  });
});
