/**
 * The evaluation cache of `tsden run` (as `nix run`'s): the program a name led to,
 * remembered with the contents of every file the evaluation loaded (the project's
 * module files and whatever they import, inside or outside the project; see
 * `recordLoadedFiles`). An entry is found by a key made of the project folder, the
 * store, the system and name, tsden's own version and compiled files, the list of
 * module files, apt's package lists and busybox (which decide the kernel and
 * initramfs); it is used only while each recorded file still has the recorded
 * contents, so a change to any of them evaluates again. A hit skips loading and
 * evaluating the project when the program is still in the store and its store entry
 * (with what it refers to) passes the store's quick checks. Modules that read other
 * files or the environment need `--no-eval-cache`. Entries live in the user's cache
 * folder (`$XDG_CACHE_HOME/tsden/run`, else `~/.cache/tsden/run`), never in the store,
 * so a read-only store runs too; when that folder is not writable nothing is cached.
 */
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { listModuleFiles } from "../project/index.js";
import { readCacheJson, type Store, writeCacheJson } from "../store/index.js";

/** What a cache entry holds. */
export interface RunCacheEntry {
  readonly out: string;
  readonly program: string;
  /** Every file the evaluation loaded (absolute path) with the sha256 of its contents. */
  readonly files: Readonly<Record<string, string>>;
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

/** The sha256 of a file's contents, or "-" when it cannot be read. */
async function contentHash(path: string): Promise<string> {
  const data = await readFile(path).catch(() => undefined);
  return data === undefined ? "-" : createHash("sha256").update(data).digest("hex");
}

/** The hashes of `paths`' contents, by path. */
export async function hashFiles(paths: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of paths) out[path] = await contentHash(path);
  return out;
}

/** tsden's version: its package.json's, and its compiled files' sizes and times. */
async function ownVersion(hash: ReturnType<typeof createHash>): Promise<void> {
  const own = fileURLToPath(new URL("..", import.meta.url));
  hash.update(await readFile(join(own, "../package.json")).catch(() => Buffer.from("-")));
  await walk(own, async (path) => {
    if (path.endsWith(".js")) hash.update(`\0${relative(own, path)}\0${await stamp(path)}`);
  });
}

/** The cache key of running `name` of the project in `root` with `storeRoot`. */
export async function runCacheKey(root: string, storeRoot: string, system: string, name: string): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ v: 2, root, storeRoot, system, name }));
  let modules: string[] = [];
  try {
    modules = listModuleFiles(root);
  } catch {
    modules = [];
  }
  hash.update(`\0modules\0${modules.join("\0")}`);
  await ownVersion(hash);
  for (const path of ["/var/lib/apt/lists", "/bin/busybox"]) hash.update(`\0${path}\0${await stamp(path)}`);
  return hash.digest("hex").slice(0, 32);
}

/** The folder of the run cache: `$XDG_CACHE_HOME/tsden/run`, else `~/.cache/tsden/run`. */
export function runCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME;
  return join(cacheHome !== undefined && cacheHome !== "" ? cacheHome : join(homedir(), ".cache"), "tsden", "run");
}

function entryPath(key: string): string {
  return join(runCacheDir(), `${key}.json`);
}

/** The entry under `key`, when its program is still there, its store entry is intact and every file it loaded is unchanged. */
export async function readRunCache(store: Store, key: string): Promise<RunCacheEntry | undefined> {
  const entry = await readCacheJson<RunCacheEntry>(entryPath(key));
  if (
    entry === undefined ||
    typeof entry.program !== "string" ||
    typeof entry.out !== "string" ||
    !entry.program.startsWith(`${entry.out}/`)
  )
    return undefined;
  if (typeof entry.files !== "object" || entry.files === null || Object.keys(entry.files).length === 0)
    return undefined;
  for (const [path, sha] of Object.entries(entry.files)) if ((await contentHash(path)) !== sha) return undefined;
  if (!(await stat(entry.program).catch(() => undefined))?.isFile()) return undefined;
  return (await store.damageOf(entry.out)).length === 0 ? entry : undefined;
}

/** Remembers `entry` under `key` (written to a temporary file, then renamed); does nothing when the cache folder is not writable. */
export async function writeRunCache(key: string, entry: RunCacheEntry): Promise<void> {
  await writeCacheJson(entryPath(key), entry);
}
