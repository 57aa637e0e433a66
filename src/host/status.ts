/**
 * `tsden status`: what runs on a host against what its current generation declares.
 * Per VM (declared by the current generation, or managed by an earlier activation):
 * declared or not, its unit's state and since when, the runner it booted, whether that
 * is the current runner, its volume images and their sizes; and the generations. The
 * host is read by one shell program (`status-script.ts`), run on this machine or on a
 * remote host over SSH, the way `tsden deploy` reaches it; it reads only.
 */
import { basename, resolve } from "node:path";
import type { HostManifest } from "../microvm/index.js";
import { runRemote, SSH_CONNECTION_FAILED, type SshSettings, type SshTarget, stderrTail } from "./deploy/ssh.js";
import type { Generation } from "./generations.js";
import { ACTIVATION_STATE_DIR, PROFILES_DIR, parseGenerationLinkName } from "./paths.js";
import { STATUS_SCRIPT } from "./status-script.js";
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

/** Where a host keeps what status reads (default the host's folders). */
export interface StatusPaths {
  readonly profilesDir?: string;
  readonly activationStateDir?: string;
}

const RUNTIME_FILES = new Set(["microvm.pid", "microvm-ready", "microvm-control.in", "microvm-control.out"]);

interface VmRecord {
  current: string | null;
  booted: string | null;
  props: Record<string, string>;
  files: VmFile[];
}

/** The {@link HostStatus} the status program printed (`text`). */
export function parseStatus(text: string, profilesDir: string): HostStatus {
  let output: string | null = null;
  let manifest: HostManifest | null = null;
  let stateDir = "/var/lib/microvms";
  let current: string | null = null;
  const generations: Omit<Generation, "current">[] = [];
  const links: string[] = [];
  const vms = new Map<string, VmRecord>();
  const vm = (name: string): VmRecord => {
    let r = vms.get(name);
    if (r === undefined) {
      r = { current: null, booted: null, props: {}, files: [] };
      vms.set(name, r);
    }
    return r;
  };
  for (const line of text.split("\n")) {
    const fields = line.split("\t");
    const [kind, a = "", b = "", c = ""] = fields;
    if (kind === "output") output = a === "" ? null : a;
    else if (kind === "manifest") manifest = JSON.parse(fields.slice(1).join("\t")) as HostManifest;
    else if (kind === "statedir") stateDir = a;
    else if (kind === "current") current = a === "" ? null : a;
    else if (kind === "generation") {
      const number = parseGenerationLinkName(a);
      if (number === undefined) continue;
      links.push(a);
      generations.push({
        number,
        time: new Date(Math.round(Number(b) * 1000)),
        path: resolve(profilesDir, fields.slice(3).join("\t")),
      });
    } else if (kind === "vm") {
      const r = vm(a);
      r.current = b === "" ? null : b;
      r.booted = c === "" ? null : c;
    } else if (kind === "prop") {
      const kv = fields.slice(2).join("\t");
      if (kv.includes("=")) vm(a).props[kv.slice(0, kv.indexOf("="))] = kv.slice(kv.indexOf("=") + 1);
    } else if (kind === "file") {
      const [size, blocks, blockSize] = [Number(b), Number(c), Number(fields[4])];
      const name = basename(fields.slice(5).join("\t"));
      if (!RUNTIME_FILES.has(name)) vm(a).files.push({ name, size, allocated: blocks * blockSize });
    }
  }
  if (manifest !== null && manifest.stateDir !== stateDir) {
    throw new Error(
      `the state folder ${JSON.stringify(manifest.stateDir)} holds a quote or a backslash: status cannot read its VMs`,
    );
  }
  const declaredVms = (manifest as HostManifest | null)?.vms;
  const currentLink = current === null ? undefined : resolve(profilesDir, current);
  const statuses: VmStatus[] = [...vms.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, r]) => {
      const declared = declaredVms?.[name];
      const active = r.props.ActiveState;
      return {
        name,
        declared: declared !== undefined,
        autostart: declared?.autostart ?? null,
        unit: active === undefined ? "unknown" : `${active}/${r.props.SubState ?? "unknown"}`,
        since: r.props.StateChangeTimestamp || null,
        current: r.current,
        booted: r.booted,
        upToDate: r.booted === null ? null : r.booted === (declared?.runner ?? r.current),
        files: r.files.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
      };
    });
  return {
    output,
    stateDir,
    vms: statuses,
    generations: generations
      .map((g, i) => ({ ...g, current: currentLink !== undefined && resolve(profilesDir, links[i]!) === currentLink }))
      .sort((x, y) => x.number - y.number),
  };
}

/**
 * The status of this host's VMs (see the file comment); the folders default to the
 * host's.
 */
export async function hostStatus(paths: StatusPaths = {}): Promise<HostStatus> {
  const profiles = paths.profilesDir ?? PROFILES_DIR;
  const r = await runProgram("sh", [
    "-c",
    STATUS_SCRIPT,
    "sh",
    profiles,
    paths.activationStateDir ?? ACTIVATION_STATE_DIR,
  ]);
  if (r.code !== 0) throw new Error(`reading this host's status failed (${r.code}): ${r.stderr.trim()}`);
  return parseStatus(r.stdout, profiles);
}

/**
 * The status of a remote host, read over SSH as `tsden deploy` reaches it (the user's
 * ssh, keys and configuration, BatchMode, `sudo -n` when the login user is not root).
 */
export async function remoteHostStatus(
  target: SshTarget,
  settings: SshSettings,
  paths: StatusPaths = {},
): Promise<HostStatus> {
  const profiles = paths.profilesDir ?? PROFILES_DIR;
  const r = await runRemote(
    target,
    settings,
    STATUS_SCRIPT,
    [profiles, paths.activationStateDir ?? ACTIVATION_STATE_DIR],
    {
      timeoutMs: 120_000,
    },
  );
  const where = `${target.user}@${target.host}${target.port === null ? "" : `:${target.port}`}`;
  if (r.code === SSH_CONNECTION_FAILED) throw new Error(`cannot reach ${where}: ${stderrTail(r, 3) || "ssh failed"}`);
  if (r.code !== 0) throw new Error(`reading the status of ${where} failed (${r.code}): ${stderrTail(r)}`);
  return parseStatus(r.stdout, profiles);
}
