// A module that imports itself, directly or through other modules, is an error naming
// it and the chain: its imports would never end (nixpkgs collects every import before
// deduplicating by key, so such a module never ends there either: "stack overflow
// (possible infinite recursion)"). A module imported from several places is no cycle
// and is loaded once.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalModules, ModuleError, mkOption, types } from "../../src/index.js";
import { MAX_IMPORT_DEPTH, noteModuleFile } from "../../src/modules/collect.js";

const decl = { _file: "decl.ts", options: { x: mkOption({ type: types.listOf(types.int), default: [] }) } };

function caught(f: () => unknown): ModuleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleError);
    return e as ModuleError;
  }
  throw new Error("expected an error");
}

describe("import cycles", () => {
  it("a module importing itself names its file", () => {
    const self: { _file: string; imports: unknown[]; x: number[] } = { _file: "self.ts", imports: [], x: [1] };
    self.imports.push(self);
    const e = caught(() => evalModules({ modules: [decl, self] }).config.x);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.message).toContain("The module `self.ts' imports itself, so its imports never end.");
    expect(e.definitions.map((d) => d.file)).toEqual(["self.ts"]);
    expect(e.hint).toContain("Remove the import that closes the cycle (in `self.ts')");
  });

  it("two modules importing each other name the chain, and where it closes", () => {
    const a: { _file: string; imports: unknown[] } = { _file: "a.ts", imports: [] };
    const b = { _file: "b.ts", imports: [a] };
    a.imports.push(b);
    const e = caught(() => evalModules({ modules: [decl, { _file: "top.ts", imports: [a] }] }).config.x);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.message).toContain(
      "The module `a.ts' imports itself through other modules, so its imports never end:\n  a.ts\n  -> b.ts\n  -> a.ts",
    );
    expect(e.definitions.map((d) => d.file)).toEqual(["b.ts", "a.ts"]);
  });

  it("a module function whose result imports the function", () => {
    const f = (): unknown => ({ _file: "fn.ts", imports: [f] });
    expect(caught(() => evalModules({ modules: [decl, f] }).config.x).message).toContain("imports itself");
  });

  it("a module file importing its own path", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsden-import-cycle-"));
    try {
      const file = join(dir, "self.cjs");
      writeFileSync(file, `module.exports = { imports: [${JSON.stringify(file)}], x: [1] };\n`);
      const e = caught(() => evalModules({ modules: [decl, file] }).config.x);
      expect(e.code).toBe("INFINITE_RECURSION");
      expect(e.message).toContain(`The module \`${file}' imports itself`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a module imported from several places, or twice in one list, is no cycle and is loaded once", () => {
    const shared = { key: "shared", _file: "shared.ts", x: [7] };
    const a = { _file: "a.ts", imports: [shared, shared] };
    const b = { _file: "b.ts", imports: [{ imports: [shared] }, a] };
    expect(evalModules({ modules: [decl, a, b] }).config.x).toEqual([7]);
  });

  it("imports that make a new module at each level without end are stopped", () => {
    const endless = (): unknown => ({ _file: "endless.ts", imports: [() => endless()] });
    const e = caught(() => evalModules({ modules: [decl, endless] }).config.x);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.message).toContain(`Imports are nested more than ${MAX_IMPORT_DEPTH} modules deep`);
    expect(e.definitions.map((d) => d.file)).toEqual(["endless.ts"]);
  });
});

describe("import cycles through the modules of files", () => {
  it("a module value noted as a file's is named by that file in the chain", () => {
    const a: { imports: unknown[] } = { imports: [] };
    const b = { imports: [a] };
    a.imports.push(b);
    noteModuleFile(a, "modules/a.ts");
    noteModuleFile(b, "modules/b.ts");
    const e = caught(() => evalModules({ modules: [decl, { _file: "modules/a.ts", imports: [a] }] }).config.x);
    expect(e.message).toContain(
      "The module `modules/a.ts' imports itself through other modules, so its imports never end:\n  modules/a.ts\n  -> modules/b.ts\n  -> modules/a.ts",
    );
    expect(e.hint).toContain("(in `modules/b.ts')");
  });
});
