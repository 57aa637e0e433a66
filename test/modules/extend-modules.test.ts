import { describe, expect, it } from "vitest";
import { evalModules, evaluationStats, mkDefault, mkForce, mkOption, types } from "../../src/index.js";

const decl = {
  _file: "decl.ts",
  options: {
    a: mkOption({ type: types.int, default: 1 }),
    b: mkOption({ type: types.int }),
    list: mkOption({ type: types.listOf(types.str), default: [] }),
  },
};

describe("extendModules", () => {
  it("leaves the original unchanged and chains", () => {
    const base = evalModules({ modules: [decl, { b: 2, list: ["base"] }] });
    const one = base.extendModules({ modules: [{ a: mkForce(10), list: ["one"] }] });
    const two = one.extendModules({ modules: [{ list: ["two"] }] });
    expect(base.config.a).toBe(1);
    expect(one.config.a).toBe(10);
    expect(two.config.a).toBe(10);
    expect(base.config.list).toEqual(["base"]);
    expect(two.config.list).toEqual(["two", "one", "base"]);
  });

  it("module functions of the base are not called again", () => {
    let calls = 0;
    const base = evalModules({ modules: [decl, () => (calls++, { b: 3 })] });
    void base.config.b;
    const ext = base.extendModules({ modules: [{ a: 5 }] });
    expect(ext.config.b).toBe(3);
    expect(calls).toBe(1);
  });

  it("a value that reads a changed option is recomputed in the extension", () => {
    const base = evalModules({
      modules: [
        decl,
        ({ config }: any) => ({
          get b() {
            return config.a * 2;
          },
        }),
      ],
    });
    expect(base.config.b).toBe(2);
    const ext = base.extendModules({ modules: [{ a: mkForce(21) }] });
    expect(ext.config.b).toBe(42);
    expect(base.config.b).toBe(2);
  });

  it("unchanged plain values are taken from the base", () => {
    const base = evalModules({ modules: [decl, { b: 7 }] });
    JSON.stringify(base.config);
    const ext = base.extendModules({ modules: [{ list: ["x"] }] });
    expect(JSON.parse(JSON.stringify(ext.config))).toEqual({ a: 1, b: 7, list: ["x"] });
    expect(evaluationStats(ext).reused).toBeGreaterThanOrEqual(2);
  });

  it("new specialArgs re-run the modules with the merged arguments, honouring priorities", () => {
    const mod = ({ who }: any) => ({ b: who.length });
    const base = evalModules({ modules: [decl, mod], specialArgs: { who: mkDefault("ab") } });
    expect(base.config.b).toBe(2);
    expect(base.extendModules({ specialArgs: { who: "abcd" } }).config.b).toBe(4);
    const forced = evalModules({ modules: [decl, mod], specialArgs: { who: mkForce("a") } });
    expect(forced.extendModules({ specialArgs: { who: "abcd" } }).config.b).toBe(1);
  });
});
