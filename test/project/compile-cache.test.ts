/**
 * The compile cache of project modules, through the real binary: a second run imports
 * the kept compiled files, and an edit to a module file or to a helper it imports is
 * seen by the next run; a project the cache cannot compile faithfully is loaded through
 * the runtime compiler, and errors still name the project's source lines.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../dist/cli/main.js");

/** A project folder and a cache folder of its own. */
function setup(files: Record<string, string>): { root: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), "tsden-cc-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, env: { ...process.env, XDG_CACHE_HOME: join(root, ".cache-home") } };
}

function evalJson(root: string, env: NodeJS.ProcessEnv, path: string): unknown {
  return JSON.parse(
    execFileSync(process.execPath, [bin, "eval", path, "--project", root, "--json"], { encoding: "utf8", env }),
  );
}

/** The manifest of the one project in a cache folder. */
function manifest(env: NodeJS.ProcessEnv): { build: string | null; inputs: Record<string, string> } {
  const dir = join(env.XDG_CACHE_HOME!, "tsden", "modules");
  const [project] = readdirSync(dir);
  return JSON.parse(readFileSync(join(dir, project!, "manifest.json"), "utf8"));
}

const helper = (n: number) => `export const base: number = ${n};\n`;
const main = (k: number) =>
  `import { base } from "./_lib/base.js";\nexport default { flake: { value: base + ${k} } };\n`;

describe("compile cache", () => {
  it("keeps the compiled modules and sees every edit to a module or a helper", () => {
    const { root, env } = setup({ "modules/_lib/base.ts": helper(40), "modules/main.ts": main(2) });
    expect(evalJson(root, env, "value")).toBe(42);
    const first = manifest(env);
    expect(first.build).not.toBeNull();
    expect(Object.keys(first.inputs).sort()).toEqual([
      join(root, "modules/_lib/base.ts"),
      join(root, "modules/main.ts"),
    ]);
    // a second run uses the same build
    expect(evalJson(root, env, "value")).toBe(42);
    expect(manifest(env).build).toBe(first.build);
    // an edit to the module file
    writeFileSync(join(root, "modules/main.ts"), main(3));
    expect(evalJson(root, env, "value")).toBe(43);
    // an edit to the helper only
    writeFileSync(join(root, "modules/_lib/base.ts"), helper(100));
    expect(evalJson(root, env, "value")).toBe(103);
    expect(manifest(env).build).not.toBe(first.build);
    // a new module file
    writeFileSync(join(root, "modules/more.ts"), `export default { flake: { more: "yes" } };\n`);
    expect(evalJson(root, env, "more")).toBe("yes");
  });

  it("loads a module that uses import.meta beyond url through the runtime compiler", () => {
    const { root, env } = setup({
      "modules/data.json": `{ "answer": 7 }\n`,
      "modules/main.ts": `import { readFileSync } from "node:fs";\nconst data = JSON.parse(readFileSync(new URL(import.meta.resolve("./data.json")), "utf8"));\nexport default { flake: { answer: data.answer } };\n`,
    });
    expect(evalJson(root, env, "answer")).toBe(7);
    expect(manifest(env).build).toBeNull();
  });

  it("gives compiled modules their source file's import.meta.url", () => {
    const { root, env } = setup({
      "modules/data.json": `{ "answer": 8 }\n`,
      "modules/main.ts": `import { readFileSync } from "node:fs";\nconst data = JSON.parse(readFileSync(new URL("./data.json", import.meta.url), "utf8"));\nexport default { flake: { answer: data.answer, dir: import.meta.dirname } };\n`,
    });
    expect(evalJson(root, env, "answer")).toBe(8);
    expect(evalJson(root, env, "dir")).toBe(join(root, "modules"));
    expect(manifest(env).build).not.toBeNull();
  });

  it("reports an error thrown in a compiled module at its source line", () => {
    const { root, env } = setup({
      "modules/main.ts": `type T = { a: number };\nconst t: T = { a: 1 };\nexport default { flake: { get boom(): number { throw new Error("boom at line 3 " + t.a); } } };\n`,
    });
    const r = spawnSync(process.execPath, [bin, "eval", "boom", "--project", root], { encoding: "utf8", env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("boom at line 3 1");
    expect(r.stderr).toContain("--> modules/main.ts:3:");
    expect(manifest(env).build).not.toBeNull();
  });
});
