/**
 * Scratch folders in the system's temporary folder (`/tmp/tsden-apt-…` while apt
 * resolves a closure), each owned by a lock: the lock file `<folder>.lock` next to it
 * is taken (flock, see `lock.ts`) before the folder is made and released only after
 * the folder is removed. A process killed while it uses one leaves the folder behind,
 * but its lock ends with it; the next use of the same prefix (or
 * {@link sweepScratchFolders}) removes every folder of that prefix whose lock no live
 * process holds. Only entries of the current user are looked at: the temporary folder
 * is shared, and another user's entries are never touched.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tryLock } from "./lock.js";

/** What a sweep removed: folders and lock files of processes that are gone. */
export interface ScratchSweep {
  readonly folders: string[];
  readonly locks: string[];
}

const LOCK = ".lock";

/** Bases (`folder prefix`) already swept by this process. */
const swept = new Set<string>();

/** Whether `path` is an entry of the current user of the given kind (never follows a link). */
async function ours(path: string, kind: "dir" | "file"): Promise<boolean> {
  const s = await lstat(path).catch(() => undefined);
  if (s === undefined) return false;
  if (process.getuid !== undefined && s.uid !== process.getuid()) return false;
  return kind === "dir" ? s.isDirectory() : s.isFile();
}

/**
 * Removes the folders named `<prefix>…` in `base` (default: the temporary folder) and
 * their lock files when no live process holds the lock. A folder without a lock file
 * is abandoned (its lock file is made before it and removed after it).
 */
export async function sweepScratchFolders(prefix: string, base: string = tmpdir()): Promise<ScratchSweep> {
  const result: ScratchSweep = { folders: [], locks: [] };
  const names = await readdir(base).catch(() => [] as string[]);
  const folders = names.filter((n) => n.startsWith(prefix) && !n.endsWith(LOCK));
  const locks = new Set(names.filter((n) => n.startsWith(prefix) && n.endsWith(LOCK)));
  for (const name of folders) {
    if (!(await ours(join(base, name), "dir"))) continue;
    const lockName = `${name}${LOCK}`;
    locks.delete(lockName);
    if (!names.includes(lockName)) {
      await rm(join(base, name), { recursive: true, force: true }).catch(() => undefined);
      result.folders.push(name);
      continue;
    }
    if (!(await ours(join(base, lockName), "file"))) continue;
    const lock = await tryLock(join(base, lockName), `removing the abandoned ${name}`).catch(() => undefined);
    if (lock === undefined) continue;
    try {
      await rm(join(base, name), { recursive: true, force: true });
      result.folders.push(name);
      result.locks.push(lockName);
    } finally {
      await lock.release();
    }
  }
  for (const lockName of locks) {
    if (!(await ours(join(base, lockName), "file"))) continue;
    const lock = await tryLock(join(base, lockName), "removing an abandoned lock").catch(() => undefined);
    if (lock === undefined) continue;
    await lock.release();
    result.locks.push(lockName);
  }
  return result;
}

/**
 * Runs `use` with a new, empty folder `<base>/<prefix><random>` (mode 0700) held by its
 * lock, then removes the folder and the lock. The first use of a prefix in a process
 * sweeps what killed processes left (see {@link sweepScratchFolders}).
 */
export async function withScratchFolder<T>(
  prefix: string,
  use: (dir: string) => Promise<T>,
  base: string = tmpdir(),
): Promise<T> {
  const key = join(base, prefix);
  if (!swept.has(key)) {
    swept.add(key);
    await sweepScratchFolders(prefix, base);
  }
  for (let attempt = 0; ; attempt++) {
    const dir = join(base, `${prefix}${randomBytes(6).toString("hex")}`);
    const lock = await tryLock(`${dir}${LOCK}`, `using the scratch folder ${dir}`);
    if (lock === undefined) {
      if (attempt < 5) continue;
      throw new Error(`cannot take the lock of a new scratch folder ${dir}: another process holds it`);
    }
    try {
      await mkdir(dir, { mode: 0o700 });
    } catch (error) {
      await lock.release();
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && attempt < 5) continue;
      throw error;
    }
    try {
      return await use(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await lock.release();
    }
  }
}
