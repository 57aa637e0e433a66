/**
 * Garbage collection of a store: every entry that is not in the closure of the given
 * roots is removed (with its reference record and manifest), under the store's collector lock.
 * Registered roots live in the store itself: `.gcroots/auto/*` name result links (a
 * link that is gone or no longer points into the store holds nothing, and its
 * registration is dropped), other symlinks in `.gcroots/` point at store paths.
 * An entry with a build lock is being built and is kept.
 */
import { lstat, readdir, readlink, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { removeTree } from "./fs-tree.js";
import { acquireLock } from "./lock.js";
import { manifestPath } from "./manifest.js";
import { closureOf, isStoreEntryName, REFS_DIR } from "./references.js";
import { AUTO_ROOTS_DIR } from "./result-link.js";

/** One removed (or, in a dry run, removable) store path. */
export interface CollectedPath {
  readonly path: string;
  /** Bytes its files took on disk. */
  readonly bytes: number;
}

/** What a collection did. */
export interface CollectionReport {
  /** The store paths the roots held directly. */
  readonly roots: readonly string[];
  /** How many entries stayed. */
  readonly kept: number;
  readonly removed: readonly CollectedPath[];
  readonly freedBytes: number;
  readonly dryRun: boolean;
}

/** The store entry `target` names (a store path or a path inside one), or undefined when it is outside `root`. */
export function storeEntryOf(root: string, target: string): string | undefined {
  const abs = resolve(target);
  if (!abs.startsWith(`${root}/`)) return undefined;
  const name = abs.slice(root.length + 1).split("/")[0]!;
  return isStoreEntryName(name) ? join(root, name) : undefined;
}

async function linkTarget(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || !info.isSymbolicLink()) return undefined;
  return resolve(dirname(path), await readlink(path));
}

/** The store paths the roots registered inside `root` hold; drops stale result-link registrations unless `dryRun`. */
export async function registeredRoots(root: string, dryRun: boolean): Promise<string[]> {
  const held: string[] = [];
  const autoDir = join(root, AUTO_ROOTS_DIR);
  for (const name of await readdir(autoDir).catch(() => [] as string[])) {
    const registration = join(autoDir, name);
    const link = await linkTarget(registration);
    const target = link === undefined ? undefined : await linkTarget(link);
    const entry = target === undefined ? undefined : storeEntryOf(root, target);
    if (entry !== undefined) held.push(entry);
    else if (!dryRun) await unlink(registration).catch(() => undefined);
  }
  const rootsDir = join(root, ".gcroots");
  for (const name of await readdir(rootsDir).catch(() => [] as string[])) {
    const target = await linkTarget(join(rootsDir, name));
    const entry = target === undefined ? undefined : storeEntryOf(root, target);
    if (entry !== undefined) held.push(entry);
  }
  return held;
}

async function diskBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return 0;
  let total = info.blocks * 512;
  if (info.isDirectory()) for (const entry of await readdir(path)) total += await diskBytes(join(path, entry));
  return total;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Removes from the store at `root` every entry outside the closure of `roots` (store
 * paths; those not in this store are ignored) and of the roots registered in the
 * store. With `dryRun`, only reports what it would remove.
 */
export async function collectGarbage(
  root: string,
  roots: readonly string[],
  options: { readonly dryRun?: boolean } = {},
): Promise<CollectionReport> {
  const dryRun = options.dryRun === true;
  const rootDir = resolve(root);
  const lock = await acquireLock(join(rootDir, ".gc.lock"), { timeoutMs: 10 * 60_000 });
  try {
    const names = (await readdir(rootDir).catch(() => [] as string[])).filter(isStoreEntryName);
    const building = new Set(
      (await readdir(rootDir).catch(() => [] as string[]))
        .filter((n) => n.endsWith(".lock"))
        .map((n) => n.slice(0, -5)),
    );
    const direct = new Set<string>();
    for (const path of [...roots.map((r) => storeEntryOf(rootDir, r)), ...(await registeredRoots(rootDir, dryRun))]) {
      if (path !== undefined && (await exists(path))) direct.add(path);
    }
    for (const name of names) if (building.has(name)) direct.add(join(rootDir, name));
    const live = new Set(await closureOf([...direct]));
    const removed: CollectedPath[] = [];
    for (const name of names.sort()) {
      const path = join(rootDir, name);
      if (live.has(path)) continue;
      const bytes = await diskBytes(path);
      if (!dryRun) {
        await removeTree(path);
        await unlink(join(rootDir, REFS_DIR, basename(path))).catch(() => undefined);
        await unlink(manifestPath(rootDir, basename(path))).catch(() => undefined);
      }
      removed.push({ path, bytes });
    }
    return {
      roots: [...direct].sort(),
      kept: names.length - removed.length,
      removed,
      freedBytes: removed.reduce((sum, r) => sum + r.bytes, 0),
      dryRun,
    };
  } finally {
    await lock?.release();
  }
}
