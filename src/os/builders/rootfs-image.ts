/**
 * Read-only images of store paths (the guest's store disk, which holds its root
 * profile and packages): erofs (erofs-utils) or squashfs (squashfs-tools), both from
 * Debian and installed on demand. Built to be byte-identical from identical inputs:
 * every timestamp is 1 (`-T`/`SOURCE_DATE_EPOCH`, `-all-time`/`-mkfs-time`), every owner root, no xattrs, entries in
 * sorted order, and erofs's UUID fixed (derived from the image's name).
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ensureDebianPackage, run } from "../../store/index.js";

/** The image formats. */
export const STORE_IMAGE_TYPES = ["erofs", "squashfs"] as const;

/** One of {@link STORE_IMAGE_TYPES}. */
export type StoreImageType = (typeof STORE_IMAGE_TYPES)[number];

/** The timestamp every file of an image gets (as Nix's store). */
export const IMAGE_EPOCH = 1;

/** A UUID that is a pure function of `seed` (RFC 4122 version 4 layout). */
export function stableUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes an image of `type` at `out` whose root holds each of `paths` under its base
 * name (a store path `<root>/<hash>-x` is `/<hash>-x` in the image, which the guest
 * mounts at the store's root). `seed` decides erofs's UUID; `flags` replace the
 * compression flags (mkfs.erofs `-zlz4hc`, mksquashfs `-comp zstd`).
 */
export async function buildStoreImage(
  type: StoreImageType,
  paths: readonly string[],
  out: string,
  seed: string,
  flags?: readonly string[],
): Promise<void> {
  const sorted = [...new Set(paths)].sort((a, b) => (basename(a) < basename(b) ? -1 : 1));
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(IMAGE_EPOCH), LC_ALL: "C" };
  if (type === "squashfs") {
    await ensureDebianPackage("squashfs-tools", "/usr/bin/mksquashfs");
    const time = String(IMAGE_EPOCH);
    // mksquashfs refuses SOURCE_DATE_EPOCH together with -mkfs-time/-all-time: the options say it
    const { SOURCE_DATE_EPOCH: _ignored, ...squashEnv } = env;
    await run(
      "mksquashfs",
      [
        ...sorted,
        out,
        "-keep-as-directory",
        "-all-root",
        "-no-xattrs",
        "-no-progress",
        "-quiet",
        ...(flags ?? ["-comp", "zstd"]),
        "-mkfs-time",
        time,
        "-all-time",
        time,
      ],
      { env: squashEnv },
    );
    return;
  }
  await ensureDebianPackage("erofs-utils", "/usr/bin/mkfs.erofs");
  // mkfs.erofs takes one directory: stage the paths as hard links (cheap, same file system)
  const stage = await mkdtemp(join(dirname(out), ".erofs-stage-"));
  try {
    for (const path of sorted) await run("cp", ["-a", "-l", "--", path, join(stage, basename(path))]);
    await run(
      "mkfs.erofs",
      [
        ...(flags ?? ["-zlz4hc"]),
        `-T${IMAGE_EPOCH}`,
        `-U${stableUuid(seed)}`,
        "--all-root",
        "-x-1",
        "--quiet",
        out,
        stage,
      ],
      { env },
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
