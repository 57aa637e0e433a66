/** The names apt knows (`apt-cache pkgnames`), for errors that suggest close matches. */
import { join } from "node:path";
import { closest } from "../../modules/errors/suggest.js";
import { run } from "../builders/run.js";
import { readCacheJson, writeCacheJson } from "../cache-file.js";
import { aptListsStamp } from "./apt-lists.js";

/** Options of the name look-ups. */
export interface NameOptions {
  readonly cacheDir?: string;
  /** True when apt knows the name but has no installable version of it (a virtual package). */
  readonly virtual?: boolean;
}

/** Every package name in apt's lists (cached in `cacheDir` until the lists change). */
export async function debianPackageNames(options: NameOptions = {}): Promise<string[]> {
  const stamp = await aptListsStamp();
  const file = options.cacheDir === undefined ? undefined : join(options.cacheDir, "pkgnames.json");
  if (file !== undefined) {
    const cached = await readCacheJson<{ stamp: string; names: string[] }>(file);
    if (cached?.stamp === stamp) return cached.names;
  }
  const { stdout } = await run("apt-cache", ["pkgnames"]);
  const names = stdout.split("\n").filter((n) => n !== "").sort();
  if (file !== undefined) await writeCacheJson(file, { stamp, names });
  return names;
}

/** The error for a name apt cannot install, with up to three close matches. */
export async function unknownPackageError(name: string, options: NameOptions = {}): Promise<Error> {
  const names = await debianPackageNames(options).catch(() => [] as string[]);
  const near = closest(name, names.filter((n) => n !== name));
  const what = options.virtual === true
    ? `Debian package ${JSON.stringify(name)} has no installable version (a virtual package: pick a package that provides it)`
    : `unknown Debian package ${JSON.stringify(name)}: apt's lists have no package of that name`;
  const hint = near.length > 0 ? `; did you mean ${near.map((n) => `pkgs.${n}`).join(", ")}?` : "; check the name with: apt-cache search <word>";
  return new Error(`${what}${hint} (after changing apt's sources, run "apt-get update")`);
}
