/**
 * `result` links: a symlink to a store path, replaced atomically, and registered as a
 * garbage-collector root: `<root>/.gcroots/auto/<hash of the link's path>` points at the
 * link, so `tsden gc` keeps what the link points at for as long as the link exists and
 * still points into the store (a link removed or moved elsewhere stops holding it).
 */
import { createHash, randomBytes } from "node:crypto";
import { lstat, mkdir, rename, symlink, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isStoreEntryName } from "./references.js";

/** The folder of registered result links inside a store root. */
export const AUTO_ROOTS_DIR = join(".gcroots", "auto");

/**
 * Points the symlink `linkPath` at `target`, replacing an older link in one rename so
 * readers never see it missing. Refuses to replace anything that is not a symlink.
 * When `target` is a store path, the link is registered as a root of its store.
 */
export async function linkResult(target: string, linkPath: string): Promise<void> {
  const current = await lstat(linkPath).catch(() => undefined);
  if (current !== undefined && !current.isSymbolicLink()) {
    throw new Error(`${linkPath} exists and is not a symlink; move it away so a result link can take its place`);
  }
  await replaceSymlink(target, linkPath);
  if (isStoreEntryName(basename(target))) {
    const link = resolve(linkPath);
    const dir = join(dirname(target), AUTO_ROOTS_DIR);
    await mkdir(dir, { recursive: true });
    await replaceSymlink(link, join(dir, createHash("sha256").update(link).digest("hex").slice(0, 32)));
  }
}

async function replaceSymlink(target: string, linkPath: string): Promise<void> {
  const temp = `${linkPath}.tmp-${randomBytes(6).toString("hex")}`;
  await symlink(target, temp);
  try {
    await rename(temp, linkPath);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
