/** Test helper: a scratch folder holding an empty store and an empty profiles folder. */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Store } from "../../src/store/store.js";

/** A scratch folder (`dir`), its store (`dir/store`) and its profiles folder (`dir/profiles`). */
export interface ScratchStore {
  readonly dir: string;
  readonly store: Store;
  readonly profiles: string;
}

/** Makes a scratch folder named after `prefix` with an empty store and profiles folder. */
export async function makeScratchStore(prefix: string): Promise<ScratchStore> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const profiles = join(dir, "profiles");
  await mkdir(profiles);
  return { dir, store: new Store(join(dir, "store")), profiles };
}

/** Removes a scratch folder, store entries (read-only) included. */
export async function removeScratch(dir: string): Promise<void> {
  await promisify(execFile)("chmod", ["-R", "u+w", dir]);
  await rm(dir, { recursive: true, force: true });
}
