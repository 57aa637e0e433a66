// JavaScript's stack running out is never passed on bare: outside any option's
// computation it becomes STACK_OVERFLOW naming what ran out (the module), inside one
// the too-deep evaluation error with the innermost options. Other RangeErrors are the
// user's own errors and pass unchanged.
import { describe, expect, it } from "vitest";
import { evalModules, ModuleError, mkOption, types } from "../../../src/index.js";
import { isStackOverflow } from "../../../src/modules/errors/stack-overflow.js";

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

/** Recurses until the stack runs out. */
const endless = (n: number): number => endless(n + 1) + 1;

describe("stack overflows", () => {
  it("a module function that recurses without end is STACK_OVERFLOW naming its file", () => {
    const e = caught(
      () => evalModules({ modules: [{ _file: "loops.ts", imports: [() => ({ x: endless(0) })] }] }).config,
    ) as ModuleError;
    expect(e).toBeInstanceOf(ModuleError);
    expect(e.code).toBe("STACK_OVERFLOW");
    expect(e.message).toMatch(/^The module `loops\.ts' went too deep: JavaScript's stack ran out/);
    expect(e.definitions.map((d) => d.file)).toEqual(["loops.ts"]);
    expect(e.hint).toMatch(/recurses without end/);
    expect((e as { cause?: unknown }).cause).toBeInstanceOf(RangeError);
  });

  it("inside an option's computation, it is the too-deep evaluation error with the option", () => {
    const sub = types.submodule({ options: { y: mkOption({ type: types.int, default: 0 }) } });
    const modules = [
      { _file: "decl.ts", options: { s: mkOption({ type: sub }) } },
      { _file: "def.ts", s: () => ({ y: endless(0) }) },
    ];
    const e = caught(() => evalModules({ modules }).config.s.y) as ModuleError;
    expect(e).toBeInstanceOf(ModuleError);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.message).toMatch(/too deep while computing `s/);
  });

  it("a RangeError that is not a stack overflow is the user's error, passed on as it is", () => {
    const modules = [
      { options: { n: mkOption({ type: types.int }) } },
      {
        get n(): number {
          return new Array(-1).length;
        },
      },
    ];
    const e = caught(() => evalModules({ modules }).config.n);
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toBe("Invalid array length");
  });

  it("telling a stack overflow runs no code of the thrown value", () => {
    const hostile = new Proxy(new RangeError("Maximum call stack size exceeded"), {
      getPrototypeOf() {
        throw new Error("trap");
      },
    });
    expect(isStackOverflow(hostile)).toBe(false);
    expect(isStackOverflow(caught(() => endless(0)))).toBe(true);
    expect(isStackOverflow(new RangeError("Invalid array length"))).toBe(false);
  });
});
