/**
 * `import-tree`: class modules from a directory. Each `_<class>` subdirectory holds
 * module files of that class (recursively; names starting with `_` skipped); the
 * files are imported by path. `importTree.host(dir)` uses `dir/<host.name>` for each
 * host (likewise `.user`, `.home`), when that directory exists.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { mergeAspect, type Aspect } from "../aspect.js";
import { take } from "../parametric.js";

const MODULE_FILE = /\.(c?js|json)$/;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith("_") || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (MODULE_FILE.test(name)) out.push(p);
  }
  return out;
}

/** The class modules under `dir/_<class>/`. */
export function importTree(dir: string): Aspect {
  const abs = resolvePath(dir);
  const def: Record<string, unknown> = { description: `import-tree ${abs}` };
  if (existsSync(abs)) {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      if (name.startsWith("_") && name.length > 1 && statSync(p).isDirectory())
        def[name.slice(1)] = { imports: files(p) };
    }
  }
  return mergeAspect({ name: "import-tree", identity: `den/import-tree:${abs}`, anonymous: true }, [
    { file: abs, value: def },
  ]);
}

function per(kind: "host" | "user" | "home") {
  return (dir: string) =>
    take.atLeast([kind], (ctx: Record<string, { name: string }>) => {
      const p = join(dir, ctx[kind]!.name);
      return existsSync(p) ? importTree(p) : null;
    });
}

importTree.host = per("host");
importTree.user = per("user");
importTree.home = per("home");
/** Den's spelling: `den.provides.import-tree.provides.host dir` (alias `_`). */
importTree.provides = { host: importTree.host, user: importTree.user, home: importTree.home };
importTree._ = importTree.provides;
