#!/usr/bin/env node
// The second step of `npm run build`, after tsc: builds what the package runs.
//
// - dist/cli/tsden-modules.js and dist/cli/tsden-script.js: tsden bundled by esbuild
//   into two scripts, the module system and the rest (every other layer, the CLI's
//   commands and error reports), which dist/cli/tsden-loader.js
//   (scripts/tsden-loader.js) runs at most once per process each, compiled from a V8
//   code cache after the first run. Node 20 keeps no compiled code for ES modules, and
//   parsing and compiling tsden's sources was most of what starting it cost; two files
//   also spare the ES module loader's per-file reads and resolutions.
// - dist/index.js and dist/modules/index.js: ES modules exporting the names of the
//   package root and of `tsden/modules` from that one instance (`tsden/modules` runs
//   the module system's script alone), so the binary, a project's
//   `import ... from "tsden"` and a program importing both entries share every option
//   type and property.
// - dist/cli/main.js: the binary, an ES module with the CLI's dispatch only
//   (src/cli/main.ts): `tsden --help` and `--version` are answered there; any other
//   command runs in the script (its `run.ts`), so every class a command or its error
//   report checks with `instanceof` is the script's.
//
// In the scripts, `import.meta.url` is the script's own URL, two folders below the
// package root as every file of tsc's output is, so paths computed from it are the
// same; no module exports a binding it reassigns (the rest takes the module system's
// names once). tsc's per-file output stays for the type declarations.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runInThisContext } from "node:vm";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// esbuild as tsx (a dependency) has it installed
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))("esbuild");
const src = join(root, "src");
const cli = join(src, "cli");

/** The `.ts` files under `dir`. */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

// The modules the CLI imports on demand (commands, error reports): the rest's script
// exposes each, and the binary's dispatch reaches them there.
const onDemand = new Map();
for (const file of sources(cli))
  for (const m of readFileSync(file, "utf8").matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g)) {
    const target = resolve(dirname(file), m[1].replace(/\.js$/, ".ts"));
    if (!onDemand.has(target)) onDemand.set(target, `__cli${onDemand.size}`);
  }
const runTs = join(cli, "run.ts");
onDemand.set(runTs, "__cliRun");

/** `code` with every `import(...)` call left in it (a package or a file found at run time) calling `__import`. */
function withImportParameter(code) {
  const file = ts.createSourceFile("tsden-script.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const at = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      at.push(node.expression.getStart(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = "";
  let from = 0;
  for (const pos of at.sort((a, b) => a - b)) {
    out += `${code.slice(from, pos)}__import`;
    from = pos + "import".length;
  }
  return out + code.slice(from);
}

// 1. The scripts. The module system (src/modules) is a script of its own,
//    dist/cli/tsden-modules.js, exporting each of its files' names (`__f<n>`), so that
//    `tsden/modules` runs it alone; the rest, dist/cli/tsden-script.js, reaches the
//    module system's files through that script's exports (its `__modulesScript`), and
//    exports the package root's names and one `__cli<n>` per module the CLI loads on
//    demand.
const modulesDir = join(src, "modules");
const inModules = (path) => path.startsWith(`${modulesDir}/`);
// the module system's entry first: its files are evaluated in the order its imports give
const moduleFiles = new Map(
  [join(modulesDir, "index.ts"), ...sources(modulesDir).filter((p) => p !== join(modulesDir, "index.ts"))].map(
    (path, i) => [path, `__f${i}`],
  ),
);
const define = {
  "import.meta.url": "__tsdenScriptUrl",
  "import.meta.dirname": "__dirname",
  "import.meta.filename": "__filename",
};
// Node's built-ins that only some commands use (processes, sockets, archives, the
// terminal, hashes) are loaded when a name of theirs is first read: a script's modules
// all run their imports when it starts, and loading these took about 5% of a warm
// `eval` (which needs only node:crypto of them, to check the compile cache).
const lazyBuiltin = `const __lazyBuiltin = (id) => { let m; const get = () => (m ??= require(id)); return new Proxy({}, {
  get: (_, key) => get()[key],
  has: (_, key) => key in get(),
  ownKeys: () => Reflect.ownKeys(get()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(get(), key);
    return d === undefined ? undefined : { ...d, configurable: true };
  },
}); };`;
async function buildScript(contents, plugins) {
  const built = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: "tsden-script-entry.js", loader: "js" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    define,
    plugins,
    write: false,
    logLevel: "warning",
  });
  const body = withImportParameter(built.outputFiles[0].text).replace(
    /\brequire\("(node:(?:child_process|crypto|fs\/promises|net|readline|worker_threads|zlib))"\)/g,
    '__lazyBuiltin("$1")',
  );
  return (
    `(function (exports, require, module, __filename, __dirname, __import, __modulesScript) {"use strict"; ` +
    `const __tsdenScriptUrl = require("node:url").pathToFileURL(__filename).href; ${lazyBuiltin}\n${body}\n})`
  );
}
/** Imports of the module system's files from the rest: that script's exports of the file. */
const fromModulesScript = {
  name: "from-modules-script",
  setup(build) {
    build.onResolve({ filter: /^[./]/ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      if (!moduleFiles.has(target) || inModules(args.importer)) return undefined;
      return { path: target, namespace: "modules-script" };
    });
    build.onLoad({ filter: /.*/, namespace: "modules-script" }, (args) => {
      const name = moduleFiles.get(args.path);
      const list = Object.keys(modulesExports[name]);
      return {
        contents: list.length === 0 ? "" : `export const { ${list.join(", ")} } = __modulesScript.${name};`,
        loader: "js",
      };
    });
  },
};
const modulesText = await buildScript(
  [...moduleFiles].map(([path, name]) => `export * as ${name} from ${JSON.stringify(path)};`).join("\n"),
  [],
);
const modulesPath = join(root, "dist/cli/tsden-modules.js");
const modulesExports = runScript(modulesText, modulesPath, undefined);
const scriptText = await buildScript(
  [
    `export * from ${JSON.stringify(join(src, "index.ts"))};`,
    ...[...onDemand].map(([path, name]) => `export * as ${name} from ${JSON.stringify(path)};`),
  ].join("\n"),
  [fromModulesScript],
);
const scriptPath = join(root, "dist/cli/tsden-script.js");
writeFileSync(modulesPath, modulesText);
writeFileSync(scriptPath, scriptText);
copyFileSync(join(root, "scripts/tsden-loader.js"), join(root, "dist/cli/tsden-loader.js"));

// 2. The names each entry exports, read from the scripts themselves.
function runScript(text, path, modulesScript) {
  const module = { exports: {} };
  runInThisContext(text, { filename: path })(
    module.exports,
    createRequire(path),
    module,
    path,
    dirname(path),
    (specifier) => import(specifier),
    modulesScript,
  );
  return module.exports;
}
const exportsOf = runScript(scriptText, scriptPath, modulesExports);
const names = (object) => Object.keys(object).filter((n) => !n.startsWith("__"));
const facade = (loader, expression, list) =>
  `import { tsden, tsdenModules } from ${JSON.stringify(loader)};\nexport const { ${list.join(", ")} } = ${expression};\n`;
writeFileSync(join(root, "dist/index.js"), facade("./cli/tsden-loader.js", "tsden()", names(exportsOf)));
const modulesIndex = moduleFiles.get(join(modulesDir, "index.ts"));
writeFileSync(
  join(root, "dist/modules/index.js"),
  facade("../cli/tsden-loader.js", `tsdenModules().${modulesIndex}`, names(modulesExports[modulesIndex])),
);
for (const stale of ["dist/index.js.map", "dist/modules/index.js.map", "dist/chunks"])
  rmSync(join(root, stale), { recursive: true, force: true });

// 3. The binary: src/cli/main.ts with the CLI's own dispatch files; `run.ts` answers
//    --help and --version itself and passes every other command to the script's
//    `run.ts`; what the CLI imports on demand is the script's.
const fastPath = `import { main as here } from ${JSON.stringify(runTs)};
import { tsden } from "./tsden-loader.js";
const answeredHere = new Set([undefined, "--help", "-h", "help", "--version", "-V"]);
export function main(argv, io) {
  return answeredHere.has(argv[0]) ? here(argv, io) : tsden().__cliRun.main(argv, io);
}`;
const dispatch = {
  name: "dispatch",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      if (args.importer === join(cli, "main.ts") && target === runTs) return { path: "run", namespace: "dispatch" };
      if (args.kind === "dynamic-import" && onDemand.has(target)) return { path: target, namespace: "on-demand" };
      if (args.path === "./tsden-loader.js") return { path: "./tsden-loader.js", external: true };
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "dispatch" }, () => ({
      contents: fastPath,
      resolveDir: cli,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "on-demand" }, (args) => {
      const name = onDemand.get(args.path);
      return {
        contents: facade("./tsden-loader.js", `tsden().${name}`, names(exportsOf[name])),
        resolveDir: cli,
        loader: "js",
      };
    });
  },
};
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [join(cli, "main.ts")],
  outfile: join(root, "dist/cli/main.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  plugins: [dispatch],
  logLevel: "warning",
});
console.log(`bundle: ${relative(root, scriptPath)} (${Math.round(scriptText.length / 1024)} KiB)`);
