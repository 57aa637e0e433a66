/**
 * Which files of a project are modules: every `modules/**` file ending in `.ts`,
 * `.mts`, `.js` or `.mjs` (declaration files `.d.ts` excluded), in sorted path order
 * (segment by segment, by code unit, as a recursive sorted directory listing gives
 * them). A path with an empty or `_`-prefixed segment is skipped: `_`-prefixed files
 * and folders hold helpers that modules import themselves.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The folder of a project that holds its modules. */
export const modulesFolder = "modules";

const moduleFile = /\.(m?ts|m?js)$/;
const declarationFile = /\.d\.m?ts$/;

/** Whether a path (relative, `/`-separated) names a module file that is loaded. */
export function isModulePath(relPath: string): boolean {
  const segments = relPath.split("/");
  if (segments.some((s) => s === "" || s.startsWith("_"))) return false;
  const base = segments[segments.length - 1]!;
  return moduleFile.test(base) && !declarationFile.test(base);
}

/** Code-unit order, independent of locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The module files under `root/modules`, as `/`-separated paths relative to `root`
 * (e.g. `modules/hosts/server.ts`), in load order.
 */
export function listModuleFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => byCodeUnit(a.name, b.name));
    for (const e of entries) {
      const path = `${rel}/${e.name}`;
      if (e.name === "" || e.name.startsWith("_")) continue;
      const stat = e.isSymbolicLink() ? statSync(join(root, path)) : e;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && isModulePath(path)) out.push(path);
    }
  };
  walk(modulesFolder);
  return out;
}
