/**
 * Stacks through compiled project files name the sources: a frame in the compiled
 * folder is shown at the place its source map gives, the map being read only when the
 * stack is shown; stacks with no such frame are left to the `prepareStackTrace` that
 * was there before.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileFunction } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { mapCompiledStacks } from "../../src/project/compiled-stacks.js";

const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))(
  "esbuild",
) as typeof import("esbuild");

const source = [
  "type T = { a: number };",
  "const t: T = { a: 1 };",
  "",
  "export function boom(): never {",
  "  throw new Error(`boom ${t.a}`);",
  "}",
  "",
].join("\n");

/** `source` compiled into `dir` (as the compile cache keeps a module), its map written beside it only when asked. */
function compiled(dir: string): { boom: () => never; writeMap: () => void; sourceUrl: string } {
  const sourceUrl = pathToFileURL(join(dir, "main.ts")).href;
  const out = esbuild.transformSync(source, {
    loader: "ts",
    format: "cjs",
    sourcemap: "external",
    sourcefile: sourceUrl,
  });
  const file = join(dir, "main.mjs");
  writeFileSync(file, out.code);
  const module = { exports: {} as { boom: () => never } };
  compileFunction(out.code, ["exports", "module"], { filename: pathToFileURL(file).href })(module.exports, module);
  const map = JSON.parse(out.map) as { sources: string[] };
  map.sources = [sourceUrl];
  return { boom: module.exports.boom, writeMap: () => writeFileSync(`${file}.map`, JSON.stringify(map)), sourceUrl };
}

function stackOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).stack ?? "";
  }
  return "";
}

describe("stacks through compiled project files", () => {
  const before = Error.prepareStackTrace;
  afterAll(() => {
    Error.prepareStackTrace = before;
  });
  const dir = mkdtempSync(join(tmpdir(), "tsden-stacks-"));
  Error.prepareStackTrace = (error) => `previous: ${(error as Error).message}`;
  const { boom, writeMap, sourceUrl } = compiled(dir);
  mapCompiledStacks(pathToFileURL(`${dir}/`).href);
  writeMap(); // after the module was loaded and the folder named: read when a stack is shown

  it("shows a compiled file's frame at its source file and line", () => {
    const stack = stackOf(boom);
    expect(stack.split("\n")[0]).toBe("Error: boom 1");
    expect(stack).toMatch(
      new RegExp(`\\n    at boom \\(${sourceUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:\\d+\\)`),
    );
    expect(stack).not.toContain("main.mjs");
  });

  it("leaves a stack without compiled frames to the prepareStackTrace set before", () => {
    expect(new Error("elsewhere").stack).toBe("previous: elsewhere");
  });
});
