/**
 * The archive cache: downloaded .deb files kept by file name (apt's own naming, which
 * holds name, version and architecture) in one directory, so a package is downloaded
 * once whatever store path needs it. A cached file is used only when its size and
 * checksum are the ones apt gave for it (`--print-uris`, from the signed Packages
 * index); a file that differs is downloaded again. Downloads go through `apt-get
 * download` into a download folder owned by a lock (so a killed download's folder is
 * removed by the next one) and are renamed into place, so a cached file is complete.
 * The checksum of each file is also kept next to it (`.hashes/<file>`) for
 * `tsden store verify`.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { watchDownload } from "../build-events.js";
import { run } from "../builders/run.js";
import { removeTree } from "../fs-tree.js";
import { tryLock } from "../lock.js";
import type { DebianDeb } from "./apt-closure.js";

/** What `fetchDebs` did: the files' paths, in the order given, and how many it downloaded. */
export interface FetchedDebs {
  readonly files: string[];
  readonly downloaded: number;
}

/** Node's name of the hash apt prints as `SHA256:`, `SHA512:`, `SHA1:` or `MD5Sum:`. */
const ALGORITHMS: Record<string, string> = { SHA256: "sha256", SHA512: "sha512", SHA1: "sha1", MD5Sum: "md5" };

/** The checksum of `file` in apt's notation for `expected` (`SHA256:<hex>`); undefined for an unknown notation. */
export async function fileChecksum(file: string, expected: string): Promise<string | undefined> {
  const [kind] = expected.split(":");
  const algorithm = kind === undefined ? undefined : ALGORITHMS[kind];
  if (algorithm === undefined) return undefined;
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `${kind}:${hash.digest("hex")}`;
}

/** Why the cached `file` is not `deb` (missing, other size, other checksum), or undefined when it is. */
export async function debProblem(file: string, deb: Pick<DebianDeb, "size" | "hash">): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) return "missing";
  if (info.size !== deb.size) return `${info.size} bytes instead of ${deb.size}`;
  if (deb.hash === "") return undefined;
  const actual = await fileChecksum(file, deb.hash);
  if (actual !== undefined && actual.toLowerCase() !== deb.hash.toLowerCase())
    return `checksum ${actual} instead of ${deb.hash}`;
  return undefined;
}

/** Where the checksum of a cached file is kept. */
function hashFile(archiveDir: string, file: string): string {
  return join(archiveDir, ".hashes", file);
}

/** Keeps the size and checksum of a cached file next to it (once). */
async function record(archiveDir: string, deb: DebianDeb): Promise<void> {
  const file = hashFile(archiveDir, deb.file);
  if ((await stat(file).catch(() => undefined)) !== undefined) return;
  await mkdir(join(archiveDir, ".hashes"), { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, `${deb.size} ${deb.hash}\n`);
  await rename(`${file}.${process.pid}.tmp`, file);
}

/** Removes download folders that no live download owns. */
async function sweepDownloads(archiveDir: string): Promise<void> {
  for (const name of await readdir(archiveDir).catch(() => [] as string[])) {
    if (!/^\.download-[0-9a-f]{12}$/.test(name)) continue;
    const lock = await tryLock(join(archiveDir, `${name}.lock`), "removing a killed download");
    if (lock === undefined) continue;
    try {
      await removeTree(join(archiveDir, name));
    } finally {
      await lock.release();
    }
  }
}

/** Makes sure every deb of `debs` is in `archiveDir` as apt describes it, downloading only the missing or damaged ones. */
export async function fetchDebs(debs: readonly DebianDeb[], archiveDir: string): Promise<FetchedDebs> {
  await mkdir(archiveDir, { recursive: true });
  const missing: DebianDeb[] = [];
  for (const deb of debs) {
    const problem = await debProblem(join(archiveDir, deb.file), deb);
    if (problem !== undefined) missing.push(deb);
    else if (deb.hash !== "") await record(archiveDir, deb);
  }
  if (missing.length > 0) {
    await sweepDownloads(archiveDir);
    const name = `.download-${randomBytes(6).toString("hex")}`;
    const lock = await tryLock(join(archiveDir, `${name}.lock`), "downloading .deb files");
    if (lock === undefined) throw new Error(`cannot lock a new download folder in ${archiveDir}`);
    const temp = join(archiveDir, name);
    try {
      await mkdir(temp);
      const specs = missing.map((d) => `${d.package}=${d.version}`);
      const total = missing.reduce((sum, d) => sum + d.size, 0);
      const what =
        missing.length === 1 ? `${missing[0]!.package} ${missing[0]!.version}` : `${missing.length} Debian packages`;
      await watchDownload(what, temp, total, () =>
        run("apt-get", ["download", "-q", "-o", "APT::Sandbox::User=root", "--", ...specs], {
          cwd: temp,
          env: { ...process.env, LC_ALL: "C" },
        }),
      );
      const got = new Set(await readdir(temp));
      for (const deb of missing) {
        if (!got.has(deb.file)) {
          throw new Error(
            `apt-get download ${deb.package}=${deb.version} did not leave ${deb.file}; run "apt-get update" and retry`,
          );
        }
        const problem = await debProblem(join(temp, deb.file), deb);
        if (problem !== undefined) {
          throw new Error(
            `apt-get download ${deb.package}=${deb.version} gave a file that differs from apt's index (${problem}); run "apt-get update" and retry`,
          );
        }
        if (deb.hash !== "") await record(archiveDir, deb);
        await rename(join(temp, deb.file), join(archiveDir, deb.file));
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
      await lock.release();
    }
  }
  return { files: debs.map((d) => join(archiveDir, d.file)), downloaded: missing.length };
}

/** One cached file `verifyArchiveCache` found damaged (and removed). */
export interface DamagedDeb {
  readonly file: string;
  readonly problem: string;
}

/**
 * Checks every cached .deb of `archiveDir` against the size and checksum recorded when
 * it was downloaded, removing the ones that differ (the next build downloads them
 * again). Files without a record are checked at their next use, against apt's index.
 */
export async function verifyArchiveCache(archiveDir: string): Promise<{ checked: number; damaged: DamagedDeb[] }> {
  let checked = 0;
  const damaged: DamagedDeb[] = [];
  await sweepDownloads(archiveDir);
  for (const file of (await readdir(archiveDir).catch(() => [] as string[])).sort()) {
    if (!file.endsWith(".deb")) continue;
    const record = await readFile(hashFile(archiveDir, file), "utf8").catch(() => undefined);
    const [size, hash] = record?.trim().split(" ") ?? [];
    if (size === undefined || hash === undefined) continue;
    checked++;
    const problem = await debProblem(join(archiveDir, file), { size: Number(size), hash });
    if (problem === undefined) continue;
    damaged.push({ file, problem });
    await unlink(join(archiveDir, file)).catch(() => undefined);
    await unlink(hashFile(archiveDir, file)).catch(() => undefined);
  }
  return { checked, damaged };
}
