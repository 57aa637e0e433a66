import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkOption, mkOverride, types } from "../../src/index.js";

/** Options declared out of name order, some in a sub-tree; `define` gives their definitions. */
function evaluate(define: Record<string, unknown>) {
  return evalModules({
    modules: [
      {
        options: {
          zeta: mkOption({ type: types.int }),
          alpha: mkOption({ type: types.str, default: "a" }),
          mid: { z: mkOption({ type: types.int }), b: mkOption({ type: types.bool, default: false }) },
        },
      },
      define,
    ],
  });
}

describe("serializing result.config", () => {
  it("gives each name its own option's value, in name order (static definitions)", () => {
    const r = evaluate({ zeta: mkOverride(90, 26), mid: { z: 1 } });
    const json = JSON.stringify(r.config);
    expect(json).toBe('{"alpha":"a","mid":{"b":false,"z":1},"zeta":26}');
    expect(JSON.stringify(r.config)).toBe(json);
    expect(r.config.mid.z).toBe(1);
  });

  it("gives each name its own option's value, in name order (computed definitions)", () => {
    const r = evaluate({ zeta: 26, mid: { z: lazy(() => 1) } });
    expect(JSON.stringify(r.config)).toBe('{"alpha":"a","mid":{"b":false,"z":1},"zeta":26}');
  });

  it("keeps the values read before it was serialized", () => {
    const r = evaluate({ zeta: 3, mid: { z: 4 } });
    expect(r.config.mid.z).toBe(4);
    expect(r.config.zeta).toBe(3);
    expect(JSON.parse(JSON.stringify(r.config))).toEqual({ alpha: "a", mid: { b: false, z: 4 }, zeta: 3 });
  });
});
