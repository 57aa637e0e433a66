import { describe, expect, it } from "vitest";
import { evalModules, mkOption, mkOverride, types } from "../../src/index.js";

/** A declaring module (a new one each call: a declaration tree of its own, so no index of it was made before). */
const declaring = () => ({
  options: {
    xs: mkOption({ type: types.listOf(types.int) }),
    n: mkOption({ type: types.int }),
    s: mkOption({ type: types.str, default: "d" }),
  },
});

/** `count` modules, module `k` defining `xs = [k]` and, every third, `n` at priority `100 - k`. */
const definers = (count: number) =>
  Array.from({ length: count }, (_, k) => ({ xs: [k], ...(k % 3 === 0 ? { n: mkOverride(100 - k, k) } : {}) }));

describe("the definition index", () => {
  it("keeps every definition in merge order when there are more than the last index of the same options held", () => {
    const decl = declaring();
    expect(evalModules({ modules: [decl, ...definers(2)] }).config.xs).toEqual([1, 0]);
    const r = evalModules({ modules: [decl, ...definers(40)] });
    expect(r.config.xs).toEqual(Array.from({ length: 40 }, (_, k) => 39 - k));
    expect(r.config.n).toBe(39);
    expect(r.options.xs.definitions).toHaveLength(40);
  });

  it("keeps the definitions of more than 256 modules apart, each with its module's file", () => {
    const mods = definers(300).map((m, k) => ({ _file: `m${k}.ts`, ...m }));
    const decl = declaring();
    const first = evalModules({ modules: [decl, ...mods] });
    expect(JSON.stringify(first.config)).toBe(JSON.stringify(evalModules({ modules: [declaring(), ...mods] }).config));
    // The same options again: each definition placed where the first evaluation had it.
    const r = evalModules({ modules: [decl, ...mods] });
    expect(r.config.xs).toEqual(Array.from({ length: 300 }, (_, k) => 299 - k));
    expect(r.config.n).toBe(297);
    expect(r.options.xs.files).toEqual(Array.from({ length: 300 }, (_, k) => `m${299 - k}.ts`));
    expect(r.options.n.files).toEqual(["m297.ts"]);
    // A smaller evaluation of the same options after it gives the same as a first one.
    expect(evalModules({ modules: [declaring(), ...definers(5)] }).config.xs).toEqual([4, 3, 2, 1, 0]);
  });

  it("reads getters when merged, and keeps a priority that is not an integer, among data definitions", () => {
    let reads = 0;
    const getter = {
      get xs() {
        reads++;
        return [7];
      },
    };
    const r = evalModules({
      modules: [declaring(), { xs: [1], n: mkOverride(50.5, 1) }, getter, { xs: [2], n: mkOverride(60, 2) }],
    });
    expect(reads).toBe(0);
    expect(r.config.n).toBe(1);
    expect(r.config.xs).toEqual([2, 7, 1]);
    expect(reads).toBe(1);
    expect(r.config.s).toBe("d");
  });

  it("gives an evaluation like the last one of the same options, or with fewer or more definitions, what a first one gives", () => {
    const decl = declaring();
    const getter = (k: number) => ({
      get xs() {
        return [100 + k];
      },
    });
    const shapes: unknown[][] = [
      definers(6),
      definers(6).map((m, k) => ({ ...m, xs: [10 * k] })),
      definers(4),
      [...definers(3), getter(1), ...definers(5), getter(2)],
      [{ s: "x" }, ...definers(2)],
      definers(6),
    ];
    for (const mods of shapes) {
      const again = evalModules({ modules: [decl, ...mods] });
      const first = evalModules({ modules: [declaring(), ...mods] });
      expect(JSON.stringify(again.config)).toBe(JSON.stringify(first.config));
      expect(again.options.xs.files).toEqual(first.options.xs.files);
    }
  });

  it("gives an option read while the definitions are being found those found so far, in every evaluation", () => {
    const decl = {
      options: {
        base: mkOption({ type: types.attrsOf(types.int) }),
        copy: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) },
      },
    };
    const copying = ({ config }: { config: { base: unknown } }) => ({ copy: config.base });
    for (const k of [1, 2, 3]) {
      const r = evalModules({ modules: [decl, copying, { base: { a: k, b: 2 * k } }] });
      expect(r.config.copy).toEqual({ a: k, b: 2 * k });
    }
  });
});
