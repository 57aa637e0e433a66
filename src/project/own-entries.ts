/**
 * What the bare specifiers `tsden` and `tsden/<entry>` mean in a project's files: the
 * entry points of the running tsden, as its package.json's `exports` lists them (the
 * package root and one entry per layer), so a project needs no install of its own and
 * every entry it imports is the one instance the CLI runs.
 */
import { readFileSync } from "node:fs";

/** The specifiers of tsden's entry points and their URLs, given the package root's entry point `entry` (dist/index.js). */
export function ownEntries(entry: string): Map<string, string> {
  const entries = new Map([["tsden", entry]]);
  const packageRoot = new URL("../", entry);
  let exported: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(readFileSync(new URL("package.json", packageRoot), "utf8")) as { exports?: unknown };
    if (typeof pkg.exports === "object" && pkg.exports !== null) exported = pkg.exports as Record<string, unknown>;
  } catch {
    // no package.json beside the entry point: the package root alone
  }
  for (const [key, value] of Object.entries(exported)) {
    const target = typeof value === "string" ? value : (value as { default?: unknown } | null)?.default;
    if (key.startsWith("./") && typeof target === "string")
      entries.set(`tsden/${key.slice(2)}`, new URL(target, packageRoot).href);
  }
  return entries;
}
