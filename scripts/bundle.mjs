#!/usr/bin/env node
// The second step of `npm run build`, after tsc: bundles the package root
// (dist/index.js), the module system alone (dist/modules/index.js, `tsden/modules`) and
// the binary (dist/cli/main.js) with esbuild into a few files whose
// shared code is in dist/chunks/, so that starting tsden reads a handful of files
// instead of two hundred (Node's ES module loader pays per file). The entries share
// the chunks: the binary and a project's `import ... from "tsden"` use one instance of
// every module. Code loaded on demand (a command, the error reports) is its own chunk.
// tsc's per-file output stays for the type declarations and source maps of the library.
//
// Paths computed from `import.meta.url` assume a file two folders below the package
// root (dist/<folder>/<file>.js), as in tsc's output; chunks are placed there too, and
// the build fails if such code ends up in dist/index.js.
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// esbuild as tsx (a dependency) has it installed
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))("esbuild");

rmSync(join(root, "dist/chunks"), { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ["src/index.ts", "src/modules/index.ts", "src/cli/main.ts"],
  outbase: "src",
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});
for (const out of Object.keys(result.metafile.outputs)) {
  if (!out.endsWith(".js") || relative("dist", out).split("/").length === 2) continue;
  if (readFileSync(join(root, out), "utf8").includes("import.meta.url")) {
    console.error(`bundle: ${out} uses import.meta.url but is not two folders below the package root`);
    process.exit(1);
  }
}
