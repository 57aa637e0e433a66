/**
 * The system profile (NixOS's `system.path`, `sw`): the outputs of
 * `environment.systemPackages` merged into one tree laid out as the guest's root. Each
 * output is read as a root tree (`usr/bin/x`, `lib64/...`; a package of `bin/x` gives
 * `/bin/x`); directories are created, symlinks copied as they are, files become
 * symlinks to their store path. The guest's init copies the profile into `/`, so a
 * Debian closure finds its loader and libraries where its binaries expect them.
 * Two packages giving different contents at one path are an error naming both; an
 * output that is a single file is listed but not merged.
 */
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Derivation, mkPackage, type Package, type Store } from "../../store/index.js";

const BUILDER = "tsden.os.system-path/1";

/** Top-level names of a package output that stay out of the profile. */
export const PROFILE_SKIP: ReadonlySet<string> = new Set(["nix-support"]);

/** `system.build.systemPath`: the profile of `packages`, built in `store`. Output: a root tree and `nix-support/packages`. */
export function systemPathPackage(store: Store, hostName: string, packages: readonly Package[]): Package {
  const name = `system-path-${hostName}`;
  return mkPackage(name, async (): Promise<Derivation> => {
    const drvs = await Promise.all(packages.map((p) => p.derivation()));
    const paths = drvs.map((d) => store.pathOf(d));
    return {
      name,
      builder: BUILDER,
      inputs: { packages: paths },
      build: async (out) => {
        for (const drv of drvs) await store.realise(drv);
        await mergeProfile(out, paths);
      },
    };
  });
}

/** Writes the profile of the package outputs `paths` (in order) to `out`. */
export async function mergeProfile(out: string, paths: readonly string[]): Promise<void> {
  await mkdir(out);
  const owners = new Map<string, string>();
  for (const path of paths) {
    // an output that is a single file has no tree to merge (it stays in `nix-support/packages`)
    if ((await lstat(path)).isDirectory()) await mergeDir(out, path, "", owners, true);
  }
  await mkdir(join(out, "nix-support"), { recursive: true });
  await writeFile(join(out, "nix-support", "packages"), paths.map((p) => `${p}\n`).join(""));
}

async function mergeDir(
  out: string,
  pkg: string,
  rel: string,
  owners: Map<string, string>,
  top: boolean,
): Promise<void> {
  const entries = (await readdir(join(pkg, rel))).sort();
  for (const entry of entries) {
    if (top && PROFILE_SKIP.has(entry)) continue;
    const relPath = rel === "" ? entry : `${rel}/${entry}`;
    const source = join(pkg, relPath);
    const target = join(out, relPath);
    const info = await lstat(source);
    const existing = await lstat(target).catch(() => undefined);
    if (info.isDirectory()) {
      if (existing === undefined) await mkdir(target);
      else if (!existing.isDirectory()) throw collision(relPath, owners.get(relPath), pkg, "a directory");
      owners.set(relPath, pkg);
      await mergeDir(out, pkg, relPath, owners, false);
      continue;
    }
    const link = info.isSymbolicLink() ? await readlink(source) : source;
    if (existing !== undefined) {
      const other = owners.get(relPath);
      if (await sameEntry(target, existing.isSymbolicLink(), link, info.isSymbolicLink(), other, relPath)) continue;
      throw collision(relPath, other, pkg, info.isSymbolicLink() ? `a link to ${link}` : "another file");
    }
    await symlink(link, target);
    owners.set(relPath, pkg);
  }
}

async function sameEntry(
  target: string,
  targetIsLink: boolean,
  link: string,
  sourceIsLink: boolean,
  other: string | undefined,
  rel: string,
): Promise<boolean> {
  if (!targetIsLink) return false;
  const current = await readlink(target);
  if (current === link) return true;
  if (sourceIsLink || other === undefined) return false;
  // both are files: the same bytes (the same .deb in two closures) are no conflict
  const a = await readFile(join(other, rel)).catch(() => undefined);
  const b = await readFile(link).catch(() => undefined);
  return a !== undefined && b !== undefined && a.equals(b);
}

function collision(rel: string, first: string | undefined, second: string, what: string): Error {
  return new Error(
    `environment.systemPackages: /${rel} is given by ${first ?? "an earlier package"} and, as ${what}, by ${second}; keep one of the packages`,
  );
}
