/**
 * The content-addressed store: `realise` builds a derivation into a temporary sibling,
 * seals it read-only and renames it into place, so a store path either does not exist
 * or is complete. A lock file per path lets concurrent processes share one build.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, rename } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { storeBaseName, type Derivation } from "./derivation.js";
import { makeReadOnly, removeTree } from "./fs-tree.js";
import { acquireLock } from "./lock.js";

/** Where the store lives: `$TSDEN_STORE`, else `~/.local/share/tsden/store`. */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TSDEN_STORE;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
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
