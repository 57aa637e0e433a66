/**
 * The names apt knows (`apt-cache pkgnames`): to find an unknown package name when a
 * configuration is evaluated, and for errors that suggest close matches. Cached in
 * the store's Debian cache until apt's lists change.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closest } from "../../modules/index.js";
import { run } from "../builders/run.js";
import { readCacheJson, writeCacheJson } from "../cache-file.js";
import { APT_LISTS, aptListsStamp } from "./apt-lists.js";

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
  const names = stdout
    .split("\n")
    .filter((n) => n !== "")
    .sort();
  if (file !== undefined) await writeCacheJson(file, { stamp, names });
  return names;
}

/** The error for a name apt cannot install, with up to three close matches. */
export async function unknownPackageError(name: string, options: NameOptions = {}): Promise<Error> {
  const names = await debianPackageNames(options).catch(() => [] as string[]);
  const near = closest(
    name,
    names.filter((n) => n !== name),
  );
  const what =
    options.virtual === true
      ? `Debian package ${JSON.stringify(name)} has no installable version (a virtual package: pick a package that provides it)`
      : `unknown Debian package ${JSON.stringify(name)}: apt's lists have no package of that name`;
  const hint =
    near.length > 0
      ? `; did you mean ${near.map((n) => `pkgs.${n}`).join(", ")}?`
      : "; check the name with: apt-cache search <word>";
  return new Error(`${what}${hint} (after changing apt's sources, run "apt-get update")`);
}

/** The names of apt's lists, read synchronously (at evaluation); cached per cache folder and lists stamp. */
const known = new Map<string, { stamp: string; names: ReadonlySet<string> }>();

/**
 * Every package name in apt's lists, read without waiting on the event loop (a module
 * reading `pkgs.<name>` is evaluated synchronously): from `cacheDir`'s `pkgnames.json`
 * when it matches the lists, else from `apt-cache pkgnames` (then written there).
 * Undefined when this machine has no apt lists or no apt-cache: names are then not
 * checked before the build.
 */
export function debianPackageNamesSync(cacheDir: string): ReadonlySet<string> | undefined {
  let stamp: string;
  try {
    stamp = `${statSync(APT_LISTS).mtimeMs}`;
  } catch {
    return undefined;
  }
  const memo = known.get(cacheDir);
  if (memo?.stamp === stamp) return memo.names;
  const file = join(cacheDir, "pkgnames.json");
  let names: string[] | undefined;
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as { stamp: string; names: string[] };
    if (cached.stamp === stamp && Array.isArray(cached.names)) names = cached.names;
  } catch {
    names = undefined;
  }
  if (names === undefined) {
    try {
      names = execFileSync("apt-cache", ["pkgnames"], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "ignore"],
      })
        .split("\n")
        .filter((n) => n !== "")
        .sort();
    } catch {
      return undefined;
    }
    if (names.length === 0) return undefined;
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify({ stamp, names }));
      renameSync(`${file}.${process.pid}.tmp`, file);
    } catch {
      // a read-only cache: the names are kept for this process only
    }
  }
  const set = new Set(names);
  known.set(cacheDir, { stamp, names: set });
  return set;
}

/**
 * The error for a `pkgs.<name>` apt's lists do not have (code `UNKNOWN_PACKAGE`), found
 * when a module reads it: up to three close matches in the hint.
 */
export function unknownPackageNameError(name: string, names: ReadonlySet<string>): Error {
  const near = closest(name, names);
  const error = new Error(`pkgs.${name}: apt's lists have no Debian package named ${JSON.stringify(name)}.`);
  return Object.assign(error, {
    code: "UNKNOWN_PACKAGE",
    hint: `${near.length > 0 ? `Did you mean ${near.map((n) => `pkgs.${n}`).join(", ")}? ` : "Search with: apt-cache search <word>. "}After changing apt's sources, run apt-get update.`,
  });
}
