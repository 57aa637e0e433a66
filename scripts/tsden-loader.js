// The loader of the built package (copied to dist/cli/tsden-loader.js by
// scripts/bundle.mjs). tsden's code is one script per layer, dist/cli/tsden-<layer>.js
// (modules, aspects, store, os, microvm, host, project, cli), each a function
// expression taking what a CommonJS module gets, an `import` and `__layer`, which gives
// the exports of a lower layer's script. Each script runs at most once per process,
// when an entry or a script above it first asks for its layer: `tsden/modules` runs the
// module system's script alone, `tsden/os` the scripts of the layers the OS layer
// imports and its own, the package root every layer's but the CLI's; everything (the
// package root, each `tsden/<layer>`, the binary's commands) shares that one instance.
//
// V8 compiles a script from a code cache when it is given one: the first run keeps, at
// its exit, the cache of what it compiled (the script and the functions it ran) under
// the user's cache folder ($XDG_CACHE_HOME/tsden/code, else ~/.cache/tsden/code), keyed
// by the script's path, size and time and by Node's version; later runs skip parsing
// and compiling what the cache holds (a function no cached run reached is compiled
// when first called, as without a cache). A run that ends with a tenth more compiled
// code in the heap than the run that wrote a script's cache (`tsden build` after `tsden
// init`, say) writes it again, so the cache grows to cover what is run; the compiled
// code is counted (a walk of the heap, about 2 ms, once for all the scripts) only at
// the end of a run that took a fifth more CPU time than any run counted before. V8
// checks a cache against the source and itself and rejects one that does not fit; a
// rejected or missing cache is written anew. Nothing is cached when the folder cannot
// be written.
// Node's built-ins are taken as CommonJS objects: an ES module import of node:fs alone
// would load its promises API and streams (about 2 ms), which nothing here uses.
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } =
  process.getBuiltinModule("node:fs");
const { createRequire } = process.getBuiltinModule("node:module");
const { homedir } = process.getBuiltinModule("node:os");
const { basename, dirname, join } = process.getBuiltinModule("node:path");
const { fileURLToPath } = process.getBuiltinModule("node:url");
const { Script } = process.getBuiltinModule("node:vm");

/** The exports of each layer's script run so far, by layer, in the order they ran. */
const loaded = new Map();
/** The `require` the scripts get (they all are in this folder). */
let requireHere;
/** The code caches to consider keeping at exit: one `{ script, cache, record, fresh }` per script run. */
const runs = [];

/** FNV-1a of `text` in hex (a short name, without loading node:crypto for it). */
function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

/** The cache folder and the hash of this process's Node options, once found. */
let cacheFolder;

/**
 * Where the code cache of `file` (with `size` and `mtimeMs`) is kept: `{ path, install }`
 * (the name's prefix for this install and these Node options: V8 rejects a cache made
 * under other flags, so processes started with other options keep caches of their own).
 */
function cachePath(file, size, mtimeMs) {
  if (cacheFolder === undefined) {
    const xdg = process.env.XDG_CACHE_HOME;
    const options = `${process.execArgv.join("\0")}\0${process.env.NODE_OPTIONS ?? ""}`;
    cacheFolder = {
      root: join(xdg?.startsWith("/") ? xdg : join(homedir(), ".cache"), "tsden", "code"),
      options: fnv(options),
    };
  }
  const install = `${fnv(file)}-${cacheFolder.options}-`;
  return {
    path: join(cacheFolder.root, `${install}${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.bin`),
    install,
  };
}

/** Writes `data` to `path` through a temporary file. */
function writeAtomic(path, data) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/** The bytes of compiled code in the heap (bytecode and its metadata). */
function compiledBytes() {
  return process.getBuiltinModule("node:v8").getHeapCodeStatistics().bytecode_and_metadata_size;
}

/** The CPU time (ms) this process has taken so far. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Writes the code cache of `script` to `path` (unless `record` only is asked for) with,
 * beside it (`.run`), `record`: the compiled code of the run that wrote it and the
 * most CPU time a counted run took; removes this install's older caches; gives up
 * silently.
 */
function keep(script, { path, install }, record, recordOnly = false) {
  try {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    if (!recordOnly) writeAtomic(path, script.createCachedData());
    writeAtomic(`${path}.run`, JSON.stringify(record));
    for (const name of readdirSync(dir))
      if (name.startsWith(install) && !name.startsWith(basename(path))) rmSync(join(dir, name), { force: true });
  } catch {
    // no cache folder to write to: the next run compiles again
  }
}

/** At exit: keeps the code cache of each script run whose cache is missing or, maybe, outgrown. */
function keepCaches() {
  const cpu = cpuMs();
  let code;
  for (const { script, cache, record, fresh } of runs) {
    if (!fresh && !(cpu > record.cpu * 1.2)) continue;
    code ??= compiledBytes();
    const more = fresh || code > record.code * 1.1;
    keep(script, cache, { code: more ? code : record.code, cpu: Math.max(cpu, record.cpu) }, !more);
  }
}

/** Runs the script of the layer `name` (beside this file); returns its exports. */
function run(name) {
  const file = fileURLToPath(new URL(`./tsden-${name}.js`, import.meta.url));
  const source = readFileSync(file, "utf8");
  const stat = statSync(file);
  const cache = cachePath(file, stat.size, stat.mtimeMs);
  let cachedData;
  let record = { code: 0, cpu: 0 };
  try {
    cachedData = readFileSync(cache.path);
    record = JSON.parse(readFileSync(`${cache.path}.run`, "utf8"));
  } catch {
    // no cache yet (or no record of its run: it is written again at exit)
  }
  const script = new Script(source, { filename: file, cachedData });
  const fresh = cachedData === undefined || script.cachedDataRejected || !(record.code > 0);
  if (runs.length === 0) process.once("exit", keepCaches);
  runs.push({ script, cache, record, fresh });
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    (requireHere ??= createRequire(file)),
    module,
    file,
    dirname(file),
    (specifier) => import(specifier),
    layer,
  );
  return module.exports;
}

/**
 * The exports of the script of `name` (a layer of src/: "modules", "aspects", "store",
 * "os", "microvm", "host", "project" or "cli"; the cli's are `__cli<n>`, what the
 * binary loads on demand), running it, after the scripts of the layers it imports,
 * the first time it is asked for.
 */
export function layer(name) {
  let exports = loaded.get(name);
  if (exports === undefined) {
    exports = run(name);
    loaded.set(name, exports);
  }
  return exports;
}

/** The layers whose scripts this process has run, in the order they finished. */
export function loadedLayers() {
  return [...loaded.keys()];
}
