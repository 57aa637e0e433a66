/**
 * Which directories are "the store" for the path types of the module system
 * (`types.pathInStore`, `types.pathWith({ inStore })`): the store tsden builds into and
 * Nix's. The module system does not build anything, so it does not pick one store: a
 * path is a store path when it is one of any of these, so that a configuration checks
 * the same whichever user evaluates it.
 * - `$TSDEN_STORE`, when set (the store of this process);
 * - the system store, `/var/lib/tsden/store`;
 * - the user's store, `$XDG_DATA_HOME/tsden/store` (by default
 *   `~/.local/share/tsden/store`);
 * - Nix's store, `/nix/store`.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The system-wide tsden store (the same directory the store layer uses). */
export const SYSTEM_STORE_DIR = "/var/lib/tsden/store";
/** Nix's store directory. */
export const NIX_STORE_DIR = "/nix/store";

/** The store directories, in the order above (see the file comment). */
export function storeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env.TSDEN_STORE) dirs.push(resolve(env.TSDEN_STORE));
  dirs.push(SYSTEM_STORE_DIR);
  let home: string | undefined;
  try {
    home = homedir();
  } catch {
    home = undefined;
  }
  const data = env.XDG_DATA_HOME ? env.XDG_DATA_HOME : home ? join(home, ".local", "share") : undefined;
  if (data) dirs.push(join(data, "tsden", "store"));
  dirs.push(NIX_STORE_DIR);
  return dirs;
}

/** The first store directory (as nixpkgs `builtins.storeDir`): `$TSDEN_STORE`, else the system store. */
export function storeDir(env: NodeJS.ProcessEnv = process.env): string {
  return storeDirs(env)[0]!;
}
