/**
 * The evaluation cache of `tsden run` (as `nix run`'s): the program a name led to,
 * remembered under a key made of everything the evaluation is assumed to read: the
 * project's `modules/` files (contents), tsden's own compiled files (sizes and times),
 * the store, the system and name, apt's package lists and busybox (which decide the
 * kernel and initramfs). A hit skips loading and evaluating the project when the
 * program is still in the store. A project whose modules read other files or the
 * environment must run with `--no-eval-cache`.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** What a cache entry holds. */
export interface RunCacheEntry {
  readonly out: string;
  readonly program: string;
}

async function walk(dir: string, visit: (path: string) => Promise<void>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, visit);
    else await visit(path);
  }
}

/** Size and modification time of a file, or "-" when it is missing. */
async function stamp(path: string): Promise<string> {
  const s = await stat(path).catch(() => undefined);
  return s === undefined ? "-" : `${s.size}:${s.mtimeMs}`;
}

/** The cache key of running `name` of the project in `root` with `storeRoot`. */
export async function runCacheKey(root: string, storeRoot: string, system: string, name: string): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ v: 1, root, storeRoot, system, name }));
  await walk(join(root, "modules"), async (path) => {
    hash.update(`\0${relative(root, path)}\0`);
    hash.update(await readFile(path).catch(() => Buffer.from("-")));
  });
  const own = fileURLToPath(new URL("..", import.meta.url));
  await walk(own, async (path) => {
    if (path.endsWith(".js")) hash.update(`\0${relative(own, path)}\0${await stamp(path)}`);
  });
  for (const path of ["/var/lib/apt/lists", "/bin/busybox"]) hash.update(`\0${path}\0${await stamp(path)}`);
  return hash.digest("hex").slice(0, 32);
}

function entryPath(storeRoot: string, key: string): string {
  return join(storeRoot, ".cache", "run", `${key}.json`);
}

/** The entry under `key`, when its program is still there. */
export async function readRunCache(storeRoot: string, key: string): Promise<RunCacheEntry | undefined> {
  const entry = await readFile(entryPath(storeRoot, key), "utf8").then(
    (text) => JSON.parse(text) as RunCacheEntry,
    () => undefined,
  );
  if (entry === undefined || typeof entry.program !== "string" || !entry.program.startsWith(`${entry.out}/`)) return undefined;
  return (await stat(entry.program).catch(() => undefined))?.isFile() ? entry : undefined;
}

/** Remembers `entry` under `key` (written to a temporary file, then renamed). */
export async function writeRunCache(storeRoot: string, key: string, entry: RunCacheEntry): Promise<void> {
  const path = entryPath(storeRoot, key);
  await mkdir(join(storeRoot, ".cache", "run"), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(entry));
  await rename(temp, path);
}
