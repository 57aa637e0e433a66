import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { lazyAttrs } from "../../src/modules/lazy-attrs.js";
import { evalModules, mkIf, mkOption, types, ModuleError } from "../../src/index.js";

describe("lazy attribute sets", () => {
  it("computes a value on its first read only, and once", () => {
    const computed: number[] = [];
    const set = lazyAttrs(["a", "b"], (i) => (computed.push(i), i * 10));
    expect(Object.keys(set)).toEqual(["a", "b"]);
    expect("a" in set).toBe(true);
    expect("c" in set).toBe(false);
    expect(computed).toEqual([]);
    expect(set.b).toBe(10);
    expect(set.b).toBe(10);
    expect(computed).toEqual([1]);
  });

  it("serializes, spreads and prints as a plain object", () => {
    const set = lazyAttrs(["x", "y"], (i) => [i]);
    expect(JSON.stringify(set)).toBe('{"x":[0],"y":[1]}');
    expect({ ...set }).toEqual({ x: [0], y: [1] });
    expect(Object.entries(set)).toEqual([
      ["x", [0]],
      ["y", [1]],
    ]);
    expect(inspect(set)).toBe("{ x: [ 0 ], y: [ 1 ] }");
    expect(Object.getPrototypeOf(set)).toBe(Object.prototype);
  });

  it("keeps a hidden key out of enumeration but readable", () => {
    const set = lazyAttrs(["a"], () => 1, { name: "_module", get: () => "m" });
    expect(Object.keys(set)).toEqual(["a"]);
    expect(set._module).toBe("m");
    expect("_module" in set).toBe(true);
  });

  it("reports reading a value while it is computed as a cycle", () => {
    const set: Record<string, unknown> = lazyAttrs(["loop"], () => set.loop);
    expect(() => set.loop).toThrow(/infinite recursion/);
    expect(() => set.loop).toThrow(ModuleError);
  });

  it("is read-only, with an error that says how to change it", () => {
    const set = lazyAttrs(["a"], () => 1);
    expect(() => {
      set.a = 2;
    }).toThrow(/read-only.*setting `a'/);
    expect(() => {
      set.b = 2;
    }).toThrow(/Copy it first/);
  });

  it("computes again after a failed computation (the error is not cached as a value)", () => {
    let fail = true;
    const set = lazyAttrs(["a"], () => {
      if (fail) throw new Error("not yet");
      return 1;
    });
    expect(() => set.a).toThrow("not yet");
    fail = false;
    expect(set.a).toBe(1);
  });

  it("gives attrsOf values their keys in Nix's order (sorted as strings, not numbers first)", () => {
    const { config } = evalModules({
      modules: [
        { options: { m: mkOption({ type: types.attrsOf(types.int) }) } },
        { m: { "10": 1, "9": 2, b: 3, a: mkIf(false, 4) } },
      ],
    });
    expect(Object.keys(config.m)).toEqual(["10", "9", "b"]);
    expect(JSON.stringify(config.m)).toBe('{"10":1,"9":2,"b":3}');
  });

  it("leaves attrsOf submodule values unevaluated until read", () => {
    let evaluated = 0;
    const { config } = evalModules({
      modules: [
        {
          options: {
            vms: mkOption({
              type: types.attrsOf(types.submodule({ options: { mem: mkOption({ type: types.int }) } })),
            }),
          },
        },
        {
          vms: {
            a: {
              get mem() {
                evaluated++;
                return 1;
              },
            },
            b: { mem: 2 },
          },
        },
      ],
    });
    expect(Object.keys(config.vms)).toEqual(["a", "b"]);
    expect(config.vms.b.mem).toBe(2);
    expect(evaluated).toBe(0);
  });
});
