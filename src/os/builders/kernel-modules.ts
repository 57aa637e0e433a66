/**
 * Kernel module closures from depmod's index: `modules.dep` lists each module's
 * dependencies, `modules.builtin` the ones compiled in, `modules.softdep` the modules
 * to load before others (resolved through `modules.alias`). Pure functions of the text.
 */

/** The parsed index of one kernel's modules directory. */
export interface ModuleIndex {
  /** Module name (underscored) → path relative to the modules directory. */
  readonly paths: ReadonlyMap<string, string>;
  /** Module path → dependency paths, as in modules.dep. */
  readonly deps: ReadonlyMap<string, readonly string[]>;
  /** Names of built-in modules (underscored). */
  readonly builtin: ReadonlySet<string>;
  /** Module name → names to load first (from `softdep NAME pre: ...`). */
  readonly softPre: ReadonlyMap<string, readonly string[]>;
  /** Alias → module names, in file order. */
  readonly aliases: ReadonlyMap<string, readonly string[]>;
}

/** The text of the index files; absent files are empty strings. */
export interface ModuleIndexFiles {
  readonly dep: string;
  readonly builtin: string;
  readonly softdep: string;
  readonly alias: string;
}

/** `virtio-blk` and `kernel/drivers/block/virtio_blk.ko.xz` both name `virtio_blk`. */
export function moduleName(pathOrName: string): string {
  const base = pathOrName.slice(pathOrName.lastIndexOf("/") + 1);
  return base.replace(/\.ko(\.(xz|gz|zst))?$/, "").replace(/-/g, "_");
}

/** Parses depmod's index files. */
export function parseModuleIndex(files: ModuleIndexFiles): ModuleIndex {
  const paths = new Map<string, string>();
  const deps = new Map<string, string[]>();
  for (const line of lines(files.dep)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    const list = line.slice(colon + 1).trim();
    paths.set(moduleName(path), path);
    deps.set(path, list === "" ? [] : list.split(/\s+/));
  }
  const builtin = new Set(lines(files.builtin).map(moduleName));
  const softPre = new Map<string, string[]>();
  for (const line of lines(files.softdep)) {
    const match = /^softdep\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const pre = /(?:^|\s)pre:\s*((?:(?!post:)\S+\s*)*)/.exec(match[2] ?? "");
    const names = (pre?.[1] ?? "")
      .trim()
      .split(/\s+/)
      .filter((n) => n !== "");
    if (names.length > 0) softPre.set(moduleName(match[1] ?? ""), names);
  }
  const aliases = new Map<string, string[]>();
  for (const line of lines(files.alias)) {
    const match = /^alias\s+(\S+)\s+(\S+)$/.exec(line);
    if (match === null) continue;
    const list = aliases.get(match[1] ?? "") ?? [];
    list.push(moduleName(match[2] ?? ""));
    aliases.set(match[1] ?? "", list);
  }
  return { paths, deps, builtin, softPre, aliases };
}

/**
 * The module files to load, dependencies first, for the modules `optional` (first, and
 * only those the kernel ships) and `wanted`. Built-in modules are skipped; an unknown
 * wanted name is an error naming the kernel release.
 */
export function moduleLoadOrder(
  index: ModuleIndex,
  wanted: readonly string[],
  release = "this kernel",
  optional: readonly string[] = [],
): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visitPath = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const name = moduleName(path);
    for (const soft of index.softPre.get(name) ?? []) visitSoft(soft);
    for (const dep of index.deps.get(path) ?? []) visitPath(dep);
    order.push(path);
  };
  const visitSoft = (nameOrAlias: string): void => {
    const name = moduleName(nameOrAlias);
    if (index.builtin.has(name)) return;
    const direct = index.paths.get(name);
    const viaAlias = index.aliases.get(nameOrAlias)?.find((n) => index.paths.has(n) || index.builtin.has(n));
    if (direct !== undefined) visitPath(direct);
    else if (viaAlias !== undefined && !index.builtin.has(viaAlias)) visitPath(index.paths.get(viaAlias) ?? "");
  };
  for (const name of optional.map(moduleName)) {
    const path = index.paths.get(name);
    if (path !== undefined && !index.builtin.has(name)) visitPath(path);
  }
  for (const wantedName of wanted) {
    const name = moduleName(wantedName);
    if (index.builtin.has(name)) continue;
    const path = index.paths.get(name);
    if (path === undefined) {
      throw new Error(
        `kernel module ${JSON.stringify(wantedName)} is neither built into nor shipped with ${release}; ` +
          `check the name (ls lib/modules/<release>/kernel) or drop it from kernelModules`,
      );
    }
    visitPath(path);
  }
  return order;
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}
