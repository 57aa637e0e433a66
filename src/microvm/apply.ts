/**
 * The apply step: makes a host's state folder match a built host output
 * (`system.build.microvmHost`). For each declared VM it creates `<stateDir>/<name>` and
 * switches `current` to the VM's runner atomically (a symlink under a temporary name,
 * renamed over the old one). A VM whose folder exists but is no longer declared is
 * stopped with its booted runner's `microvm-shutdown` and loses its `current` and
 * `booted` links; its volumes and other files stay unless `removeState` is asked. The
 * step never creates, recreates or truncates a volume image: only the runner does,
 * and only when the image is missing.
 */
import { lstat, mkdir, readFile, readdir, readlink, rm, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../store/builders/run.js";
import { linkResult } from "../store/result-link.js";
import { HOST_MANIFEST, type HostManifest } from "./host-package.js";
import { validateVmName } from "./render/host-units.js";

/** Options of {@link applyMicrovmHost}. */
export interface ApplyOptions {
  /** The state folder (default: the one the host output was built for). */
  readonly stateDir?: string;
  /** Remove the whole folder of a removed VM, volumes included (default false). */
  readonly removeState?: boolean;
  /** How long a removed VM's `microvm-shutdown` may take (default 60 s). */
  readonly shutdownTimeoutMs?: number;
  /** Reports progress (one line each). */
  readonly log?: (line: string) => void;
}

/** What happened to a VM that is no longer declared. */
export interface RemovedVm {
  readonly name: string;
  /** True when its booted runner's microvm-shutdown ran and succeeded. */
  readonly stopped: boolean;
  /** Why it was not stopped, when it was running. */
  readonly stopError?: string;
  /** Files left in its folder (volume images, ...); empty when the folder is gone. */
  readonly kept: readonly string[];
}

/** What {@link applyMicrovmHost} did. */
export interface ApplyReport {
  readonly stateDir: string;
  /** VMs linked for the first time. */
  readonly installed: readonly string[];
  /** VMs whose `current` moved to a new runner. */
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  /** Updated VMs running an older runner that asked to be restarted (`restartIfChanged`). */
  readonly restartNeeded: readonly string[];
  readonly removed: readonly RemovedVm[];
}

async function linkTarget(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  if (!info.isSymbolicLink()) throw new Error(`${path} exists and is not a symlink; move it away so tsden can manage it`);
  return readlink(path);
}

/** Points the symlink `path` at `target` in one rename: readers never see it missing. */
export async function switchLink(path: string, target: string): Promise<void> {
  await linkResult(target, path);
}

/** Reads the manifest of a host output. */
export async function readHostManifest(hostOutput: string): Promise<HostManifest> {
  const text = await readFile(join(hostOutput, HOST_MANIFEST), "utf8").catch(() => {
    throw new Error(`${hostOutput} is not a microVM host output: ${HOST_MANIFEST} is missing (build system.build.microvmHost)`);
  });
  const manifest = JSON.parse(text) as HostManifest;
  if (manifest.version !== 1) throw new Error(`${join(hostOutput, HOST_MANIFEST)} has version ${String(manifest.version)}; this tsden reads version 1`);
  return manifest;
}

async function stopRemoved(dir: string, name: string, options: ApplyOptions): Promise<{ stopped: boolean; stopError?: string }> {
  const booted = await linkTarget(join(dir, "booted"));
  if (booted === undefined) return { stopped: false };
  const shutdown = join(dir, "booted", "bin", "microvm-shutdown");
  if ((await lstat(shutdown).catch(() => undefined)) === undefined) {
    return { stopped: false, stopError: `its runner ${booted} has no bin/microvm-shutdown; stop it by hand` };
  }
  options.log?.(`stopping removed microVM ${name}`);
  try {
    await run(shutdown, [], { cwd: dir, timeoutMs: options.shutdownTimeoutMs ?? 60_000 });
    return { stopped: true };
  } catch (error) {
    return { stopped: false, stopError: (error as Error).message };
  }
}

async function removeVm(stateDir: string, name: string, options: ApplyOptions): Promise<RemovedVm> {
  const dir = join(stateDir, name);
  const stop = await stopRemoved(dir, name, options);
  if (options.removeState === true) {
    await rm(dir, { recursive: true, force: true });
    return { name, ...stop, kept: [] };
  }
  for (const link of ["current", "booted"]) await unlink(join(dir, link)).catch(() => undefined);
  const kept = (await readdir(dir)).sort();
  if (kept.length === 0) await rmdir(dir).catch(() => undefined);
  options.log?.(`removed microVM ${name}${kept.length > 0 ? ` (kept ${kept.join(", ")})` : ""}`);
  return { name, ...stop, kept };
}

/** Whether `dir` holds a VM's state (a `current` or `booted` link). */
async function isVmDir(dir: string): Promise<boolean> {
  for (const link of ["current", "booted"]) {
    const info = await lstat(join(dir, link)).catch(() => undefined);
    if (info?.isSymbolicLink()) return true;
  }
  return false;
}

/**
 * Applies the host output `hostOutput` to its state folder (see the file comment).
 *
 * @example
 * const report = await applyMicrovmHost(await realisePackage(store, config.system.build.microvmHost));
 */
export async function applyMicrovmHost(hostOutput: string, options: ApplyOptions = {}): Promise<ApplyReport> {
  const manifest = await readHostManifest(hostOutput);
  const stateDir = options.stateDir ?? manifest.stateDir;
  await mkdir(stateDir, { recursive: true });
  const installed: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const restartNeeded: string[] = [];
  const names = Object.keys(manifest.vms).sort();
  for (const name of names) {
    validateVmName(name);
    const vm = manifest.vms[name]!;
    const dir = join(stateDir, name);
    await mkdir(dir, { recursive: true });
    const before = await linkTarget(join(dir, "current"));
    if (before === vm.runner) {
      unchanged.push(name);
      continue;
    }
    await switchLink(join(dir, "current"), vm.runner);
    (before === undefined ? installed : updated).push(name);
    options.log?.(`${before === undefined ? "installed" : "updated"} microVM ${name} -> ${vm.runner}`);
    const booted = await linkTarget(join(dir, "booted"));
    if (booted !== undefined && booted !== vm.runner && vm.restartIfChanged) restartNeeded.push(name);
  }
  const removed: RemovedVm[] = [];
  const declared = new Set(names);
  for (const entry of (await readdir(stateDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || declared.has(entry.name)) continue;
    if (await isVmDir(join(stateDir, entry.name))) removed.push(await removeVm(stateDir, entry.name, options));
  }
  return { stateDir, installed, updated, unchanged, restartNeeded, removed };
}
