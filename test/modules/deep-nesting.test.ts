// Nesting as deep as memory allows: imports, option trees, `mkMerge`/`mkIf` and values
// are walked with worklists, never by recursion, so a deep structure is evaluated as
// nixpkgs evaluates it (the same inputs there give 1, 5 and 3) instead of running out
// of JavaScript's stack.
import { describe, expect, it } from "vitest";
import { evalModules, ModuleError, mkIf, mkMerge, mkOption, types } from "../../src/index.js";
import { deepEqual } from "../../src/modules/types/option-type.js";

/** `wrap` applied `n` times to `x`. */
function nest<T>(n: number, x: T, wrap: (inner: T) => T): T {
  let v = x;
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
}

/** Follows `a` `n` times. */
function dig(v: unknown, n: number): unknown {
  for (let i = 0; i < n; i++) v = (v as { a: unknown }).a;
  return v;
}

describe("deep nesting is evaluated", () => {
  it("imports nested 5,000 deep: the innermost module's option and the outermost's definition", () => {
    const inner = {
      _file: "inner.ts",
      options: { x: mkOption({ type: types.listOf(types.int), default: [] }) },
      config: { x: [1] },
    };
    const chain = nest(5000, inner as object, (m) => ({ imports: [m] }));
    const { config } = evalModules({ modules: [{ _file: "outer.ts", imports: [chain], config: { x: [2] } }] });
    // merged in reverse collection order: the deepest module's definition comes first
    expect(config.x).toEqual([1, 2]);
  });

  it("an option tree nested 2,000 deep is declared, defined, read and serialized", () => {
    const options = nest(2000, mkOption({ type: types.int, default: 1 }) as unknown, (o) => ({ a: o }));
    const { config } = evalModules({ modules: [{ options }, { config: nest(2000, 5 as unknown, (c) => ({ a: c })) }] });
    expect(dig(config, 2000)).toBe(5);
    expect(JSON.stringify(config)).toBe(`${'{"a":'.repeat(2000)}5${"}".repeat(2000)}`);
  });

  it("mkMerge nested 2,000 deep at the top of a module", () => {
    const decl = { options: { x: mkOption({ type: types.int }), y: mkOption({ type: types.int, default: 0 }) } };
    const config = nest(2000, { x: 3 } as unknown, (c) => mkMerge([c, { y: 4 }]));
    expect(evalModules({ modules: [decl, { config }] }).config).toMatchObject({ x: 3 });
    // the same definition of y 2,000 times: equal values merge
    expect(evalModules({ modules: [decl, { config }] }).config.y).toBe(4);
  });

  it("mkMerge nested 2,000 deep as an option's value keeps the order of its parts", () => {
    const value = nest(2000, [0] as unknown, (v) => mkMerge([v, [1]]));
    const { config } = evalModules({
      modules: [{ options: { l: mkOption({ type: types.listOf(types.int) }) } }, { l: value }],
    });
    expect(config.l).toEqual([0, ...new Array(2000).fill(1)]);
  });

  it("mkIf nested 2,000 deep, at the top of a module and as a value, decides every condition", () => {
    const decl = {
      options: { x: mkOption({ type: types.int, default: 0 }), y: mkOption({ type: types.int, default: 0 }) },
    };
    const top = evalModules({
      modules: [decl, { config: nest(2000, { x: 3 } as unknown, (c) => mkIf(true, c)) }],
    }).config;
    expect(top.x).toBe(3);
    const off = nest(1999, mkIf(false, { x: 3 }) as unknown, (c) => mkIf(true, c));
    expect(evalModules({ modules: [decl, { config: off }] }).config.x).toBe(0);
    expect(evalModules({ modules: [decl, { y: nest(2000, 7 as unknown, (c) => mkIf(true, c)) }] }).config.y).toBe(7);
  });

  it("a value nested 10,000 deep is merged level by level as it is read", () => {
    const value = nest(10000, "bottom" as unknown, (v) => ({ a: v }));
    const { config } = evalModules({ modules: [{ options: { v: mkOption({ type: types.anything }) } }, { v: value }] });
    expect(dig(config.v, 10000)).toBe("bottom");
  });

  it("equal definitions of a list nested 10,000 deep merge; different ones conflict", () => {
    const decl = { options: { v: mkOption({ type: types.anything }) } };
    const list = (bottom: number) => nest(10000, bottom as unknown, (v) => [v]);
    let v = evalModules({ modules: [decl, { v: list(1) }, { v: list(1) }] }).config.v as unknown;
    for (let i = 0; i < 10000; i++) v = (v as unknown[])[0];
    expect(v).toBe(1);
    let error: unknown;
    try {
      void evalModules({ modules: [decl, { v: list(1) }, { v: list(2) }] }).config.v;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModuleError);
    expect((error as ModuleError).code).toBe("CONFLICT");
  });
});

describe("deepEqual", () => {
  it("reads parts in order and stops at the first difference", () => {
    const throws = () => {
      throw new Error("read");
    };
    expect(
      deepEqual(
        {
          a: 1,
          get b() {
            return throws();
          },
        },
        {
          a: 2,
          get b() {
            return throws();
          },
        },
      ),
    ).toBe(false);
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
});
