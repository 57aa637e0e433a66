/**
 * `tsden status`: what runs on this host against what its current generation declares.
 * Per VM (declared by the current generation, or managed by an earlier activation):
 * declared or not, its unit's state and since when, the runner it booted, whether that
 * is the current runner, its volume images and their sizes; and the generations. Reads
 * only: links, files, the activation's manifests and `systemctl show`.
 */
import { lstat, readdir, readFile, readlink, realpath } from "node:fs/promises";
import { join } from "node:path";
import { HOST_MANIFEST, type HostManifest } from "../microvm/host-package.js";
import { listGenerations, type Generation } from "./generations.js";
import { ACTIVATION_STATE_DIR, PROFILES_DIR, SYSTEM_PROFILE } from "./paths.js";
import { runProgram } from "./systemd.js";

/** One file of a VM's folder that is not a link or a runtime file (a volume image, mostly). */
export interface VmFile {
  readonly name: string;
  /** Its size in bytes. */
  readonly size: number;
  /** The bytes it takes on disk (images are sparse). */
  readonly allocated: number;
}

/** The state of one VM. */
export interface VmStatus {
  readonly name: string;
  /** Whether the current generation declares it. */
  readonly declared: boolean;
  readonly autostart: boolean | null;
  /** systemd's ActiveState/SubState of `microvm@<name>` (e.g. "active/running"). */
  readonly unit: string;
  /** When the unit entered that state (systemd's timestamp), or null. */
  readonly since: string | null;
  /** The runner `current` points at, and the one `booted` points at (null: none). */
  readonly current: string | null;
  readonly booted: string | null;
  /** Whether the running guest runs the declared runner (null when it is not running). */
  readonly upToDate: boolean | null;
  readonly files: readonly VmFile[];
}

/** What {@link hostStatus} reports. */
export interface HostStatus {
  /** The current generation's output, or null when there is none. */
  readonly output: string | null;
  readonly stateDir: string;
  readonly vms: readonly VmStatus[];
  readonly generations: readonly Generation[];
}

const RUNTIME_FILES = new Set(["microvm.pid", "microvm-ready", "microvm-control.in", "microvm-control.out"]);

async function link(path: string): Promise<string | null> {
  return readlink(path).catch(() => null);
}

async function manifestOf(output: string | null): Promise<HostManifest | null> {
  if (output === null) return null;
  const text = await readFile(join(output, HOST_MANIFEST), "utf8").catch(() => null);
  return text === null ? null : (JSON.parse(text) as HostManifest);
}

async function unitState(name: string): Promise<{ unit: string; since: string | null }> {
  const r = await runProgram("systemctl", [
    "show",
    `microvm@${name}.service`,
    "-p",
    "ActiveState",
    "-p",
    "SubState",
    "-p",
    "StateChangeTimestamp",
  ]).catch(() => null);
  if (r === null || r.code !== 0) return { unit: "unknown", since: null };
  const props = Object.fromEntries(
    r.stdout
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return {
    unit: `${props.ActiveState ?? "unknown"}/${props.SubState ?? "unknown"}`,
    since: props.StateChangeTimestamp || null,
  };
}

async function filesOf(dir: string): Promise<VmFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: VmFile[] = [];
  for (const name of names.sort()) {
    if (RUNTIME_FILES.has(name)) continue;
    const info = await lstat(join(dir, name)).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    files.push({ name, size: info.size, allocated: info.blocks * 512 });
  }
  return files;
}

/**
 * The status of this host's VMs (see the file comment); `profilesDir` and `stateDir`
 * default to the host's.
 */
export async function hostStatus(
  options: { readonly profilesDir?: string; readonly activationStateDir?: string } = {},
): Promise<HostStatus> {
  const profiles = options.profilesDir ?? PROFILES_DIR;
  const output = await realpath(join(profiles, SYSTEM_PROFILE)).catch(() => null);
  const manifest = await manifestOf(output);
  const stateDir = manifest?.stateDir ?? "/var/lib/microvms";
  const managed = (
    await readFile(join(options.activationStateDir ?? ACTIVATION_STATE_DIR, "microvms"), "utf8").catch(() => "")
  )
    .split("\n")
    .filter((l) => l !== "");
  const names = [...new Set([...Object.keys(manifest?.vms ?? {}), ...managed])].sort();
  const vms: VmStatus[] = [];
  for (const name of names) {
    const dir = join(stateDir, name);
    const [current, booted, state, files] = await Promise.all([
      link(join(dir, "current")),
      link(join(dir, "booted")),
      unitState(name),
      filesOf(dir),
    ]);
    const declared = manifest?.vms[name];
    vms.push({
      name,
      declared: declared !== undefined,
      autostart: declared?.autostart ?? null,
      unit: state.unit,
      since: state.since,
      current,
      booted,
      upToDate: booted === null ? null : booted === (declared?.runner ?? current),
      files,
    });
  }
  return { output, stateDir, vms, generations: await listGenerations(profiles) };
}
