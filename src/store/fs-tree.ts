/** Walks a file tree to seal it read-only, or to remove a sealed tree. @internal */
import { chmod, lstat, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/** Removes write permission everywhere under `path` (symlinks left alone). */
export async function makeReadOnly(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    for (const entry of await readdir(path)) await makeReadOnly(join(path, entry));
    await chmod(path, 0o555);
    return;
  }
  await chmod(path, info.mode & 0o7555);
}

/** Removes `path` even when it was sealed read-only; a missing path is fine. */
export async function removeTree(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return;
  if (info.isDirectory()) await makeWritableDirs(path);
  await rm(path, { recursive: true, force: true });
}

async function makeWritableDirs(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeWritableDirs(join(dir, entry.name));
  }
}
