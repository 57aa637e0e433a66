/**
 * What a store entry holds, recorded when it is sealed: every file with its size,
 * executable bit and SHA-256, every symlink with its target, every folder. The
 * record lives outside the entry, in `<store>/.manifests/<hash>-<name>.json`, written
 * to a temporary file and renamed. An entry is damaged when what is on disk differs
 * from its record: `quick` checks kind and size of everything, and the contents of
 * entries up to 1 MiB in all (scripts, configuration: cheap enough for every use);
 * `full` hashes everything and also finds
 * files that were added. (Which entries an entry refers to is recorded apart, by
 * `references.ts`.)
 */
import { createHash } from "node:crypto";
import { createReadStream, lstatSync, readFileSync, readlinkSync, type Stats } from "node:fs";
import { lstat, mkdir, readdir, readFile, readlink, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** One thing in an entry: a folder, a file or a symlink, at a `/`-separated path ("" for the entry itself). */
export type ManifestItem =
  | { readonly path: string; readonly type: "dir" }
  | {
      readonly path: string;
      readonly type: "file";
      readonly size: number;
      readonly exec: boolean;
      readonly sha256: string;
    }
  | { readonly path: string; readonly type: "symlink"; readonly target: string };

/** The record of a sealed store entry. */
export interface Manifest {
  readonly version: 1;
  readonly items: readonly ManifestItem[];
}

/** Entries whose files total at most this many bytes have their contents checked by `quick` verification. */
export const QUICK_HASH_LIMIT = 1024 * 1024;

/** Where the manifest of the entry `base` lives in the store at `root`. */
export function manifestPath(root: string, base: string): string {
  return join(root, ".manifests", `${base}.json`);
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Records what the (sealed) tree at `path` holds. */
export async function describeTree(path: string): Promise<Manifest> {
  const items: ManifestItem[] = [];
  const visit = async (full: string, rel: string): Promise<void> => {
    const info = await lstat(full);
    if (info.isSymbolicLink()) items.push({ path: rel, type: "symlink", target: await readlink(full) });
    else if (info.isDirectory()) {
      items.push({ path: rel, type: "dir" });
      for (const name of (await readdir(full)).sort())
        await visit(join(full, name), rel === "" ? name : `${rel}/${name}`);
    } else if (info.isFile()) {
      items.push({
        path: rel,
        type: "file",
        size: info.size,
        exec: (info.mode & 0o111) !== 0,
        sha256: await hashFile(full),
      });
    } else {
      throw new Error(`${full} is neither a file, a folder nor a symlink; a store entry holds only those`);
    }
  };
  await visit(path, "");
  return { version: 1, items };
}

/** Writes `manifest` for the entry `base` (temporary file, then rename). */
export async function writeManifest(root: string, base: string, manifest: Manifest): Promise<void> {
  const file = manifestPath(root, base);
  await mkdir(join(root, ".manifests"), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest)}\n`);
  await rename(temp, file);
}

/** The manifest of the entry `base`, or undefined when none was recorded (or it is unreadable). */
export async function readManifest(root: string, base: string): Promise<Manifest | undefined> {
  const text = await readFile(manifestPath(root, base), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Manifest;
    return parsed.version === 1 && Array.isArray(parsed.items) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(info: Stats): string {
  return info.isSymbolicLink() ? "symlink" : info.isDirectory() ? "dir" : info.isFile() ? "file" : "special file";
}

function sha256Sync(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * The first difference between the entry at `path` and its manifest, or undefined when
 * there is none. `full` hashes every file and looks for added files; otherwise only
 * kinds, sizes, link targets, and contents when the entry holds at most `QUICK_HASH_LIMIT` bytes.
 */
export async function findDamage(path: string, manifest: Manifest, full: boolean): Promise<string | undefined> {
  const expected = new Set<string>();
  const total = manifest.items.reduce((sum, item) => sum + (item.type === "file" ? item.size : 0), 0);
  const hashContents = full || total <= QUICK_HASH_LIMIT;
  for (const item of manifest.items) {
    expected.add(item.path);
    const where = item.path === "" ? "the entry" : item.path;
    const file = item.path === "" ? path : join(path, item.path);
    let info: Stats;
    try {
      info = lstatSync(file);
    } catch {
      return `${where} is missing`;
    }
    if (kindOf(info) !== item.type) return `${where} is a ${kindOf(info)}, not a ${item.type}`;
    if (item.type === "symlink" && readlinkSync(file) !== item.target) return `${where} points elsewhere`;
    if (item.type !== "file") continue;
    if (info.size !== item.size) return `${where} has ${info.size} bytes instead of ${item.size}`;
    if (((info.mode & 0o111) !== 0) !== item.exec) return `${where} lost or gained its executable bit`;
    if (hashContents) {
      const actual = item.size <= QUICK_HASH_LIMIT ? sha256Sync(file) : await hashFile(file);
      if (actual !== item.sha256) return `${where} has other contents than when it was built`;
    }
  }
  if (full) {
    for (const item of manifest.items) {
      if (item.type !== "dir") continue;
      const dir = item.path === "" ? path : join(path, item.path);
      for (const name of await readdir(dir)) {
        const rel = item.path === "" ? name : `${item.path}/${name}`;
        if (!expected.has(rel)) return `${rel} was added after the entry was built`;
      }
    }
  }
  return undefined;
}
