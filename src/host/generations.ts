/**
 * Generations: every activation of a host output is kept as `system-<N>-link` in the
 * profiles folder, pointing at the output's store path; `system` points at the
 * current one. A generation's time is its link's modification time. Listing reads the
 * links only; it never changes them.
 */
import { lstat, readdir, readlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseGenerationLinkName, PROFILES_DIR, SYSTEM_PROFILE } from "./paths.js";

/** One generation of a host. */
export interface Generation {
  /** Its number (the N of `system-<N>-link`). */
  readonly number: number;
  /** The store path its link points at. */
  readonly path: string;
  /** When it was made (its link's mtime). */
  readonly time: Date;
  /** Whether `system` points at it. */
  readonly current: boolean;
}

/** The generations in `profilesDir` (default the host's), oldest first; none when the folder is missing. */
export async function listGenerations(profilesDir: string = PROFILES_DIR): Promise<Generation[]> {
  const names = await readdir(profilesDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const current = await readlink(join(profilesDir, SYSTEM_PROFILE)).catch(() => undefined);
  const found: Generation[] = [];
  for (const name of names) {
    const number = parseGenerationLinkName(name);
    if (number === undefined) continue;
    const link = join(profilesDir, name);
    const info = await lstat(link).catch(() => undefined);
    if (info === undefined || !info.isSymbolicLink()) continue;
    const target = await readlink(link);
    found.push({
      number,
      path: resolve(profilesDir, target),
      time: info.mtime,
      current: current !== undefined && (current === name || resolve(profilesDir, current) === link),
    });
  }
  return found.sort((a, b) => a.number - b.number);
}
