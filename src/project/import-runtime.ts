/**
 * Importing project files at runtime: compiled files from the compile cache as they are
 * (with source maps, so stack traces name the project's files); else TypeScript is
 * compiled on the fly by tsx,
 * registered once for the whole process (not in a tsx namespace, so a helper imported
 * by several module files is one instance). Two resolve hooks of our own come on top:
 * - the bare specifiers `tsden` and `tsden/<layer>` resolve to the running tsden's
 *   own entry points (`own-entries.ts`), so a project needs no install of its own and
 *   shares one module system with the CLI (option types and properties are recognised
 *   by identity);
 * - `.ts` files of a project folder are ES modules even when no package.json says
 *   `"type": "module"` (TypeScript modules are written with `import`/`export`).
 * A helper that tsx decides to compile as CommonJS (a `.ts` file reached through a
 * relative `.js` specifier) calls `require("tsden")`, which the resolve hooks never
 * see; CommonJS resolution of those names is pointed at the running tsden too.
 */
import { existsSync } from "node:fs";
import Module, { register as registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mapCompiledStacks } from "./compiled-stacks.js";
import { compileCacheRoot } from "./compile-cache.js";
import { startRecorder } from "./loaded-files.js";
import { ownEntries } from "./own-entries.js";

/** A resolve hook that maps the bare specifiers of `entries` (`tsden`, `tsden/<layer>`) to their URLs. */
function tsdenHook(entries: ReadonlyMap<string, string>): string {
  return `const entries = new Map(${JSON.stringify([...entries])});
export async function resolve(specifier, context, next) {
  const url = entries.get(specifier);
  if (url !== undefined) return { url, shortCircuit: true };
  return next(specifier, context);
}`;
}

/** A resolve hook that makes the `.ts` files under `rootUrl` (outside node_modules) ES modules. */
function esmHook(rootUrl: string): string {
  return `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.format !== "module" && r.url.startsWith(${JSON.stringify(rootUrl)}) && !r.url.includes("/node_modules/")
      && new URL(r.url).pathname.endsWith(".ts")) return { ...r, format: "module" };
  return r;
}`;
}

/** Registers a hook module given as source. */
function registerSource(source: string): void {
  registerHooks(`data:text/javascript,${encodeURIComponent(source)}`);
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/** Makes `require("tsden")` (and of `tsden/<layer>`) load the running tsden (Node ≥ 20.19 requires ES modules). */
function redirectRequire(entries: ReadonlyMap<string, string>): void {
  const paths = new Map([...entries].map(([specifier, url]) => [specifier, fileURLToPath(url)]));
  const m = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = m._resolveFilename;
  m._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return paths.get(request) ?? original.call(this, request, ...rest);
  };
}

let base: Promise<void> | undefined;
const roots = new Set<string>();

/** The entry point of the running tsden (the package root's `index.js`), when built. */
export function ownEntry(): string | undefined {
  const url = new URL("../index.js", import.meta.url);
  return url.protocol === "file:" && existsSync(fileURLToPath(url)) ? url.href : undefined;
}

/**
 * Registers the loaders: tsx and the `tsden` resolver once, the format hook once per
 * project root. tsx is imported here, on first use, so importing tsden stays cheap.
 */
export async function ensureRuntime(root: string): Promise<void> {
  base ??= import("tsx/esm/api").then(({ register }) => {
    register();
    const tsden = ownEntry();
    if (tsden) {
      const entries = ownEntries(tsden);
      registerSource(tsdenHook(entries));
      redirectRequire(entries);
    }
  });
  await base;
  const rootUrl = pathToFileURL(root.endsWith("/") ? root : `${root}/`).href;
  if (!roots.has(rootUrl)) {
    roots.add(rootUrl);
    registerSource(esmHook(rootUrl));
  }
  startRecorder();
}

/** Imports a file of the project in `root` (TypeScript or JavaScript) and returns its namespace. */
export async function importFile(root: string, absPath: string): Promise<Record<string, unknown>> {
  await ensureRuntime(root);
  return (await import(pathToFileURL(absPath).href)) as Record<string, unknown>;
}

let sourceMaps: Promise<void> | undefined;

/**
 * Imports a compiled project file (a URL in the compile cache). tsden itself is loaded
 * first; stack traces through the compiled files name the project's sources (their maps
 * are read when such a stack is shown: `compiled-stacks.ts`).
 */
export async function importCompiled(url: string): Promise<Record<string, unknown>> {
  sourceMaps ??= (async () => {
    const tsden = ownEntry();
    if (tsden) await import(tsden);
    mapCompiledStacks(pathToFileURL(`${compileCacheRoot()}/`).href);
  })();
  await sourceMaps;
  return (await import(url)) as Record<string, unknown>;
}
