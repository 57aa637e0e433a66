/** `result` links: a symlink to a store path, replaced atomically. */
import { randomBytes } from "node:crypto";
import { lstat, rename, symlink, unlink } from "node:fs/promises";

/**
 * Points the symlink `linkPath` at `target`, replacing an older link in one rename so
 * readers never see it missing. Refuses to replace anything that is not a symlink.
 */
export async function linkResult(target: string, linkPath: string): Promise<void> {
  const current = await lstat(linkPath).catch(() => undefined);
  if (current !== undefined && !current.isSymbolicLink()) {
    throw new Error(`${linkPath} exists and is not a symlink; move it away so a result link can take its place`);
  }
  const temp = `${linkPath}.tmp-${randomBytes(6).toString("hex")}`;
  await symlink(target, temp);
  try {
    await rename(temp, linkPath);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
