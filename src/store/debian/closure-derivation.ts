/**
 * A Debian closure as a store output: every .deb of the closure unpacked with
 * `dpkg-deb -x` into one tree laid out as a root file system (`usr/bin`, `lib64`, ...),
 * in file-name order, plus `nix-support/debian-closure.json` naming the packages.
 * Maintainer scripts are not run. The inputs are the archive file names, sizes and
 * checksums, so the store path changes exactly when apt picks other files.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../builders/run.js";
import type { Derivation } from "../derivation.js";
import type { DebianDeb } from "./apt-closure.js";
import { fetchDebs } from "./archive-cache.js";

const BUILDER = "tsden.debian.closure/1";

/** Where a closure output lists its packages (skipped when outputs are merged into a root). */
export const CLOSURE_MANIFEST = "nix-support/debian-closure.json";

/** The derivation unpacking `debs` (the closure of `roots`), fetched through `archiveDir`. */
export function debianClosureDerivation(
  name: string,
  roots: readonly string[],
  debs: readonly DebianDeb[],
  archiveDir: string,
): Derivation {
  const files = debs.map((d) => ({ file: d.file, size: d.size, hash: d.hash }));
  return {
    name,
    builder: BUILDER,
    inputs: { roots: [...roots], debs: files },
    build: async (out) => {
      const fetched = await fetchDebs(debs, archiveDir);
      await mkdir(out);
      for (const file of fetched.files) await run("dpkg-deb", ["-x", file, out]);
      const manifest = {
        roots: [...roots],
        packages: debs.map((d) => ({ package: d.package, version: d.version, arch: d.arch })),
      };
      await mkdir(join(out, "nix-support"), { recursive: true });
      await writeFile(join(out, CLOSURE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}
