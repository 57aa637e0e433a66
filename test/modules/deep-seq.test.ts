import { describe, expect, it } from "vitest";
import { deepSeq, evalModules, lazy, mkOption, types } from "../../src/index.js";

describe("deepSeq", () => {
  it("computes every value of a configuration, nested sets and lists included, and returns its second argument", () => {
    let reads = 0;
    const counted = (v: number) =>
      lazy(() => {
        reads++;
        return v;
      });
    const r = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            s: { b: mkOption({ type: types.int }) },
            m: mkOption({ type: types.attrsOf(types.submodule({ options: { c: mkOption({ type: types.int }) } })) }),
            l: mkOption({ type: types.listOf(types.attrsOf(types.int)) }),
          },
        },
        {
          a: counted(1),
          s: { b: counted(2) },
          m: { x: { c: counted(3) }, y: { c: counted(4) } },
          l: [{ k: counted(5) }],
        },
      ],
    });
    const config = r.config;
    expect(reads).toBe(0);
    expect(deepSeq(config, "done")).toBe("done");
    expect(reads).toBe(5);
    expect(JSON.parse(JSON.stringify(config))).toEqual({
      a: 1,
      s: { b: 2 },
      m: { x: { c: 3 }, y: { c: 4 } },
      l: [{ k: 5 }],
    });
    expect(reads).toBe(5);
  });

  it("throws the error of a value it computes", () => {
    const { config } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
        { a: 1, b: "two" },
      ],
    });
    expect(() => deepSeq(config, null)).toThrow(/b' is not of type `signed integer'/);
  });

  it("reads getters of plain values, leaves functions uncalled, and stops at cycles", () => {
    let got = 0;
    let called = 0;
    const cyclic: Record<string, unknown> = {
      get g() {
        got++;
        return 1;
      },
      f: () => called++,
    };
    cyclic.self = cyclic;
    const { config } = evalModules({ modules: [{ options: { raw: mkOption({ type: types.raw }) } }, { raw: cyclic }] });
    deepSeq([config, config], 0);
    expect({ got, called }).toEqual({ got: 1, called: 0 });
  });

  it("is in the lib argument of module functions", () => {
    const { config } = evalModules({
      modules: [
        ({ lib }: any) => ({ options: { same: mkOption({ type: types.bool, default: lib.deepSeq === deepSeq }) } }),
      ],
    });
    expect(config.same).toBe(true);
  });
});
