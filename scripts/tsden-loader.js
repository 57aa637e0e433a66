// The loader of the built package (copied to dist/cli/tsden-loader.js by
// scripts/bundle.mjs). tsden's code is one script, dist/cli/tsden-script.js (a
// function expression taking what a CommonJS module gets and an `import`); it is run once
// per process, and everything (the package root, `tsden/modules`, the binary's
// commands) is that one instance. V8 compiles a script from a code cache when it is
// given one: the first run keeps, at its exit, the cache of what it compiled (the
// script and the functions it ran) under the user's cache folder
// ($XDG_CACHE_HOME/tsden/code, else ~/.cache/tsden/code), keyed by the script's path,
// size and time and by Node's version; later runs skip parsing and compiling what the
// cache holds. V8 checks the cache against the source and itself and rejects one that
// does not fit; a rejected or missing cache is written anew. Nothing is cached when
// the folder cannot be written.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const file = fileURLToPath(new URL("./tsden-script.js", import.meta.url));
let loaded;

/** Where the code cache of `file` (with `size` and `mtimeMs`) is kept: `{ path, install }` (the name's prefix for this install). */
function cachePath(size, mtimeMs) {
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

function load() {
  const source = readFileSync(file, "utf8");
  const stat = statSync(file);
  const cache = cachePath(stat.size, stat.mtimeMs);
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
  );
  return module.exports;
}

/** tsden's exports: the package root's names, and `__`-prefixed ones for the binary and `tsden/modules`. */
export function tsden() {
  loaded ??= load();
  return loaded;
}
