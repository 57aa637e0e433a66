/**
 * The binary loads only what a verb uses: the modules `src/cli/main.ts` imports
 * statically (what `tsden --help` and `--version` load) stay inside the CLI's own
 * dispatch files; each command, and with it the layers below, is imported on demand.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "../../src");

/** The relative specifiers a file imports statically (not `import type`, not `import()`). */
function staticImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)(\s+type\b)?[^'"`;]*?\bfrom\s*["']([^"']+)["']/gm))
    if (!m[2]) found.push(m[3]!);
  for (const m of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) found.push(m[1]!);
  return found.filter((s) => s.startsWith("."));
}

/** The source files loaded when `entry` is imported, following static imports only. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, "utf8")))
      visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
  };
  visit(entry);
  return [...seen].map((f) => relative(src, f)).sort();
}

describe("lazy loading of the CLI", () => {
  it("follows static imports and skips type-only and dynamic ones", () => {
    expect(
      staticImports(
        `import { a } from "./a.js";\nimport type { B } from "./b.js";\nexport { c } from "./c.js";\nconst d = await import("./d.js");\nimport "./e.js";`,
      ),
    ).toEqual(["./a.js", "./c.js", "./e.js"]);
  });

  it("starts without importing any command or any layer below the CLI", () => {
    const loaded = staticClosure(join(src, "cli/main.ts"));
    expect(loaded).toContain("cli/verbs.ts");
    expect(loaded.filter((f) => !f.startsWith("cli/") || f.startsWith("cli/commands/"))).toEqual([]);
  });
});
