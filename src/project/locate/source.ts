/**
 * Finding where an option is defined or declared in a source file: the properties of
 * the file (see `syntax.ts`) whose chain of names ends with the option's path.
 * Files are read and scanned once per process (re-read when they change).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { scanProperties, type PropertySite } from "./syntax.js";
import { isDeclaration } from "./value.js";

const cache = new Map<string, { mtimeMs: number; sites: PropertySite[] }>();

/** The source files tsden scans (others, such as `den (host)` or `<unknown-file>`, name no file). */
const sourceFile = /\.(m|c)?(t|j)sx?$/;

/** The absolute path of a definition's file, when it names a source file that exists. */
export function sourcePath(root: string, file: string): string | undefined {
  if (!sourceFile.test(file)) return undefined;
  const abs = isAbsolute(file) ? file : join(root, file);
  return existsSync(abs) && statSync(abs).isFile() ? abs : undefined;
}

/** The object-literal properties of a file, scanned once (and again when it changes). */
export function propertiesOf(path: string): readonly PropertySite[] {
  const mtimeMs = statSync(path).mtimeMs;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.sites;
  let sites: PropertySite[] = [];
  try {
    sites = scanProperties(readFileSync(path, "utf8"), path);
  } catch {
    sites = [];
  }
  cache.set(path, { mtimeMs, sites });
  return sites;
}

function endsWith(chain: readonly string[], path: readonly string[]): boolean {
  if (path.length === 0 || chain.length < path.length) return false;
  const off = chain.length - path.length;
  return path.every((p, i) => chain[off + i] === p);
}

/** The properties of a file that define `path` (their chain ends with it; declarations excluded). */
export function definitionSites(path: string, optionPath: readonly string[]): PropertySite[] {
  return propertiesOf(path).filter((s) => endsWith(s.chain, optionPath) && !isDeclaration(s.value));
}

const placeholder = (s: string) => s === "*" || /^<.*>$/s.test(s);

/**
 * The line where a file declares the option at `loc` (`name: mkOption(...)`), when one
 * declaration matches best: its chain ends with the longest part of `loc` (at least the
 * part after the last placeholder such as `<name>`).
 */
export function declarationLine(path: string, loc: readonly string[]): number | undefined {
  let from = 0;
  loc.forEach((s, i) => {
    if (placeholder(s)) from = i + 1;
  });
  const need = loc.length - from;
  if (need === 0) return undefined;
  let best: PropertySite[] = [];
  let bestScore = 0;
  for (const s of propertiesOf(path)) {
    if (!isDeclaration(s.value)) continue;
    let n = 0;
    while (n < s.chain.length && n < loc.length && s.chain[s.chain.length - 1 - n] === loc[loc.length - 1 - n]) n++;
    if (n < need) continue;
    if (n > bestScore) [best, bestScore] = [[s], n];
    else if (n === bestScore) best.push(s);
  }
  return best.length === 1 ? best[0]!.line : undefined;
}

const importSpec =
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The source files a file imports by relative path (`./x.js` found as `x.ts` too), breadth first up to `depth` levels. */
export function relativeImports(path: string, depth = 2): string[] {
  const out: string[] = [];
  const seen = new Set([path]);
  let level = [path];
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: string[] = [];
    for (const file of level) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      for (const m of text.matchAll(importSpec)) {
        const spec = (m[1] ?? m[2])!;
        const base = join(file, "..", spec);
        const found = [base, base.replace(/\.(m|c)?js$/, ".$1ts"), `${base}.ts`, join(base, "index.ts")].find(
          (p) => sourceFile.test(p) && existsSync(p) && statSync(p).isFile(),
        );
        if (found && !seen.has(found)) {
          seen.add(found);
          out.push(found);
          next.push(found);
        }
      }
    }
    level = next;
  }
  return out;
}
