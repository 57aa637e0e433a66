// Unit tests of src/modules/assertions.ts beyond the conformance table (assertions.cases.ts).
import { describe, expect, it } from "vitest";
import { assertionsModule, checkAssertions, evalModules, ModuleError } from "../../src/index.js";

const failure = (f: () => unknown): ModuleError => {
  try {
    f();
  } catch (e) {
    return e as ModuleError;
  }
  throw new Error("expected an error");
};

describe("checkAssertions", () => {
  it("takes an evaluation result or its config, and returns the warnings", () => {
    const r = evalModules({
      modules: [assertionsModule, { warnings: ["w"], assertions: [{ assertion: true, message: "ok" }] }],
    });
    expect(checkAssertions(r)).toEqual(["w"]);
    expect(checkAssertions(r.config)).toEqual(["w"]);
  });

  it("reports every failure in one error, worded as NixOS", () => {
    const r = evalModules({
      modules: [
        assertionsModule,
        {
          assertions: [
            { assertion: false, message: "a" },
            { assertion: false, message: "b" },
          ],
        },
        { warnings: ["w"] },
      ],
    });
    const e = failure(() => checkAssertions(r));
    expect(e).toBeInstanceOf(ModuleError);
    expect(e.code).toBe("ASSERTION_FAILED");
    expect(e.message).toBe("Failed assertions:\n- a\n- b");
    expect(e.optionPath).toEqual(["assertions"]);
  });

  it("passes an evaluation without the assertions module", () => {
    expect(checkAssertions(evalModules({ modules: [] }))).toEqual([]);
  });

  it("is deduplicated when imported twice", () => {
    const r = evalModules({ modules: [assertionsModule, { imports: [assertionsModule], warnings: ["once"] }] });
    expect(r.config.warnings).toEqual(["once"]);
  });

  it("checks assertion entries: message must be a string", () => {
    const r = evalModules({ modules: [assertionsModule, { assertions: [{ assertion: false, message: 1 }] }] });
    expect(failure(() => checkAssertions(r)).code).toBe("TYPE_MISMATCH");
  });
});
