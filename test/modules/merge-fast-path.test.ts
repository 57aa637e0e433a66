import { describe, expect, it } from "vitest";
import {
  evalModules,
  mergeEqualOption,
  mkDefault,
  mkForce,
  mkIf,
  mkOption,
  mkOptionType,
  types,
  ModuleError,
} from "../../src/index.js";

const evalOne = (type: ReturnType<typeof mkOptionType>, ...defs: unknown[]) =>
  evalModules({ modules: [{ options: { v: mkOption({ type }) } }, ...defs.map((v, i) => ({ _file: `m${i}.ts`, v }))] })
    .config.v;

describe("options of primitive definitions skip the pipeline only when the type allows it", () => {
  it("a custom type merged by mergeEqualOption is marked so", () => {
    const even = mkOptionType({
      name: "even",
      check: (v) => Number.isInteger(v) && (v as number) % 2 === 0,
      merge: mergeEqualOption,
    });
    expect(even.mergesEqual?.(2)).toBe(true);
    expect(evalOne(even, 2, mkIf(true, 2), mkDefault(4))).toBe(2);
  });

  it("a custom merge still sees equal definitions (they are not collapsed)", () => {
    const joined = mkOptionType<string>({
      name: "joined",
      check: (v) => typeof v === "string",
      merge: (_loc, defs) => defs.map((d) => d.value).join("+"),
    });
    expect(joined.mergesEqual).toBeUndefined();
    expect(evalOne(joined, "a", "a")).toBe("a+a");
  });

  it("different values at the winning priority are still a conflict naming both files", () => {
    try {
      evalOne(types.int, 1, 2, mkDefault(3));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModuleError);
      expect((e as ModuleError).code).toBe("CONFLICT");
      expect((e as ModuleError).message).toContain("In `m0.ts': 1");
      expect((e as ModuleError).message).toContain("In `m1.ts': 2");
    }
  });

  it("a wrong value is still a type error, also when a higher priority wins elsewhere", () => {
    expect(() => evalOne(types.int, "x")).toThrow(/is not of type `signed integer'/);
    expect(evalOne(types.int, "x" as unknown as number, mkForce(3))).toBe(3);
  });

  it("nullOr takes null or the element's rule", () => {
    expect(evalOne(types.nullOr(types.int), null, mkIf(false, 3))).toBe(null);
    expect(evalOne(types.nullOr(types.str), "a", "a")).toBe("a");
    expect(() => evalOne(types.nullOr(types.int), null, 1)).toThrow(/defined both null and not null/);
  });
});
