/**
 * The files that make a new project understood by an editor and by `tsc` at once: a
 * `package.json` (ES modules, a `check` script) and a `tsconfig.json` whose `paths`
 * map `tsden` (and `tsden/<layer>`) to the running tsden's declarations, so tsserver
 * and `tsc --noEmit` resolve `import ... from "tsden"` without an install, with Node's
 * types from tsden's own dependencies when they are there. A file of the same name
 * that the template brings, or that is already in the folder, is kept.
 */
import { existsSync, lstatSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of the running tsden's package (holding `dist/` and `package.json`). */
function tsdenRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

/** The `tsconfig.json` of a project, for the running tsden. */
export function projectTsconfig(root: string = tsdenRoot()): Record<string, unknown> {
  const typeRoot = join(root, "node_modules", "@types");
  const nodeTypes = existsSync(join(typeRoot, "node"));
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      // `import ... from "tsden"` is the tsden that runs this project
      paths: {
        tsden: [join(root, "dist", "index.d.ts")],
        "tsden/*": [join(root, "dist", "*", "index.d.ts")],
      },
      ...(nodeTypes ? { typeRoots: [typeRoot], types: ["node"] } : {}),
    },
    include: ["**/*.ts", "**/*.mts"],
    exclude: ["node_modules", "result", "result-*"],
  };
}

/** The `package.json` of a project in the folder `dir`. */
export function projectPackageJson(dir: string): Record<string, unknown> {
  const name =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+/, "") || "tsden-project";
  return { name, private: true, type: "module", scripts: { check: "tsc --noEmit -p ." } };
}

/** Writes the editor files into `dir` where missing; returns the names written. */
export function writeEditorFiles(dir: string): string[] {
  const written: string[] = [];
  const files: [string, unknown][] = [
    ["package.json", projectPackageJson(dir)],
    ["tsconfig.json", projectTsconfig()],
  ];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (lstatSync(path, { throwIfNoEntry: false }) !== undefined) continue; // kept, even a link: never written through

    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { flag: "wx" });
    written.push(name);
  }
  return written;
}
