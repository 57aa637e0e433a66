/** Loading a project folder: which files are modules, in which order, with which `_file`. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isModulePath, listModuleFiles, loadProject } from "../../src/project/index.js";

const fixtures = join(import.meta.dirname, "../fixtures");
const order = join(fixtures, "project-order");

/** The load order of test/fixtures/project-order: sorted segment by segment, `_` paths skipped. */
const expected = [
  "modules/a/c.ts",
  "modules/a.ts",
  "modules/b.ts",
  "modules/f.js",
  "modules/g.mjs",
  "modules/sub/d.ts",
  "modules/sub/deeper/e.ts",
];

describe("listModuleFiles", () => {
  it("lists .ts, .js and .mjs files in sorted path order, skipping `_` paths, .d.ts and other files", () => {
    expect(listModuleFiles(order)).toEqual(expected);
  });
});

describe("isModulePath", () => {
  it.each([
    ["modules/a.ts", true],
    ["modules/a.mjs", true],
    ["modules/a.js", true],
    ["modules/_a.ts", false],
    ["modules/_lib/a.ts", false],
    ["modules/x/_y/a.ts", false],
    ["modules//a.ts", false],
    ["modules/a.d.ts", false],
    ["modules/a.json", false],
  ])("%s → %s", (path, loaded) => {
    expect(isModulePath(path)).toBe(loaded);
  });
});

describe("loadProject", () => {
  it("imports every module file in order and gives each its `_file` relative to the project", async () => {
    const project = await loadProject(order);
    expect(project.files.map((f) => f.file)).toEqual(expected);
    expect(project.files.map((f) => (f.module as { loaded: string }).loaded)).toEqual(
      expected.map((f) => f.slice("modules/".length)),
    );
    expect(project.modules.map((m) => (m as { _file: string })._file)).toEqual(expected);
  });

  it("fails with PROJECT_NOT_FOUND for a folder without modules/", async () => {
    await expect(loadProject(join(fixtures, "project-order/modules"))).rejects.toMatchObject({
      code: "PROJECT_NOT_FOUND",
    });
    await expect(loadProject(join(fixtures, "does-not-exist"))).rejects.toMatchObject({ code: "PROJECT_NOT_FOUND" });
  });

  it("fails with INVALID_PROJECT_MODULE naming a file without a default export", async () => {
    await expect(loadProject(join(fixtures, "no-default"))).rejects.toMatchObject({
      code: "INVALID_PROJECT_MODULE",
      file: "modules/helper.ts",
    });
  });
});
