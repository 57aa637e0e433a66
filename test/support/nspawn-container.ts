/**
 * Real systemd for tests: a Debian tree built with mmdebstrap once per machine (cached
 * under /var/cache/tsden-test/, keyed by release, variant and package list; built under
 * a lock, then renamed into place) and booted with systemd-nspawn as a throw-away
 * container (`--volatile=overlay`: every boot starts from the pristine tree, which is
 * never changed). Containers run with `--keep-unit --register=no` (no host D-Bus is
 * needed), CAP_NET_ADMIN, a private network namespace by default (so tap devices stay
 * inside) and any host folders bound at the same path (e.g. the store). Commands run
 * inside through `nsenter` into the container's init.
 *
 * @example
 * const c = await boot("tsden-t1", { bindReadOnly: [store.root] });
 * try { await c.sh("systemctl start foo"); console.log(await c.journal("foo")); } finally { await c.stop(); }
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where built trees are kept. */
export const CONTAINER_CACHE = process.env.TSDEN_TEST_CACHE ?? "/var/cache/tsden-test";

/** The Debian release of the trees. */
export const CONTAINER_RELEASE = "bookworm";

/**
 * The packages of the default tree: systemd and D-Bus, qemu and the tools runners use
 * (iproute2 for taps, e2fsprogs for volumes, kmod, busybox), and OpenSSH (server and
 * client) for deployment tests.
 */
export const CONTAINER_PACKAGES: readonly string[] = [
  "systemd",
  "systemd-sysv",
  "dbus",
  "qemu-system-x86",
  "iproute2",
  "e2fsprogs",
  "procps",
  "kmod",
  "busybox",
  "openssh-server",
  "openssh-client",
];

/** A command's outcome inside a container. */
export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link boot}. */
export interface BootOptions {
  /** Host folders bound read-only at the same path inside (e.g. the store). */
  readonly bindReadOnly?: readonly string[];
  /** Host folders bound read-write at the same path inside. */
  readonly bind?: readonly string[];
  /**
   * "private" (default): only loopback; "veth": a veth pair, `ve-<name>` on the host and
   * `host0` inside; "host": the host's network namespace (tap devices would land on the host).
   */
  readonly network?: "private" | "veth" | "host";
  /** The packages of the tree to boot (default {@link CONTAINER_PACKAGES}). */
  readonly packages?: readonly string[];
  /** How long to wait for systemd to finish booting (default 120 s). */
  readonly bootTimeoutMs?: number;
}

/** A booted container. */
export interface Container {
  /** The machine name. */
  readonly name: string;
  /** The PID (on the host) of the container's systemd. */
  readonly pid: number;
  /** Runs `sh -c cmd` inside as root; never throws for a non-zero exit. */
  exec(cmd: string, options?: { readonly input?: string; readonly timeoutMs?: number }): Promise<ExecResult>;
  /** Runs `sh -c cmd` inside and returns its stdout; throws with its output when it fails. */
  sh(cmd: string, options?: { readonly input?: string; readonly timeoutMs?: number }): Promise<string>;
  /** The journal of `unit` inside (`journalctl -u unit`, no pager, short output). */
  journal(unit: string): Promise<string>;
  /** What the container printed on its console so far. */
  console(): string;
  /** Powers the container off (killing it after 30 s) and waits until it is gone. */
  stop(): Promise<void>;
}

/** Why containers cannot run here, or null when they can. */
export function containersUnavailable(): string | null {
  if (process.platform !== "linux") return "systemd-nspawn needs Linux";
  if (typeof process.getuid === "function" && process.getuid() !== 0) return "systemd-nspawn containers need root";
  for (const tool of ["systemd-nspawn", "mmdebstrap", "nsenter", "flock"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (scripts/debian-deps installs it)`;
  }
  return null;
}

/** The cache key of a tree: release, variant and the sorted package list. */
export function treeKey(packages: readonly string[] = CONTAINER_PACKAGES): string {
  const list = [...new Set(packages)].sort();
  return createHash("sha256")
    .update(JSON.stringify({ release: CONTAINER_RELEASE, variant: "apt", packages: list }))
    .digest("hex")
    .slice(0, 16);
}

/**
 * The path of the Debian tree with `packages`, built with mmdebstrap the first time
 * (one builder at a time per machine; others wait on the lock and reuse its result).
 */
export async function debianTree(packages: readonly string[] = CONTAINER_PACKAGES): Promise<string> {
  const key = treeKey(packages);
  const tree = join(CONTAINER_CACHE, `debian-${CONTAINER_RELEASE}-${key}`);
  if (existsSync(join(tree, "usr", "lib", "systemd", "systemd"))) return tree;
  mkdirSync(CONTAINER_CACHE, { recursive: true });
  const list = [...new Set(packages)].sort().join(",");
  const script = [
    "tree=$1; list=$2; release=$3",
    'if [ -x "$tree/usr/lib/systemd/systemd" ]; then exit 0; fi',
    'tmp="$tree.building"',
    'rm -rf "$tmp"',
    'mmdebstrap --variant=apt --include="$list" "$release" "$tmp" >&2',
    // a machine id of its own per boot (volatile overlay), no getty on the pipe console
    'rm -f "$tmp/etc/machine-id"; : > "$tmp/etc/machine-id"',
    'mv "$tmp" "$tree"',
  ].join("\n");
  await runHost("flock", [`${tree}.lock`, "sh", "-c", script, "sh", tree, list, CONTAINER_RELEASE], 30 * 60_000);
  return tree;
}

function runHost(command: string, args: readonly string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const result = {
        code: code ?? 128,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      };
      if (result.code !== 0)
        reject(new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.stderr.slice(-4000)}`));
      else resolve(result);
    });
  });
}

/** The children of a process (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
        if (c !== "") out.push(Number(c));
    } catch {
      // the task ended
    }
  }
  return out;
}

/** The container's init: the first descendant of nspawn running systemd. */
function findInit(nspawnPid: number): number | undefined {
  const queue = [nspawnPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of childrenOf(pid)) {
      let comm = "";
      try {
        comm = readFileSync(`/proc/${child}/comm`, "utf8").trim();
      } catch {
        continue;
      }
      if (comm === "systemd") return child;
      queue.push(child);
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const INSIDE_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/root",
  LANG: "C.UTF-8",
  TERM: "dumb",
};

function execIn(
  pid: number,
  cmd: string,
  options: { readonly input?: string; readonly timeoutMs?: number } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("nsenter", ["-t", String(pid), "-a", "--", "/bin/sh", "-c", cmd], {
      stdio: ["pipe", "pipe", "pipe"],
      env: INSIDE_ENV,
      cwd: "/",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 10 * 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal === "SIGKILL" ? 137 : 128),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    // a command that exits before reading its input closes the pipe: not an error of the run
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Boots a container named `name` (a valid machine name, unique among running ones)
 * from the cached tree and waits until its systemd has finished starting up.
 */
export async function boot(name: string, options: BootOptions = {}): Promise<Container> {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/.test(name)) throw new Error(`invalid container name ${JSON.stringify(name)}`);
  const tree = await debianTree(options.packages ?? CONTAINER_PACKAGES);
  const network = options.network ?? "private";
  const args = [
    "-D",
    tree,
    "-M",
    name,
    "-b",
    "--volatile=overlay",
    "--register=no",
    "--keep-unit",
    "--console=pipe",
    "-q",
    "--capability=CAP_NET_ADMIN",
    // the container keeps its own /etc/localtime (by default nspawn binds the machine's
    // over it, and a host's time.timeZone could then not replace it)
    "--timezone=off",
  ];
  if (network === "private") args.push("--private-network");
  if (network === "veth") args.push("--network-veth");
  for (const dir of options.bindReadOnly ?? []) args.push(`--bind-ro=${dir}`);
  for (const dir of options.bind ?? []) args.push(`--bind=${dir}`);
  const nspawn = spawn("systemd-nspawn", args, { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const keep = (c: Buffer) => {
    output += c.toString("utf8");
    if (output.length > 1_000_000) output = output.slice(-500_000);
  };
  nspawn.stdout.on("data", keep);
  nspawn.stderr.on("data", keep);
  const deadline = Date.now() + (options.bootTimeoutMs ?? 120_000);
  let pid: number | undefined;
  while (pid === undefined) {
    if (nspawn.exitCode !== null || nspawn.signalCode !== null)
      throw new Error(`systemd-nspawn ${name} exited during boot:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      nspawn.kill("SIGKILL");
      throw new Error(`container ${name}: no systemd appeared:\n${output.slice(-4000)}`);
    }
    await sleep(100);
    pid = findInit(nspawn.pid!);
  }
  const initPid = pid;
  const stop = async (): Promise<void> => {
    if (nspawn.exitCode !== null || nspawn.signalCode !== null) return;
    nspawn.kill("SIGTERM"); // nspawn asks the container's systemd to power off
    if (!(await waitExit(nspawn, 30_000))) {
      nspawn.kill("SIGKILL");
      await waitExit(nspawn, 10_000);
    }
  };
  const container: Container = {
    name,
    pid: initPid,
    exec: (cmd, o) => execIn(initPid, cmd, o),
    sh: async (cmd, o) => {
      const r = await execIn(initPid, cmd, o);
      if (r.code !== 0)
        throw new Error(
          `in container ${name}: \`${cmd}\` exited with ${r.code}\n${r.stdout.slice(-4000)}${r.stderr.slice(-4000)}`,
        );
      return r.stdout;
    },
    journal: async (unit) =>
      (await execIn(initPid, `journalctl --no-pager -q -o cat -u '${unit.replace(/'/g, "")}'`)).stdout,
    console: () => output,
    stop,
  };
  // systemd's bus socket appears a moment after init starts: retry until it answers
  for (;;) {
    const remaining = Math.max(1000, deadline - Date.now());
    const state = await execIn(initPid, "systemctl is-system-running --wait", { timeoutMs: remaining });
    const s = state.stdout.trim();
    if (s === "running" || s === "degraded") return container;
    if (Date.now() > deadline || (s !== "" && s !== "offline" && s !== "unknown")) {
      await stop();
      throw new Error(
        `container ${name} did not finish booting (${s || state.stderr.trim()}):\n${output.slice(-4000)}`,
      );
    }
    await sleep(200);
  }
}
