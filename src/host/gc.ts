/**
 * `tsden gc`: frees the store paths nothing holds. A path is held when it is in the
 * closure of a generation of this machine (the links in the profiles folder), of a
 * registered result link, of a root symlink in the store's `.gcroots/`, or of an entry
 * of the evaluation cache of `tsden run` (`<store>/.cache/run/*.json`, whose `out` it
 * keeps). Everything else is removed, or only listed with `dryRun`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { collectGarbage, type CollectionReport } from "../store/index.js";
import { listGenerations } from "./generations.js";
import { PROFILES_DIR } from "./paths.js";

/** Options of {@link gc}. */
export interface GcOptions {
  /** The store to collect. */
  readonly storeRoot: string;
  /** The profiles folder whose generations are roots (default the host's). */
  readonly profilesDir?: string;
  /** Only report what would be removed. */
  readonly dryRun?: boolean;
}

/** The outputs the evaluation cache of `tsden run` remembers in the store at `storeRoot`. */
export async function runCacheRoots(storeRoot: string): Promise<string[]> {
  const dir = join(storeRoot, ".cache", "run");
  const outs: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith(".json")) continue;
    const entry = await readFile(join(dir, name), "utf8").then(
      (text) => JSON.parse(text) as { out?: unknown },
      () => undefined,
    );
    if (typeof entry?.out === "string") outs.push(entry.out);
  }
  return outs;
}

/** Removes (or lists) the store paths that no generation, result link, root or run cache entry holds. */
export async function gc(options: GcOptions): Promise<CollectionReport> {
  const generations = await listGenerations(options.profilesDir ?? PROFILES_DIR);
  const roots = [...generations.map((g) => g.path), ...(await runCacheRoots(options.storeRoot))];
  return collectGarbage(options.storeRoot, roots, { dryRun: options.dryRun === true });
}
