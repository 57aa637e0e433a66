#!/usr/bin/env node
// The second step of `npm run build`, after tsc: builds what the package runs.
//
// - dist/cli/tsden-<layer>.js: tsden bundled by esbuild into one script per layer of
//   src/ (modules, aspects, store, os, microvm, host, project, cli), which
//   dist/cli/tsden-loader.js (scripts/tsden-loader.js) runs at most once per process
//   each, compiled from a V8 code cache after the first run. A script exports its
//   layer's index (the cli's: one `__cli<n>` per module the binary loads on demand)
//   and reaches the layers below through the loader (its `__layer(name)`), so running
//   a layer's script runs the scripts of the layers it imports first, and no other.
//   Node 20 keeps no compiled code for ES modules, and parsing and compiling tsden's
//   sources was most of what starting it cost; one file per layer also spares the ES
//   module loader's per-file reads and resolutions.
// - dist/index.js and dist/<layer>/index.js: ES modules exporting the names of the
//   package root (every layer but the CLI) and of `tsden/<layer>` (that layer's own
//   names, after running its script and those below) from that one instance, so the
//   binary, a project's `import ... from "tsden"` and a program importing several
//   entries share every option type, property and class.
// - dist/cli/main.js: the binary, an ES module with the CLI's dispatch only
//   (src/cli/main.ts): `tsden --help` and `--version` are answered there; any other
//   command runs in the cli script (its `run.ts`), so every class a command or its
//   error report checks with `instanceof` is the scripts'.
//
// Layers meet at their `index.ts` only (test/architecture.test.ts), which is what lets
// each be a script: an import of another layer's index becomes that script's exports.
// In the scripts, `import.meta.url` is the script's own URL, two folders below the
// package root as every file of tsc's output is, so paths computed from it are the
// same; no module exports a binding it reassigns (a script takes the names of the
// layers below once). tsc's per-file output stays for the type declarations.
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

/** The layers of src/, lowest first: each is a script; the cli's is not part of the package root. */
const layers = ["modules", "aspects", "store", "os", "microvm", "host", "project", "cli"];
/** The layer of a path under src/, or undefined (src/index.ts, outside src/). */
function layerOf(path) {
  const rel = relative(src, path).split("/");
  return rel.length > 1 && layers.includes(rel[0]) ? rel[0] : undefined;
}
const indexOf = (layer) => join(src, layer, "index.ts");

// The modules the CLI imports on demand (commands, error reports): the cli script
// exposes each, and the binary's dispatch reaches them there (a layer's index, which
// the CLI also imports on demand, is that layer's script).
const onDemand = new Map();
for (const file of sources(cli))
  for (const m of readFileSync(file, "utf8").matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g)) {
    const target = resolve(dirname(file), m[1].replace(/\.js$/, ".ts"));
    if (!onDemand.has(target) && layerOf(target) === "cli") onDemand.set(target, `__cli${onDemand.size}`);
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

// 1. The scripts, lowest layer first: each exports its layer's index (the cli's, its
//    on-demand modules), and an import of another layer's index (the only way layers
//    meet) reads that layer's exports through `__layer`, once, when the script starts.
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
/** Each built layer's exports (the scripts are run here, lowest first, to read them). */
const built = {};
const names = (object) => Object.keys(object).filter((n) => !n.startsWith("__"));
/** Imports of another layer from a file of `layer`: that layer's script's exports. */
const otherLayers = (layer) => ({
  name: "other-layers",
  setup(build) {
    build.onResolve({ filter: /^[./]/ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      const to = layerOf(target);
      if (to === undefined || to === layer) return undefined;
      if (target !== indexOf(to) || layers.indexOf(to) > layers.indexOf(layer))
        return {
          errors: [
            {
              text: `${relative(root, args.importer)} imports ${args.path}: a layer meets a lower one at its index.ts only`,
            },
          ],
        };
      return { path: to, namespace: "layer" };
    });
    build.onLoad({ filter: /.*/, namespace: "layer" }, (args) => {
      const list = names(built[args.path]);
      return {
        contents:
          list.length === 0 ? "" : `export const { ${list.join(", ")} } = __layer(${JSON.stringify(args.path)});`,
        loader: "js",
      };
    });
  },
});
/** The names the index of `layer` exports (what esbuild finds bundling it as an ES module). */
async function indexNames(layer) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [indexOf(layer)],
    outfile: join(root, "dist/cli/names.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    plugins: [otherLayers(layer)],
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  return Object.values(result.metafile.outputs)[0].exports;
}
async function buildScript(layer) {
  // the exports are a plain object of the index's names (no binding is reassigned):
  // made once, without a namespace object, and reading a name from it is a property
  // read, not a getter's call, for the scripts and entries above; the cli's give each
  // module on demand, which runs it (and what it imports) when first read
  let entry;
  if (layer === "cli")
    entry = `module.exports = { ${[...onDemand].map(([path, name]) => `get ${name}() { return require(${JSON.stringify(path)}); }`).join(", ")} };`;
  else {
    const list = await indexNames(layer);
    entry = `import { ${list.join(", ")} } from ${JSON.stringify(indexOf(layer))};\nmodule.exports = { ${list.join(", ")} };`;
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, sourcefile: `tsden-${layer}-entry.js`, loader: "js" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    define,
    plugins: [otherLayers(layer)],
    write: false,
    logLevel: "warning",
  });
  const body = withImportParameter(result.outputFiles[0].text).replace(
    /\brequire\("(node:(?:child_process|crypto|fs\/promises|net|readline|worker_threads|zlib))"\)/g,
    '__lazyBuiltin("$1")',
  );
  return (
    `(function (exports, require, module, __filename, __dirname, __import, __layer) {"use strict"; ` +
    `const __tsdenScriptUrl = require("node:url").pathToFileURL(__filename).href; ${lazyBuiltin}\n${body}\n})`
  );
}
function runScript(text, path) {
  const module = { exports: {} };
  runInThisContext(text, { filename: path })(
    module.exports,
    createRequire(path),
    module,
    path,
    dirname(path),
    (specifier) => import(specifier),
    (name) => built[name],
  );
  return module.exports;
}
const sizes = [];
for (const layer of layers) {
  const text = await buildScript(layer);
  const path = join(root, `dist/cli/tsden-${layer}.js`);
  built[layer] = runScript(text, path);
  writeFileSync(path, text);
  sizes.push(`${layer} ${Math.round(text.length / 1024)}`);
}
rmSync(join(root, "dist/cli/tsden-script.js"), { force: true });
copyFileSync(join(root, "scripts/tsden-loader.js"), join(root, "dist/cli/tsden-loader.js"));

// 2. The entries: the names each exports, read from the scripts themselves. The
//    package root is every layer but the CLI (src/index.ts), `tsden/<layer>` one layer.
const facade = (loader, parts) =>
  `import { layer } from ${JSON.stringify(loader)};\n${parts
    .filter(([, list]) => list.length > 0)
    .map(([expression, list]) => `export const { ${list.join(", ")} } = ${expression};\n`)
    .join("")}`;
const packageLayers = layers.filter((l) => l !== "cli");
const rootNames = new Map();
for (const layer of packageLayers)
  for (const name of names(built[layer])) {
    if (rootNames.has(name)) throw new Error(`bundle: ${name} is exported by both ${rootNames.get(name)} and ${layer}`);
    rootNames.set(name, layer);
  }
writeFileSync(
  join(root, "dist/index.js"),
  facade(
    "./cli/tsden-loader.js",
    packageLayers.map((l) => [`layer(${JSON.stringify(l)})`, names(built[l])]),
  ),
);
for (const layer of packageLayers)
  writeFileSync(
    join(root, `dist/${layer}/index.js`),
    facade("../cli/tsden-loader.js", [[`layer(${JSON.stringify(layer)})`, names(built[layer])]]),
  );
for (const stale of ["dist/index.js.map", ...packageLayers.map((l) => `dist/${l}/index.js.map`), "dist/chunks"])
  rmSync(join(root, stale), { recursive: true, force: true });

// 3. The binary: src/cli/main.ts with the CLI's own dispatch files; `run.ts` answers
//    --help and --version itself and passes every other command to the cli script's
//    `run.ts`; what the CLI imports on demand is the scripts'.
const fastPath = `import { main as here } from ${JSON.stringify(runTs)};
import { layer } from "./tsden-loader.js";
const answeredHere = new Set([undefined, "--help", "-h", "help", "--version", "-V"]);
export function main(argv, io) {
  return answeredHere.has(argv[0]) ? here(argv, io) : layer("cli").__cliRun.main(argv, io);
}`;
const dispatch = {
  name: "dispatch",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      if (args.importer === join(cli, "main.ts") && target === runTs) return { path: "run", namespace: "dispatch" };
      if (args.kind === "dynamic-import" && onDemand.has(target)) return { path: target, namespace: "on-demand" };
      if (args.kind === "dynamic-import" && layerOf(target) !== "cli" && target === indexOf(layerOf(target) ?? ""))
        return { path: layerOf(target), namespace: "layer" };
      if (args.path === "./tsden-loader.js") return { path: "./tsden-loader.js", external: true };
      return undefined;
    });
    // Node's built-ins as CommonJS objects: an ES module import of node:fs loads its
    // promises API and streams (about 2 ms of `tsden --version`)
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "builtin" }));
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "dispatch" }, () => ({
      contents: fastPath,
      resolveDir: cli,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "on-demand" }, (args) => {
      const name = onDemand.get(args.path);
      return {
        contents: facade("./tsden-loader.js", [[`layer("cli").${name}`, names(built.cli[name])]]),
        resolveDir: cli,
        loader: "js",
      };
    });
    build.onLoad({ filter: /.*/, namespace: "layer" }, (args) => ({
      contents: facade("./tsden-loader.js", [[`layer(${JSON.stringify(args.path)})`, names(built[args.path])]]),
      resolveDir: cli,
      loader: "js",
    }));
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
console.log(`bundle: dist/cli/tsden-<layer>.js (KiB: ${sizes.join(", ")})`);
