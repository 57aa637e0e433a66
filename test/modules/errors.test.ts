import { describe, expect, it } from "vitest";
import { evalModules, mkOption, ModuleError, types } from "../../src/index.js";

function caught(f: () => unknown): ModuleError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModuleError) return e;
    throw e;
  }
  throw new Error("expected a ModuleError");
}

const decl = {
  _file: "decl.ts",
  options: {
    services: { web: { port: mkOption({ type: types.port }), enable: mkOption({ type: types.bool, default: false }) } },
  },
};

describe("errors", () => {
  it("a type mismatch carries the code, the option path and the definitions with their files", () => {
    const e = caught(
      () =>
        evalModules({ modules: [decl, { _file: "bad.ts", services: { web: { port: "eighty" } } }] }).config.services.web
          .port,
    );
    expect(e.code).toBe("TYPE_MISMATCH");
    expect(e.optionPath).toEqual(["services", "web", "port"]);
    expect(e.definitions).toEqual([{ file: "bad.ts", value: "eighty" }]);
    expect(e.message).toContain("is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'");
    expect(e.hint).toBeDefined();
  });

  it("an unknown option suggests the closest names", () => {
    const e = caught(
      () => evalModules({ modules: [decl, { _file: "typo.ts", services: { web: { prot: 80 } } }] }).config,
    );
    expect(e.code).toBe("UNKNOWN_OPTION");
    expect(e.optionPath).toEqual(["services", "web", "prot"]);
    expect(e.hint).toBe("Did you mean `services.web.port'?");
    expect(e.message).toContain("- In `typo.ts': 80");
  });

  it("conflicting definitions name both files and how to resolve them", () => {
    const e = caught(
      () =>
        evalModules({
          modules: [
            decl,
            { _file: "a.ts", services: { web: { port: 1 } } },
            { _file: "b.ts", services: { web: { port: 2 } } },
          ],
        }).config.services.web.port,
    );
    expect(e.code).toBe("CONFLICT");
    expect(e.definitions.map((d) => d.file).sort()).toEqual(["a.ts", "b.ts"]);
    expect(e.message).toMatch(/mkForce/);
  });

  it("an option without value says so", () => {
    const e = caught(() => evalModules({ modules: [decl] }).config.services.web.port);
    expect(e.code).toBe("NO_VALUE");
    expect(e.message).toBe(
      "The option `services.web.port' was accessed but has no value defined. Try setting the option.\n\nDefine `services.web.port' in a module, or give its declaration a `default'.",
    );
  });
});
