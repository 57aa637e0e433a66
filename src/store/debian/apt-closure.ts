/**
 * A Debian package's closure as apt resolves it: `apt-get install --print-uris` against
 * an empty dpkg status (nothing installed), so apt itself picks every package the named
 * ones depend on (Depends and Pre-Depends, no Recommends) and the versions it would
 * install. Nothing here reads a dependency field; we only read the archive file names
 * apt prints. Resolutions are remembered in a cache file until apt's lists change.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run, RunError } from "../builders/run.js";
import { reportWork } from "../build-events.js";
import { readCacheJson, writeCacheJson } from "../cache-file.js";
import { withScratchFolder } from "../scratch-folder.js";
import { aptListsStamp } from "./apt-lists.js";
import { unknownPackageError } from "./package-names.js";

/** One archive file of a closure, as apt names it. */
export interface DebianDeb {
  /** The package name, e.g. `libc6`. */
  readonly package: string;
  /** The version apt chose, e.g. `2.36-9+deb12u4` (epochs included). */
  readonly version: string;
  readonly arch: string;
  /** The file name in apt's archive cache, e.g. `zlib1g_1%3a1.2.13.dfsg-1_amd64.deb`. */
  readonly file: string;
  readonly size: number;
  /** The archive's checksum as apt prints it (`SHA256:...`; `MD5Sum:...` from older resolutions), or "" when it prints none. */
  readonly hash: string;
}

/** A Debian package name (policy §5.6.1), also what `pkgs.<name>` accepts. */
export const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** The prefix of the scratch folders apt resolves in (in the temporary folder; what killed resolutions left is swept). */
export const APT_SCRATCH = "tsden-apt-";

/** The format of cached resolutions (2: checksums are SHA-256). */
const CACHE_VERSION = 2;

/** Options shared by the resolvers: the cache directory (default: none). */
export interface AptOptions {
  readonly cacheDir?: string;
}

/**
 * The closure of `names` (sorted by file name): every archive file apt would install on
 * a system with nothing installed. An unknown name is an error with close matches.
 */
export async function resolveDebianClosure(names: readonly string[], options: AptOptions = {}): Promise<DebianDeb[]> {
  for (const name of names) {
    if (!DEBIAN_NAME.test(name)) {
      throw new Error(
        `${JSON.stringify(name)} is not a Debian package name (lower-case letters, digits, "+", "-" and ".", at least two characters)`,
      );
    }
  }
  const wanted = [...new Set(names)].sort();
  const stamp = await aptListsStamp();
  const cacheFile =
    options.cacheDir === undefined
      ? undefined
      : join(options.cacheDir, `closure-${wanted.join(",")}.json`.slice(0, 200));
  if (cacheFile !== undefined) {
    const cached = await readCacheJson<{ v?: number; stamp: string; names: string[]; debs: DebianDeb[] }>(cacheFile);
    if (cached?.v === CACHE_VERSION && cached.stamp === stamp && cached.names.join(",") === wanted.join(","))
      return cached.debs;
  }
  const debs = await reportWork("resolve", wanted.join(" "), () => printUris(wanted, options));
  if (cacheFile !== undefined) await writeCacheJson(cacheFile, { v: CACHE_VERSION, stamp, names: wanted, debs });
  return debs;
}

async function printUris(names: readonly string[], options: AptOptions): Promise<DebianDeb[]> {
  return withScratchFolder(APT_SCRATCH, async (scratch) => {
    await mkdir(join(scratch, "archives", "partial"), { recursive: true });
    await writeFile(join(scratch, "status"), "");
    const args = [
      "install",
      "--print-uris",
      "-qq",
      "--no-install-recommends",
      "--no-install-suggests",
      "-o",
      `Dir::State::status=${join(scratch, "status")}`,
      "-o",
      `Dir::Cache::archives=${join(scratch, "archives")}`,
      "-o",
      "Debug::NoLocking=1",
      // apt prints MD5 sums unless told otherwise; SHA-256 is what cached files are checked against
      "-o",
      "Acquire::ForceHash=SHA256",
      "--",
      ...names,
    ];
    let stdout: string;
    try {
      ({ stdout } = await run("apt-get", args, { env: { ...process.env, LC_ALL: "C" } }));
    } catch (error) {
      const stderr = error instanceof RunError ? (error.result?.stderr ?? "") : "";
      const missing = [...stderr.matchAll(/Unable to locate package (\S+)/g)].map((m) => m[1]!);
      const noCandidate = [...stderr.matchAll(/Package '?([^'\s]+)'? has no installation candidate/g)].map(
        (m) => m[1]!,
      );
      const first = missing[0] ?? noCandidate[0];
      if (first !== undefined) throw await unknownPackageError(first, { ...options, virtual: missing.length === 0 });
      throw error;
    }
    return parsePrintUris(stdout);
  });
}

/** Reads `apt-get --print-uris` lines: `'URI' FILE SIZE HASH`. */
export function parsePrintUris(text: string): DebianDeb[] {
  const debs: DebianDeb[] = [];
  for (const line of text.split("\n")) {
    const match = /^'[^']+'\s+(\S+\.deb)\s+(\d+)\s*(\S*)\s*$/.exec(line);
    if (match === null) continue;
    const file = match[1]!;
    const [pkg, version, arch] = file.slice(0, -".deb".length).split("_");
    if (pkg === undefined || version === undefined || arch === undefined) continue;
    debs.push({
      package: pkg,
      version: decodeURIComponent(version),
      arch,
      file,
      size: Number(match[2]),
      hash: match[3] ?? "",
    });
  }
  return debs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
