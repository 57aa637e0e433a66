// importApply: a module file exporting a function of a static argument, applied and
// located at the file; it has no key, so disabling the file does not disable it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalModules, importApply, mkOption } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsden-import-apply-"));
const file = join(dir, "with-arg.cjs");
writeFileSync(file, "module.exports = ({ foo }) => ({ config }) => ({ value: foo });\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decl = { options: { value: mkOption({ default: "unset" }) } };

describe("importApply", () => {
  it("applies the file's function to the argument", () => {
    const r = evalModules({ modules: [decl, importApply(file, { foo: "abc" })] });
    expect(r.config.value).toBe("abc");
  });

  it("names the file in the definitions", () => {
    const r = evalModules({ modules: [decl, importApply(file, { foo: "abc" })] });
    expect(r.options.value.files).toEqual([file]);
  });

  it("is not disabled by disabling its file (each application is a module of its own)", () => {
    const r = evalModules({
      modules: [decl, { imports: [importApply(file, { foo: "abc" })], disabledModules: [file] }],
    });
    expect(r.config.value).toBe("abc");
  });

  it("a file that does not export a function is an error naming it", () => {
    const bad = join(dir, "not-a-function.cjs");
    writeFileSync(bad, "module.exports = { value: 1 };\n");
    expect(() => importApply(bad, {})).toThrow(/does not export a function/);
  });
});
