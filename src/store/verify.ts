/**
 * Checking store entries against the manifests recorded when they were sealed. An
 * entry is usable when it and every entry it refers to (transitively, as
 * `references.ts` records them) match their records; an entry referring to a missing
 * entry is unusable too. Entries without a manifest (sealed by an older tsden) are
 * trusted as they are. @internal
 */
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { findDamage, readManifest } from "./manifest.js";
import { isStoreEntryName, referencesOf } from "./references.js";

/** A damaged (or missing) store entry and what is wrong with it. */
export interface Damage {
  /** The entry's base name, `<hash>-<name>`. */
  readonly base: string;
  readonly problem: string;
}

/** A cache of quick checks: base name → its damage (undefined when intact). */
export type CheckMemo = Map<string, Promise<string | undefined>>;

/** What is wrong with the entry `base` itself, or undefined when it matches its record. */
export async function entryDamage(root: string, base: string, full: boolean): Promise<string | undefined> {
  const path = join(root, base);
  if ((await lstat(path).catch(() => undefined)) === undefined) return "it is missing";
  const manifest = await readManifest(root, base);
  if (manifest === undefined) return undefined;
  return findDamage(path, manifest, full);
}

/**
 * The damaged entries in the closure of `base` (itself first, then what it refers to),
 * by quick checks; empty when the whole closure is usable. `memo` shares checks between
 * calls of one process.
 */
export async function closureDamage(root: string, base: string, memo: CheckMemo): Promise<Damage[]> {
  const found: Damage[] = [];
  const seen = new Set<string>();
  const visit = async (b: string): Promise<void> => {
    if (seen.has(b)) return;
    seen.add(b);
    let check = memo.get(b);
    if (check === undefined) {
      check = entryDamage(root, b, false);
      memo.set(b, check);
    }
    const problem = await check;
    if (problem !== undefined) {
      found.push({ base: b, problem });
      return;
    }
    for (const ref of await referencesOf(join(root, b))) await visit(ref);
  };
  await visit(base);
  return found;
}

/** The base names of the entries in the store at `root` (not build folders, locks or records). */
export async function storeEntries(root: string): Promise<string[]> {
  return (await readdir(root).catch(() => [] as string[])).filter(isStoreEntryName).sort();
}
