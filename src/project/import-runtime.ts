/**
 * Importing project files at runtime. TypeScript is compiled on the fly by tsx,
 * registered once per process for the whole process (not in a tsx namespace, so a
 * helper imported by several module files is one instance). The bare specifier
 * `tsden` is resolved to the running tsden itself, so projects need no install of
 * their own and share one module system with the CLI (its option types and
 * properties are recognised by identity).
 */
import { existsSync } from "node:fs";
import { register as registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register as registerTsx } from "tsx/esm/api";

/** The hook module, as source: maps `tsden` to the URL given at registration. */
const tsdenHook = `
let target;
export function initialize(data) { target = data.url; }
export async function resolve(specifier, context, next) {
  if (specifier === "tsden" && target) return { url: target, shortCircuit: true };
  return next(specifier, context);
}
`;

let registered = false;

/** The entry point of the running tsden (the package root's `index.js`), when built. */
function ownEntry(): string | undefined {
  const url = new URL("../index.js", import.meta.url);
  return url.protocol === "file:" && existsSync(fileURLToPath(url)) ? url.href : undefined;
}

/** Registers the loaders once: tsx for TypeScript, then the `tsden` resolver. */
export function ensureRuntime(): void {
  if (registered) return;
  registered = true;
  registerTsx();
  const entry = ownEntry();
  if (entry) registerHooks(`data:text/javascript,${encodeURIComponent(tsdenHook)}`, { data: { url: entry } });
}

/** Imports a file (TypeScript or JavaScript) by absolute path and returns its namespace. */
export async function importFile(absPath: string): Promise<Record<string, unknown>> {
  ensureRuntime();
  return (await import(pathToFileURL(absPath).href)) as Record<string, unknown>;
}
