// The loader of the built package (copied to dist/cli/tsden-loader.js by
// scripts/bundle.mjs). tsden's code is two scripts: the module system,
// dist/cli/tsden-modules.js, and the rest, dist/cli/tsden-script.js, which uses the
// first's exports (each a function expression taking what a CommonJS module gets, an
// `import` and the module system's exports). Each runs at most once per process, the
// module system alone for `tsden/modules`; everything (the package root,
// `tsden/modules`, the binary's commands) shares that one instance.
//
// V8 compiles a script from a code cache when it is given one: the first run keeps, at
// its exit, the cache of what it compiled (the script and the functions it ran) under
// the user's cache folder ($XDG_CACHE_HOME/tsden/code, else ~/.cache/tsden/code), keyed
// by the script's path, size and time and by Node's version; later runs skip parsing
// and compiling what the cache holds (a function that run did not reach is compiled
// when first called, as without a cache). V8 checks a cache against the source and
// itself and rejects one that does not fit; a rejected or missing cache is written
// anew. Nothing is cached when the folder cannot be written.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

let modules;
let all;

/** Where the code cache of `file` (with `size` and `mtimeMs`) is kept: `{ path, install }` (the name's prefix for this install). */
function cachePath(file, size, mtimeMs) {
  const xdg = process.env.XDG_CACHE_HOME;
  const root = join(xdg?.startsWith("/") ? xdg : join(homedir(), ".cache"), "tsden", "code");
  // FNV-1a of the path: a name per install, without loading node:crypto for it
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193) >>> 0;
  const install = `${h.toString(16)}-`;
  return {
    path: join(root, `${install}${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.bin`),
    install,
  };
}

/** Writes the code cache of `script` to `path` (through a temporary file) and removes this install's older ones; gives up silently. */
function keep(script, { path, install }) {
  try {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, path);
    for (const name of readdirSync(dir))
      if (name.startsWith(install) && name.endsWith(".bin") && join(dir, name) !== path)
        rmSync(join(dir, name), { force: true });
  } catch {
    // no cache folder to write to: the next run compiles again
  }
}

/** Runs the script `name` (beside this file) with `modulesScript`; returns its exports. */
function run(name, modulesScript) {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const source = readFileSync(file, "utf8");
  const stat = statSync(file);
  const cache = cachePath(file, stat.size, stat.mtimeMs);
  let cachedData;
  try {
    cachedData = readFileSync(cache.path);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once("exit", () => keep(script, cache));
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
    (specifier) => import(specifier),
    modulesScript,
  );
  return module.exports;
}

/** The module system's exports: each of its files' names, as `__f<n>`. */
export function tsdenModules() {
  modules ??= run("tsden-modules.js", undefined);
  return modules;
}

/** tsden's exports: the package root's names, and `__cli<n>` (what the binary loads on demand). */
export function tsden() {
  all ??= run("tsden-script.js", tsdenModules());
  return all;
}
