/**
 * The content-addressed store: `realise` builds a derivation in a build folder of its
 * own (`.tmp-<random>-<hash>-<name>/`, which the builder may also use as scratch
 * space), seals the output read-only and renames it into place, so a store path either
 * does not exist or is complete. A lock per path (`<hash>-<name>.lock`, held by an open
 * file) lets concurrent processes share one build; the lock also owns the build folder,
 * so a build folder or lock file whose lock nobody holds was left by a killed build and
 * is removed when the next build starts (and by `sweep`).
 *
 * Sealing records what the entry holds (see `manifest.ts`). `realise` returns an
 * existing entry only when it and the entries it refers to still match their records
 * (quick checks); a damaged entry is removed and built again, and so is every entry on
 * the way to it. `verify` checks every entry fully. Before the rename, the output's
 * references to other store paths are recorded too (`references.ts`).
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { reportWork } from "./build-events.js";
import { storeBaseName, type Derivation } from "./derivation.js";
import { makeReadOnly, removeTree } from "./fs-tree.js";
import { acquireLock, tryLock, type Lock } from "./lock.js";
import { describeTree, manifestPath, readManifest, writeManifest } from "./manifest.js";
import { recordReferences, scanReferences } from "./references.js";
import { closureDamage, entryDamage, storeEntries, type CheckMemo, type Damage } from "./verify.js";

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

/** Options of a {@link Store}. */
export interface StoreOptions {
  /** Told when a build waits for another process's build of the same path (default: a line on stderr). */
  readonly onWait?: (message: string) => void;
}

/** What `sweep` removed: build folders of killed builds, and lock files nobody held. */
export interface SweepResult {
  readonly buildFolders: string[];
  readonly locks: string[];
}

/** What `verify` found: the entries checked, the damaged ones (removed), and entries sealed without a record. */
export interface VerifyResult {
  readonly checked: number;
  readonly damaged: Damage[];
  readonly unrecorded: string[];
  /** What killed builds had left, removed first. */
  readonly swept: SweepResult;
}

/** A build folder: `.tmp-` 12 hex digits `-` the base name of the path it builds. */
const BUILD_FOLDER = /^\.tmp-[0-9a-f]{12}-(.+)$/;

/** Roots swept by this process already (a sweep runs once, before the first build). */
const swept = new Set<string>();

/** A directory of build outputs named by the hash of their inputs. */
export class Store {
  /** Absolute path of the store directory. */
  readonly root: string;
  private readonly onWait: (message: string) => void;
  private readonly checks: CheckMemo = new Map();

  constructor(root: string = defaultStoreRoot(), options: StoreOptions = {}) {
    this.root = resolve(root);
    this.onWait = options.onWait ?? ((message) => process.stderr.write(`tsden: ${message}\n`));
  }

  /** The path `drv`'s output has (or will have) in this store. */
  pathOf(drv: Pick<Derivation, "name" | "builder" | "inputs">): string {
    return join(this.root, storeBaseName(drv));
  }

  /** True when `drv`'s output is already in the store. */
  async has(drv: Pick<Derivation, "name" | "builder" | "inputs">): Promise<boolean> {
    return exists(this.pathOf(drv));
  }

  /**
   * Returns `drv`'s output path, building it first unless it is already present and
   * usable; a damaged entry (or one referring to a damaged entry) is built again.
   */
  async realise(drv: Derivation): Promise<string> {
    const path = this.pathOf(drv);
    if (await exists(path)) {
      const damage = await this.damageOf(path);
      if (damage.length === 0) {
        await this.recordUnrecorded(drv, path);
        return path;
      }
      await this.discardDamaged(storeBaseName(drv), damage);
    }
    await mkdir(this.root, { recursive: true });
    if (!swept.has(this.root)) {
      swept.add(this.root);
      await this.sweep();
    }
    const lock = await acquireLock(`${path}.lock`, {
      done: () => exists(path),
      purpose: `building ${storeBaseName(drv)}`,
      onWait: (message) => this.onWait(`${message} (another build of the same output; this one goes on when it ends)`),
    });
    if (lock === undefined) return path;
    try {
      if (await exists(path)) return path;
      await reportWork("build", drv.name, () => this.buildInto(drv, path));
      return path;
    } finally {
      await lock.release();
    }
  }

  /**
   * What is wrong with the store entry at `path` and the entries it refers to (quick
   * checks: kinds, sizes, contents of small files); empty when all are usable.
   */
  async damageOf(path: string): Promise<Damage[]> {
    const base = this.baseOf(path);
    return base === undefined ? [] : closureDamage(this.root, base, this.checks);
  }

  /**
   * Checks every entry fully against its record (every file hashed, added files
   * found), removes the damaged ones so that their next build makes them again, and
   * sweeps what killed builds left.
   */
  async verify(onEntry?: (base: string, problem: string | undefined) => void): Promise<VerifyResult> {
    const swept = await this.sweep();
    const damaged: Damage[] = [];
    const unrecorded: string[] = [];
    const entries = await storeEntries(this.root);
    for (const base of entries) {
      if ((await readManifest(this.root, base)) === undefined) unrecorded.push(base);
      const problem = await entryDamage(this.root, base, true);
      onEntry?.(base, problem);
      if (problem === undefined) continue;
      damaged.push({ base, problem });
      await this.discard(base);
    }
    return { checked: entries.length, damaged, unrecorded, swept };
  }

  /** The base name (`<hash>-<name>`) of a path in this store, or undefined for a path elsewhere. */
  private baseOf(path: string): string | undefined {
    const rel = resolve(path).slice(this.root.length + 1);
    return resolve(path).startsWith(`${this.root}/`) && rel !== "" ? rel.split("/")[0] : undefined;
  }

  /** Removes the damaged entries found for `base`, and `base` itself (its build then rebuilds them). */
  private async discardDamaged(base: string, damage: readonly Damage[]): Promise<void> {
    for (const d of damage) await this.discard(d.base, d.problem);
    await this.discard(base);
  }

  /** Removes the entry `base` and its record, holding its lock (so no build of it runs meanwhile). */
  private async discard(base: string, problem?: string): Promise<void> {
    const path = join(this.root, base);
    this.checks.delete(base);
    let lock: Lock | undefined;
    try {
      lock = await acquireLock(`${path}.lock`, {
        purpose: `removing the damaged ${base}`,
        onWait: (message) => this.onWait(message),
      });
      await removeTree(path);
      await rm(manifestPath(this.root, base), { force: true });
    } catch (error) {
      const why = problem === undefined ? "" : ` (${problem})`;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the store entry ${path} is damaged${why} but cannot be removed to build it again: ${reason}`, {
        cause: error,
      });
    } finally {
      await lock?.release();
    }
  }

  /** Records an entry sealed by an older tsden (without a manifest), when the store is writable. */
  private async recordUnrecorded(drv: Derivation, path: string): Promise<void> {
    const base = storeBaseName(drv);
    if ((await readManifest(this.root, base)) !== undefined) return;
    await describeTree(path)
      .then((m) => writeManifest(this.root, base, m))
      .catch(() => undefined);
  }

  /**
   * Removes what killed builds left: build folders and lock files whose lock no live
   * process holds. Entries of running builds are left alone.
   */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { buildFolders: [], locks: [] };
    const names = await readdir(this.root).catch(() => [] as string[]);
    const owners = new Map<string, string[]>();
    for (const name of names) {
      const base = BUILD_FOLDER.exec(name)?.[1];
      if (base !== undefined) owners.set(`${base}.lock`, [...(owners.get(`${base}.lock`) ?? []), name]);
      else if (name.endsWith(".lock") && !name.startsWith(".")) owners.set(name, owners.get(name) ?? []);
    }
    for (const [lockName, folders] of owners) {
      const lock = await tryLock(join(this.root, lockName), "removing what a killed build left");
      if (lock === undefined) continue;
      try {
        for (const folder of folders) {
          await removeTree(join(this.root, folder));
          result.buildFolders.push(folder);
        }
        if (names.includes(lockName)) result.locks.push(lockName);
      } finally {
        await lock.release();
      }
    }
    return result;
  }

  private async buildInto(drv: Derivation, path: string): Promise<void> {
    const folder = join(this.root, `.tmp-${randomBytes(6).toString("hex")}-${storeBaseName(drv)}`);
    const temp = join(folder, storeBaseName(drv));
    try {
      await mkdir(folder);
      await drv.build(temp);
      if (!(await exists(temp))) {
        throw new Error(`the builder ${drv.builder} of ${drv.name} finished without creating its output`);
      }
      await makeReadOnly(temp);
      const base = storeBaseName(drv);
      await recordReferences(this.root, base, await scanReferences(this.root, temp, base));
      await writeManifest(this.root, base, await describeTree(temp));
      this.checks.delete(base);
      try {
        await rename(temp, path);
      } catch (error) {
        if (!(await exists(path))) throw error;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`building ${drv.name} (${drv.builder}) failed: ${reason}`, { cause: error });
    } finally {
      await removeTree(folder);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
