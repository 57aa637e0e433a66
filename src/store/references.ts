/**
 * References between store paths, found the way Nix finds them: an output refers to
 * another store path when its files or symlink targets contain `<root>/<hash>-` of a
 * path present in the store. The store scans each output once, after its build and
 * before it is renamed into place, and records the base names it refers to in
 * `<root>/.refs/<base>` (one a line; an empty file for none). A path without a record
 * (built before records existed, or copied in without one) is scanned when first
 * asked. A path's closure is the path and everything it refers to, transitively:
 * what a target needs before the path can be used there.
 */
import { open, mkdir, readFile, readdir, readlink, lstat, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The folder of reference records inside a store root. */
export const REFS_DIR = ".refs";

const HASH_LENGTH = 32;
const BASE32 = new Set("0123456789abcdfghijklmnpqrsvwxyz".split("").map((c) => c.charCodeAt(0)));
const DASH = "-".charCodeAt(0);
const CHUNK = 1 << 20;

/** True when `name` is an entry of the store (an output), not a lock, temporary or record. */
export function isStoreEntryName(name: string): boolean {
  return /^[0-9a-df-np-sv-z]{32}-[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$/.test(name) && !name.endsWith(".lock");
}

/** The hashes of `<root>/<hash>-` occurrences in `bytes` (a whole file or a link target). */
function hashesIn(bytes: Buffer, needle: Buffer, found: Set<string>): void {
  let at = bytes.indexOf(needle);
  while (at >= 0) {
    const start = at + needle.length;
    if (start + HASH_LENGTH < bytes.length && bytes[start + HASH_LENGTH] === DASH) {
      let ok = true;
      for (let i = start; i < start + HASH_LENGTH; i++) {
        if (!BASE32.has(bytes[i]!)) {
          ok = false;
          break;
        }
      }
      if (ok) found.add(bytes.toString("latin1", start, start + HASH_LENGTH));
    }
    at = bytes.indexOf(needle, at + 1);
  }
}

async function scanFile(file: string, needle: Buffer, found: Set<string>): Promise<void> {
  const handle = await open(file, "r");
  try {
    const overlap = needle.length + HASH_LENGTH + 1;
    const buffer = Buffer.alloc(CHUNK + overlap);
    let kept = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, CHUNK, null);
      if (bytesRead === 0) break;
      const filled = kept + bytesRead;
      hashesIn(buffer.subarray(0, filled), needle, found);
      kept = Math.min(overlap, filled);
      buffer.copy(buffer, 0, filled - kept, filled);
    }
  } finally {
    await handle.close();
  }
}

async function scanTree(path: string, needle: Buffer, found: Set<string>): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    hashesIn(Buffer.from(`${await readlink(path)}/`, "latin1"), needle, found);
  } else if (info.isDirectory()) {
    for (const entry of await readdir(path)) await scanTree(join(path, entry), needle, found);
  } else if (info.isFile()) {
    await scanFile(path, needle, found);
  }
}

/** The store entries of `root` by their hash part. */
async function entriesByHash(root: string): Promise<Map<string, string>> {
  const names = await readdir(root).catch(() => [] as string[]);
  return new Map(names.filter(isStoreEntryName).map((name) => [name.slice(0, HASH_LENGTH), name]));
}

/**
 * The base names of the store entries in `root` that the tree at `path` refers to,
 * sorted; `self` (the tree's own base name) is left out.
 */
export async function scanReferences(root: string, path: string, self: string): Promise<string[]> {
  const found = new Set<string>();
  await scanTree(path, Buffer.from(`${root}/`, "latin1"), found);
  if (found.size === 0) return [];
  const entries = await entriesByHash(root);
  const refs: string[] = [];
  for (const hash of found) {
    const name = entries.get(hash);
    if (name !== undefined && name !== self) refs.push(name);
  }
  return refs.sort();
}

/** Writes the record of `base`'s references (to a temporary file, then renamed). */
export async function recordReferences(root: string, base: string, refs: readonly string[]): Promise<void> {
  const dir = join(root, REFS_DIR);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.tmp-${process.pid}-${base}`);
  await writeFile(temp, refs.map((r) => `${r}\n`).join(""));
  await rename(temp, join(dir, base));
}

/**
 * The base names the store path `path` refers to: its record, else a scan (recorded
 * when the store is writable).
 */
export async function referencesOf(path: string): Promise<string[]> {
  const root = dirname(path);
  const base = basename(path);
  const text = await readFile(join(root, REFS_DIR, base), "utf8").catch(() => undefined);
  if (text !== undefined) return text.split("\n").filter((line) => line !== "");
  const refs = await scanReferences(root, path, base);
  await recordReferences(root, base, refs).catch(() => undefined);
  return refs;
}

/**
 * The closure of `paths` (store paths of one store root): each path and everything it
 * refers to, transitively, as absolute paths with every path after the paths it
 * refers to (so copying in this order never leaves a dangling reference).
 */
export async function closureOf(paths: readonly string[]): Promise<string[]> {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = async (path: string): Promise<void> => {
    if (state.has(path)) return;
    state.set(path, "visiting");
    const root = dirname(path);
    for (const ref of await referencesOf(path)) {
      const refPath = join(root, ref);
      if (
        await lstat(refPath).then(
          () => true,
          () => false,
        )
      )
        await visit(refPath);
    }
    state.set(path, "done");
    order.push(path);
  };
  for (const path of paths) {
    if (
      !(await lstat(path).then(
        () => true,
        () => false,
      ))
    ) {
      throw new Error(`${path} is not in the store; build it first`);
    }
    await visit(path);
  }
  return order;
}
