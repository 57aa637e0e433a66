import { describe, expect, it } from "vitest";
import { plainObjectMaker } from "../../src/modules/plain-object.js";
import { evalModules, mkOption, types } from "../../src/index.js";

describe("plainObjectMaker", () => {
  it("makes plain objects with the keys in order, values picked by position", () => {
    const make = plainObjectMaker(["b", "a", 'with "quote"\n'], [2, 0, 1]);
    const o = make(["A", "Q", "B"]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(["b", "a", 'with "quote"\n']);
    expect(o).toEqual({ b: "B", a: "A", 'with "quote"\n': "Q" });
    expect(make([1, 2, 3])).not.toBe(make([1, 2, 3]));
  });

  it("defines __proto__ as a key instead of setting the prototype", () => {
    const o = plainObjectMaker(["__proto__", "x"], [0, 1])([{ polluted: true }, 1]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(["__proto__", "x"]);
    expect(JSON.stringify(o)).toBe('{"__proto__":{"polluted":true},"x":1}');
  });

  it("handles more keys than it generates code for", () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
    const o = plainObjectMaker(
      keys,
      keys.map((_, i) => i),
    )(keys.map((_, i) => i));
    expect(Object.keys(o)).toHaveLength(2500);
    expect(o.k2499).toBe(2499);
  });

  it("is what a configuration's toJSON gives: a plain object, the same once every value is there", () => {
    const settings: Record<string, unknown> = {};
    for (let k = 0; k < 150; k++) settings[`o${k}`] = mkOption({ type: types.int, default: k });
    const { config } = evalModules({ modules: [{ options: { settings } }] });
    const json = config.settings.toJSON();
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(Object.keys(json)).toEqual(Object.keys(settings).sort());
    expect(config.settings.toJSON()).toBe(json);
    expect(Object.isFrozen(json)).toBe(true);
  });
});
