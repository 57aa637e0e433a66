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
// A command that loads a project has the whole library loaded anyway (the project's
// files `import "tsden"`); in the bundle such a command (a module the CLI imports
// dynamically that imports the project layer) also imports the package root, so that
// the library is a few large chunks shared by the root and those commands instead of
// dozens of small ones: every file costs a read, and every import a resolution, each
// time tsden starts. Commands that load no project stay as small as before.
//
// Paths computed from `import.meta.url` assume a file two folders below the package
// root (dist/<folder>/<file>.js), as in tsc's output; chunks are placed there too, and
// the build fails if such code ends up in dist/index.js.
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// esbuild as tsx (a dependency) has it installed
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))("esbuild");

const cli = join(root, "src/cli");
const commands = new Set();
/** The plugin that has the commands that load a project import the package root (see above). */
const libraryWithCommands = {
  name: "library-with-commands",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === "dynamic-import" && args.importer.startsWith(`${cli}/`))
        commands.add(resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")));
      return undefined;
    });
    build.onLoad({ filter: /\/src\/cli\/.*\.ts$/ }, (args) => {
      if (!commands.has(args.path)) return undefined;
      const text = readFileSync(args.path, "utf8");
      if (!/from "(\.\.\/)+project\//.test(text)) return undefined;
      const index = relative(dirname(args.path), join(root, "src/index.js"));
      return { contents: `${text}\nimport ${JSON.stringify(index)};\n`, loader: "ts" };
    });
  },
};

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
  plugins: [libraryWithCommands],
  logLevel: "warning",
});
for (const out of Object.keys(result.metafile.outputs)) {
  if (!out.endsWith(".js") || relative("dist", out).split("/").length === 2) continue;
  if (readFileSync(join(root, out), "utf8").includes("import.meta.url")) {
    console.error(`bundle: ${out} uses import.meta.url but is not two folders below the package root`);
    process.exit(1);
  }
}
