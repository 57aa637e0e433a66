// nixpkgs' `type.functor` on every option type: name and payload for type merging, and
// the deprecated `wrapped` (reading it warns; under TSDEN_ABORT_ON_WARN it is an error).
import { afterEach, describe, expect, it, vi } from "vitest";
import { evalModules, mkOption, mkOptionType, ModuleError, types } from "../../../src/index.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

const strings = () => types.listOf(types.str);

describe("functor", () => {
  it("names the type as type merging compares it, with the payload", () => {
    expect(types.int.functor.name).toBe("int");
    expect(types.ints.between(1, 3).functor.name).toBe("int");
    expect(types.pathWith({ inStore: true }).functor.payload).toEqual({ inStore: true, absolute: null });
  });

  it("functor.wrapped of a type built on another is its element type, with a deprecation warning", () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      // A message of its own (warnings show once per message): the type of a fresh option.
      const t = types.attrsOf(strings());
      expect(t.functor.wrapped?.description).toBe("list of string");
      expect(emit).toHaveBeenCalledWith(
        expect.stringMatching(
          /The deprecated `functor.wrapped` attribute is accessed, use `nestedTypes.elemType` instead./,
        ),
        expect.anything(),
      );
    } finally {
      emit.mockRestore();
    }
  });

  it("under TSDEN_ABORT_ON_WARN, reading functor.wrapped is a WARNING error naming nestedTypes.elemType", () => {
    vi.stubEnv("TSDEN_ABORT_ON_WARN", "1");
    for (const t of [
      types.listOf(strings()),
      types.nullOr(strings()),
      types.unique({ message: "" }, strings()),
      types.functionTo(strings()),
      types.either(strings(), strings()),
      types.coercedTo(strings(), (x) => x, strings()),
    ]) {
      let caught: unknown;
      try {
        void t.functor.wrapped;
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ModuleError);
      expect((caught as ModuleError).code).toBe("WARNING");
      expect((caught as ModuleError).message).toMatch(
        /The deprecated `.*functor.wrapped` attribute .*is accessed, use `.*nestedTypes.elemType` instead./,
      );
    }
  });

  it("a type without an element type has no wrapped type and does not warn", () => {
    vi.stubEnv("TSDEN_ABORT_ON_WARN", "1");
    expect(types.str.functor.wrapped).toBeNull();
  });

  it("a custom type giving both functor.payload and functor.wrapped cannot be declared twice", () => {
    const foo = mkOptionType({ name: "foo", functor: { name: "foo", wrapped: types.int, payload: 10 } });
    const r = evalModules({
      modules: [{ options: { foo: mkOption({ type: foo }) } }, { options: { foo: mkOption({ type: foo }) } }],
    });
    expect(() => r.options.foo.type).toThrow(
      "Type foo defines both `functor.payload` and `functor.wrapped` at the same time, which is not supported.",
    );
  });

  it("a custom type's functor merges by its binOp", () => {
    const make = (n: number): any =>
      mkOptionType({
        name: "sized",
        functor: { name: "sized", payload: n, binOp: (a: number, b: number) => Math.max(a, b), type: make },
      });
    const r = evalModules({
      modules: [{ options: { s: mkOption({ type: make(2) }) } }, { options: { s: mkOption({ type: make(5) }) } }],
    });
    expect(r.options.s.type.functor.payload).toBe(5);
  });
});
