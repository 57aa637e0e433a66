/**
 * Building what an output path stands for (`tsden build`, `switch`, `run`): the
 * package, built into the store with its builds and downloads shown as they run.
 */
import { packageAt, showOutputPath } from "../project/index.js";
import { type Package, realisePackage, type Store } from "../store/index.js";
import { withBuildSteps } from "./build-progress.js";
import type { CommandIO } from "./command.js";

/** A built package: what was built and its store path. */
export interface Built {
  readonly pkg: Package;
  readonly out: string;
}

/** Builds the package the value at `path` stands for into `store`, showing `building PATH (NAME)` and its builds. */
export async function buildPackageAt(
  io: CommandIO,
  store: Store,
  value: unknown,
  path: readonly string[],
): Promise<Built> {
  const pkg = packageAt(value, path);
  io.progress?.(`building ${showOutputPath(path)} (${pkg.name})`);
  return { pkg, out: await withBuildSteps(io, () => realisePackage(store, pkg)) };
}
