import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";

const decl = {
  options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }), o: mkOption({ type: types.attrs }) },
};

describe("a shorthand module with a `_file` (its other keys are its configuration)", () => {
  it("defines its data keys, and reads its getters only when their options are read", () => {
    let reads = 0;
    const module = {
      _file: "short.ts",
      a: 1,
      get b() {
        reads++;
        return 2;
      },
    };
    const r = evalModules({ modules: [decl, module] });
    expect(r.config.a).toBe(1);
    expect(reads).toBe(0);
    expect(r.config.b).toBe(2);
    expect(reads).toBe(1);
    expect(r.options.a.files).toEqual(["short.ts"]);
  });

  it("keeps a `__proto__` key of its configuration as data", () => {
    const module = JSON.parse('{"_file": "proto.ts", "__proto__": {"x": 1}, "a": 3}');
    const r = evalModules({ modules: [{ ...decl, freeformType: types.attrsOf(types.anything) }, module] });
    expect(r.config.a).toBe(3);
    expect(Object.keys(r.config)).toContain("__proto__");
    expect(Reflect.get(r.config, "__proto__")).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(r.config)).toBe(Object.prototype);
  });
});
