/**
 * Cache files: answers worth remembering (apt resolutions, evaluation results) kept as
 * JSON. A cache is an optimisation only: a file that cannot be written (a read-only
 * store, a full disk) is skipped, and one that cannot be read or parsed is a miss.
 * Writes go to a temporary file that is renamed, so readers see whole files.
 */
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** The parsed contents of the cache file `file`, or undefined when it is missing or unreadable. */
export async function readCacheJson<T>(file: string): Promise<T | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Writes `value` as JSON to the cache file `file`; does nothing when it cannot be written. */
export async function writeCacheJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}
