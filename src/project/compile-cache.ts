/**
 * The compile cache of a project's module files. A project's `modules/` files, and the
 * helpers they import, are compiled once to plain ES modules (esbuild, the compiler tsx
 * uses; one build whose shared helpers are one module each, so a helper imported by
 * several module files is one instance) and kept under the user's cache folder
 * (`$XDG_CACHE_HOME/tsden`, else `~/.cache/tsden`). A later load imports the compiled
 * files directly: no TypeScript compiler and no loader hooks are loaded.
 *
 * A build is valid while the tsden that made it, the list of module files and the
 * content (SHA-256) of every compiled file are the same, and the packages it imports
 * are where they were: any edit to a module or helper compiles the project again.
 * In the compiled files `tsden` is the running tsden, a package is the file it
 * resolved to from the importing file, `import.meta.url` (`dirname`, `filename`) is the
 * source file's, and stack traces name the source files and lines (source maps).
 *
 * A project this cannot compile faithfully (a CommonJS file, `import.meta` beyond those
 * three, `__dirname`, a dynamic import of a computed name, any compiler warning or
 * error) is remembered as such and loaded through the runtime compiler (tsx) instead,
 * which also reports its errors as before.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { homedir } from "node:os";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { noteLoadedFiles } from "./loaded-files.js";
import { ownEntries } from "./own-entries.js";

/** What a project's cache folder records about its last build. */
interface Manifest {
  /** The tsden (version and entry point) that made the build. */
  readonly tsden: string;
  /** The module files, relative to the project (the build's entry points). */
  readonly files: readonly string[];
  /** Every compiled source file (absolute) and the SHA-256 of its content. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The package files the build imports (absolute): they must still exist. */
  readonly externals: readonly string[];
  /** The build's folder (under the project's cache folder), or null: use the runtime compiler. */
  readonly build: string | null;
  /** For each module file, its compiled file relative to the build folder. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** The cache folder of tsden. */
function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg?.startsWith("/") ? xdg : join(homedir(), ".cache"), "tsden");
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** This tsden: its version and entry point (a build is only valid for the tsden that made it). */
function tsdenIdentity(entry: string): string {
  const pkg = new URL("../../package.json", import.meta.url);
  let version = "?";
  try {
    version = (JSON.parse(readFileSync(fileURLToPath(pkg), "utf8")) as { version: string }).version;
  } catch {
    // a tsden without its package.json: the entry point alone identifies it
  }
  const stamp = existsSync(fileURLToPath(entry)) ? statSync(fileURLToPath(entry)).mtimeMs : 0;
  return `${version} ${entry} ${stamp}`;
}

/** The folder of compiled module files (not a project's sources). */
export function compileCacheRoot(): string {
  return join(cacheRoot(), "modules");
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** Whether `m` describes a build of exactly these files with these contents. */
function stillValid(m: Manifest, tsden: string, files: readonly string[]): boolean {
  if (m.tsden !== tsden || m.files.length !== files.length || m.files.some((f, i) => f !== files[i])) return false;
  for (const [path, hash] of Object.entries(m.inputs)) {
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch {
      return false;
    }
    if (sha256(content) !== hash) return false;
  }
  return m.externals.every((p) => existsSync(p));
}

/** Writes `text` to `path` through a temporary file and a rename. */
function writeAtomic(path: string, text: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Source text this cache cannot compile faithfully (the runtime compiler handles it). */
const unsupported = [
  /\bimport\.meta\b/,
  /\b__dirname\b/,
  /\b__filename\b/,
  /\bimport\s*\(\s*[^\s"'`)]/,
  /\bimport\s*\(\s*`[^`]*\$\{/,
];

/** The loader esbuild uses for a source file, by its extension. */
const loaders: Record<string, "ts" | "tsx" | "js" | "jsx" | "json"> = {
  ".ts": "ts",
  ".mts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};

/** The result of compiling: the files to write, or why the runtime compiler is needed. */
type Compiled =
  | {
      outputs: Record<string, string>;
      files: { path: string; contents: Uint8Array }[];
      inputs: string[];
      externals: string[];
    }
  | { reason: string };

/** esbuild, as tsx (tsden's dependency) has it installed. */
function loadEsbuild(): typeof import("esbuild") {
  const tsx = createRequire(import.meta.url).resolve("tsx/package.json");
  return createRequire(tsx)("esbuild") as typeof import("esbuild");
}

/** Compiles the module files `files` of the project in `root`; `entry` is tsden's URL. */
async function compile(root: string, files: readonly string[], entry: string): Promise<Compiled> {
  const esbuild = loadEsbuild();
  const entries = ownEntries(entry);
  const externals = new Set<string>();
  let reason: string | undefined;
  const plugin: import("esbuild").Plugin = {
    name: "tsden-project",
    setup(build) {
      build.onResolve({ filter: /^tsden(\/|$)/ }, (args) => {
        const url = entries.get(args.path);
        return url === undefined ? undefined : { path: url, external: true };
      });
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === "resolving" || isBuiltin(args.path)) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "resolving",
        });
        if (r.errors.length > 0 || !r.path.startsWith("/")) return { errors: r.errors };
        externals.add(r.path);
        return { path: pathToFileURL(r.path).href, external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$|\.json$/ }, (args) => {
        const ext = extname(args.path);
        const loader = loaders[ext];
        if (loader === undefined) {
          reason ??= `${relative(root, args.path)} is not an ES module file`;
          return { contents: "", loader: "js" };
        }
        const source = readFileSync(args.path, "utf8");
        if (loader === "json") return { contents: source, loader };
        const url = pathToFileURL(args.path).href;
        const contents = source
          .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
          .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
          .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)));
        const bad = unsupported.find((re) => re.test(contents));
        if (bad) reason ??= `${relative(root, args.path)} uses ${bad.source}`;
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
  let result: import("esbuild").BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: files.map((f) => join(root, f)),
      absWorkingDir: root,
      outbase: root,
      outdir: join(root, ".compiled"),
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      keepNames: true,
      sourcemap: "linked",
      sourcesContent: false,
      chunkNames: "_chunks/[name]-[hash]",
      outExtension: { ".js": ".mjs" },
      metafile: true,
      write: false,
      logLevel: "silent",
      plugins: [plugin],
    });
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
  if (reason !== undefined) return { reason };
  if (result.warnings.length > 0) return { reason: result.warnings[0]!.text };
  const inputs = Object.entries(result.metafile.inputs);
  const cjs = inputs.find(([, i]) => i.format === "cjs");
  if (cjs) return { reason: `${cjs[0]} is a CommonJS module` };
  const outdir = join(root, ".compiled");
  const outputs: Record<string, string> = {};
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint !== undefined) outputs[meta.entryPoint] = relative(outdir, join(root, out));
  }
  return {
    outputs: Object.fromEntries(files.map((f) => [f, outputs[f]!])),
    files: result.outputFiles.map((o) => ({
      path: relative(outdir, o.path),
      contents: o.path.endsWith(".map") ? absoluteSources(o.path, o.text) : o.contents,
    })),
    inputs: inputs.map(([p]) => join(root, p)),
    externals: [...externals],
  };
}

/** A source map whose sources are absolute URLs (the compiled files are kept away from the sources). */
function absoluteSources(mapPath: string, text: string): Uint8Array {
  const map = JSON.parse(text) as { sources: string[] };
  map.sources = map.sources.map((s) => pathToFileURL(resolve(dirname(mapPath), s)).href);
  return Buffer.from(JSON.stringify(map));
}

/**
 * The compiled module files of the project in `root` (each module file's URL to
 * import), from the cache when still valid, else compiled now and kept; undefined when
 * the project is to be loaded through the runtime compiler. `entry` is the URL of the
 * running tsden, what `import ... from "tsden"` means in the project.
 */
export async function compiledModules(
  root: string,
  files: readonly string[],
  entry: string,
): Promise<Map<string, string> | undefined> {
  const dir = join(cacheRoot(), "modules", sha256(`${root}\0${entry}`).slice(0, 24));
  const manifestPath = join(dir, "manifest.json");
  const tsden = tsdenIdentity(entry);
  let manifest = readManifest(manifestPath);
  if (manifest === undefined || !stillValid(manifest, tsden, files)) {
    const compiled = await compile(root, files, entry);
    try {
      manifest = store(root, dir, tsden, files, compiled);
    } catch {
      return undefined; // no cache folder to write to: load through the runtime compiler
    }
  }
  if (manifest.build === null) return undefined;
  noteLoadedFiles(Object.keys(manifest.inputs));
  const build = join(dir, manifest.build);
  return new Map(files.map((f) => [f, pathToFileURL(join(build, manifest!.outputs[f]!)).href]));
}

/** Keeps a build (or the finding that there is none) in the project's cache folder `dir`. */
function store(root: string, dir: string, tsden: string, files: readonly string[], compiled: Compiled): Manifest {
  mkdirSync(dir, { recursive: true });
  // left to the runtime compiler, the module files are recorded: an edit to one of them tries compiling again
  const inputs = "reason" in compiled ? files.map((f) => join(root, f)) : compiled.inputs;
  const hashes = Object.fromEntries(inputs.map((p) => [p, sha256(readFileSync(p))]));
  let build: string | null = null;
  if (!("reason" in compiled)) {
    build = sha256(JSON.stringify({ tsden, files, hashes })).slice(0, 24);
    const final = join(dir, build);
    if (!existsSync(final)) {
      const temp = `${final}.${process.pid}.tmp`;
      rmSync(temp, { recursive: true, force: true });
      for (const f of compiled.files) {
        mkdirSync(dirname(join(temp, f.path)), { recursive: true });
        writeFileSync(join(temp, f.path), f.contents);
      }
      try {
        renameSync(temp, final);
      } catch {
        rmSync(temp, { recursive: true, force: true }); // another process kept the same build first
      }
    }
  }
  const manifest: Manifest = {
    tsden,
    files,
    inputs: hashes,
    externals: "reason" in compiled ? [] : compiled.externals,
    build,
    outputs: "reason" in compiled ? {} : compiled.outputs,
  };
  writeAtomic(join(dir, "manifest.json"), JSON.stringify(manifest));
  removeOldBuilds(dir, build);
  return manifest;
}

/** Removes the builds of `dir` other than `keep` that are more than ten minutes old (a running tsden may still import from a recent one). */
function removeOldBuilds(dir: string, keep: string | null): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (name === keep || name === "manifest.json" || name.endsWith(".tmp")) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}
