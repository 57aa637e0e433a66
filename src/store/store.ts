/**
 * The content-addressed store: `realise` builds a derivation into a temporary sibling,
 * seals it read-only and renames it into place, so a store path either does not exist
 * or is complete. A lock file per path lets concurrent processes share one build.
 * Before the rename, the output's references to other store paths are recorded
 * (`references.ts`).
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { lstat, mkdir, rename } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { storeBaseName, type Derivation } from "./derivation.js";
import { makeReadOnly, removeTree } from "./fs-tree.js";
import { acquireLock } from "./lock.js";
import { recordReferences, scanReferences } from "./references.js";

/**
 * The system-wide store (as /nix/store is for Nix). Build outputs name absolute store
 * paths, so only builds made in this store can be deployed to hosts that use it.
 */
export const SYSTEM_STORE_ROOT = "/var/lib/tsden/store";

/** What `defaultStoreRoot` looks at besides the environment (tests pass their own). */
export interface StoreRootProbe {
  /** The user id; 0 is root. */
  readonly uid: number;
  /** Whether the user may write into `dir` (which must exist). */
  readonly writable: (dir: string) => boolean;
}

const systemProbe: StoreRootProbe = {
  uid: process.getuid?.() ?? -1,
  writable: (dir) => {
    try {
      accessSync(dir, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * Where the store lives: `$TSDEN_STORE`; else for root the system store
 * (`/var/lib/tsden/store`); else the system store when it exists and the user may write
 * to it (e.g. through a group); else the user's own `~/.local/share/tsden/store`.
 */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env, probe: StoreRootProbe = systemProbe): string {
  const fromEnv = env.TSDEN_STORE;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  if (probe.uid === 0 || probe.writable(SYSTEM_STORE_ROOT)) return SYSTEM_STORE_ROOT;
  const dataHome = env.XDG_DATA_HOME;
  const base = dataHome !== undefined && dataHome !== "" ? dataHome : join(homedir(), ".local", "share");
  return join(base, "tsden", "store");
}

/** A directory of build outputs named by the hash of their inputs. */
export class Store {
  /** Absolute path of the store directory. */
  readonly root: string;

  constructor(root: string = defaultStoreRoot()) {
    this.root = resolve(root);
  }

  /** The path `drv`'s output has (or will have) in this store. */
  pathOf(drv: Pick<Derivation, "name" | "builder" | "inputs">): string {
    return join(this.root, storeBaseName(drv));
  }

  /** True when `drv`'s output is already in the store. */
  async has(drv: Pick<Derivation, "name" | "builder" | "inputs">): Promise<boolean> {
    return exists(this.pathOf(drv));
  }

  /** Returns `drv`'s output path, building it first unless it is already present. */
  async realise(drv: Derivation): Promise<string> {
    const path = this.pathOf(drv);
    if (await exists(path)) return path;
    await mkdir(this.root, { recursive: true });
    const lock = await acquireLock(`${path}.lock`, { done: () => exists(path) });
    if (lock === undefined) return path;
    try {
      if (await exists(path)) return path;
      await this.buildInto(drv, path);
      return path;
    } finally {
      await lock.release();
    }
  }

  private async buildInto(drv: Derivation, path: string): Promise<void> {
    const temp = join(this.root, `.tmp-${randomBytes(6).toString("hex")}-${storeBaseName(drv)}`);
    try {
      await drv.build(temp);
      if (!(await exists(temp))) {
        throw new Error(`the builder ${drv.builder} of ${drv.name} finished without creating its output`);
      }
      await makeReadOnly(temp);
      const base = storeBaseName(drv);
      await recordReferences(this.root, base, await scanReferences(this.root, temp, base));
      try {
        await rename(temp, path);
      } catch (error) {
        if (!(await exists(path))) throw error;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`building ${drv.name} (${drv.builder}) failed: ${reason}`, { cause: error });
    } finally {
      await removeTree(temp);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
