/**
 * The archive cache: downloaded .deb files kept by file name (apt's own naming, which
 * holds name, version and architecture) in one directory, so a package is downloaded
 * once whatever store path needs it. Downloads go through `apt-get download`, which
 * checks them against the archive's signed checksums, into a temporary directory and
 * are renamed into place, so a cached file is always complete.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../builders/run.js";
import type { DebianDeb } from "./apt-closure.js";

/** What `fetchDebs` did: the files' paths, in the order given, and how many it downloaded. */
export interface FetchedDebs {
  readonly files: string[];
  readonly downloaded: number;
}

/** Makes sure every deb of `debs` is in `archiveDir`, downloading only the missing ones. */
export async function fetchDebs(debs: readonly DebianDeb[], archiveDir: string): Promise<FetchedDebs> {
  await mkdir(archiveDir, { recursive: true });
  const missing: DebianDeb[] = [];
  for (const deb of debs) {
    const info = await stat(join(archiveDir, deb.file)).catch(() => undefined);
    if (info === undefined || info.size !== deb.size) missing.push(deb);
  }
  if (missing.length > 0) {
    const temp = await mkdtemp(join(archiveDir, ".download-"));
    try {
      const specs = missing.map((d) => `${d.package}=${d.version}`);
      await run("apt-get", ["download", "-q", "-o", "APT::Sandbox::User=root", "--", ...specs], { cwd: temp, env: { ...process.env, LC_ALL: "C" } });
      const got = new Set(await readdir(temp));
      for (const deb of missing) {
        if (!got.has(deb.file)) {
          throw new Error(`apt-get download ${deb.package}=${deb.version} did not leave ${deb.file}; run "apt-get update" and retry`);
        }
        await rename(join(temp, deb.file), join(archiveDir, deb.file));
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
  return { files: debs.map((d) => join(archiveDir, d.file)), downloaded: missing.length };
}
