/**
 * The layers of src/ depend downwards only (docs: /work/shared/design/architecture.md):
 * modules < aspects < store < os < microvm < host < project < cli. This test reads the import
 * and export-from statements (static and dynamic) of every src/**\/*.ts file and fails
 * when a file imports a higher layer. Layers meet at their `index.ts`: a file imports
 * another layer only through that layer's `src/<layer>/index.ts`, so what a layer offers
 * the layers above it is what its index exports. `src/index.ts` may import everything.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/** The layers, lowest first. */
const layers = ["modules", "aspects", "store", "os", "microvm", "host", "project", "cli"] as const;

const src = join(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The specifiers a file imports: `import/export ... from "x"`, `import "x"`, `import("x")`. */
function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const p of patterns) for (const m of code.matchAll(p)) found.push(m[1]!);
  return found;
}

/** The layer of a path under src/ (its first folder), or "root" for src/index.ts. */
function layerOf(path: string): string {
  const rel = relative(src, path).split(sep);
  return rel.length === 1 ? "root" : rel[0]!;
}

const rank = (layer: string) => layers.indexOf(layer as (typeof layers)[number]);

describe("architecture", () => {
  const files = sourceFiles(src);

  it("finds imports in the forms the sources use", () => {
    expect(
      importSpecifiers(
        `import { a } from "./a.js";\nimport type {\n  B,\n} from '../b.js';\nexport * from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");\n// import x from "./ignored.js";`,
      ),
    ).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
  });

  it("puts every source file in a known layer (or is src/index.ts)", () => {
    const stray = files.filter((f) => {
      const layer = layerOf(f);
      return layer === "root" ? relative(src, f) !== "index.ts" : rank(layer) < 0;
    });
    expect(stray.map((f) => relative(src, f))).toEqual([]);
  });

  /** Each import of a file in a layer from another layer or the package root: where it points. */
  const crossings = files.flatMap((file) => {
    const from = layerOf(file);
    if (from === "root") return [];
    return importSpecifiers(readFileSync(file, "utf8")).flatMap((spec) => {
      const path = spec.startsWith(".") ? resolve(dirname(file), spec) : undefined;
      const target = path ? layerOf(path) : spec === "tsden" ? "root" : undefined;
      if (target === undefined || target === from) return [];
      return [{ file: `src/${relative(src, file)}`, from, spec, target, path }];
    });
  });

  it("has no import from a lower layer into a higher one", () => {
    const upward = crossings.filter((c) => c.target === "root" || rank(c.target) > rank(c.from));
    expect(upward.map((c) => `${c.file} (${c.from}) imports ${c.spec} (${c.target})`)).toEqual([]);
  });

  it("imports another layer only through its index.ts", () => {
    const inside = crossings.filter((c) => c.path && relative(join(src, c.target), c.path) !== "index.js");
    expect(inside.map((c) => `${c.file} imports ${c.spec}: import src/${c.target}/index.ts instead`)).toEqual([]);
  });

  it("keeps references and properties inside the module system", async () => {
    // what upper layers may know of a value written in a module: `force` (and `lazy`,
    // `isLazy`) from the module system's index, never the proxies or property classes
    const internals = [
      ...["deref", "isRef", "refOf", "makeRef"],
      ...["MkIf", "MkMerge", "MkOverride", "MkOrder", "discharge", "evalCondition"],
    ];
    const exported = Object.keys(await import("../src/modules/index.js"));
    expect(exported.filter((n) => internals.includes(n))).toEqual([]);
    expect(exported).toContain("force");
  });
});
