// A key named `__proto__` is data like any other: it round-trips through every type that
// merges attribute sets and through the configuration, and never becomes a prototype.
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types, type OptionType } from "../../src/index.js";

const withProto = () => JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as Record<string, unknown>;
const other = () => ({ b: 3 });

const typesToCheck: [string, () => OptionType][] = [
  ["attrs", () => types.attrs],
  ["anything", () => types.anything],
  ["attrsOf anything", () => types.attrsOf(types.anything)],
  ["lazyAttrsOf anything", () => types.lazyAttrsOf(types.anything)],
  ["unspecified", () => types.unspecified],
];

describe("__proto__ keys are data", () => {
  for (const [name, type] of typesToCheck) {
    it(`${name}: merged with another set, the key is an own property and the prototype is untouched`, () => {
      const { config } = evalModules({
        modules: [{ options: { o: mkOption({ type: type() }) } }, { o: withProto() }, { o: other() }],
      });
      const o = config.o as Record<string, unknown>;
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(Object.keys(o).sort()).toEqual(["__proto__", "a", "b"]);
      expect(JSON.parse(JSON.stringify(config))).toEqual(JSON.parse('{"o": {"__proto__": {"x": 1}, "a": 2, "b": 3}}'));
    });
  }

  it("a freeform definition named __proto__ is kept in the configuration", () => {
    const { config } = evalModules({
      modules: [{ freeformType: types.attrsOf(types.anything) }, JSON.parse('{"__proto__": {"y": 1}, "z": 2}')],
    });
    expect(JSON.stringify(config)).toBe('{"__proto__":{"y":1},"z":2}');
  });
});
