/**
 * `tsden deploy`: build each host's output once on this machine, then for every host
 * (several at a time): find which store paths of the output's closure the target lacks
 * and copy only those (one tar stream over SSH), activate the output there with a
 * rollback timer armed, and confirm over a new SSH connection that the host answers,
 * runs the new generation and its autostart guests are up, which cancels the timer.
 * An activation that fails is rolled back at once; a host that is never confirmed
 * returns to its previous generation by itself when the timer fires. A host that
 * fails (unreachable, wrong store root, failed build or activation) fails alone.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { HOST_MANIFEST, type HostManifest } from "../../microvm/host-package.js";
import { closureOf, REFS_DIR } from "../../store/references.js";
import { realisePackage } from "../../store/package.js";
import type { Store } from "../../store/store.js";
import { PROFILES_DIR, STATE_DIR } from "../paths.js";
import { ACTIVATE_SCRIPT, CONFIRM_SCRIPT, PROBE_SCRIPT, RECEIVE_SCRIPT, ROLLBACK_NOW_SCRIPT, ROLLBACK_SCRIPT } from "./remote-scripts.js";
import { runRemote, sendTar, SSH_CONNECTION_FAILED, stderrTail, type RemoteResult, type SshSettings, type SshTarget } from "./ssh.js";
import type { DeployTarget } from "./targets.js";

/** How a host's deployment ended. */
export type DeployStatus = "changed" | "unchanged" | "failed";

/** One host's outcome. */
export interface HostDeployResult {
  readonly name: string;
  /** `user@host[:port]`. */
  readonly destination: string;
  readonly status: DeployStatus;
  /** Why it failed, and what the host does about it. */
  readonly error?: string;
  /** The output deployed (or meant to be). */
  readonly outPath?: string;
  readonly copiedPaths: number;
  readonly copiedBytes: number;
  readonly copyMs: number;
  readonly activateMs: number;
  readonly totalMs: number;
  /** Whether the host went back to its previous generation (at once, or by itself later: "pending"). */
  readonly rolledBack: boolean | "pending";
}

/** Options of {@link deploy}. */
export interface DeployOptions {
  /** The store the outputs are built in (its root must be each target's `deployment.storeRoot`). */
  readonly store: Store;
  /** Hosts handled at once (default 4). */
  readonly parallel?: number;
  /** Build, connect and report what would be copied and changed; change nothing. */
  readonly dryRun?: boolean;
  /** Leave the confirmation out: the hosts return to their previous generation after their confirm timeout. */
  readonly noConfirm?: boolean;
  readonly ssh?: SshSettings;
  /** The profiles folder on the targets (default the host's). */
  readonly profilesDir?: string;
  /** A progress line about one host. */
  readonly onProgress?: (host: string, line: string) => void;
}

/** `user@host` with `:port` when one is set. */
function destinationOf(target: SshTarget): string {
  return `${target.user}@${target.host}${target.port === null ? "" : `:${target.port}`}`;
}

async function diskBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return 0;
  let total = info.size;
  if (info.isDirectory()) for (const entry of await readdir(path)) total += await diskBytes(join(path, entry));
  return total;
}

/** The autostart guests of a host output (from its microVM manifest; none without one). */
async function autostartGuests(outPath: string): Promise<string[]> {
  const text = await readFile(join(outPath, HOST_MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) return [];
  const manifest = JSON.parse(text) as HostManifest;
  return Object.entries(manifest.vms)
    .filter(([, vm]) => vm.autostart)
    .map(([name]) => name)
    .sort();
}

function unreachable(destination: string, result: RemoteResult): string {
  return `cannot reach ${destination}: ${stderrTail(result, 3) || "ssh failed"}`;
}

/** Runs `work` on every item, at most `limit` at once, keeping the order of results. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

interface Built {
  readonly target: DeployTarget;
  readonly outPath?: string;
  readonly error?: string;
}

/** Builds every target's output (one at a time: they share most of their inputs). */
async function buildAll(targets: readonly DeployTarget[], options: DeployOptions): Promise<Built[]> {
  const built: Built[] = [];
  for (const target of targets) {
    if (target.deployment.storeRoot !== options.store.root) {
      built.push({
        target,
        error:
          `its store is ${target.deployment.storeRoot} (deployment.storeRoot) but this build uses ${options.store.root}; ` +
          `outputs name absolute store paths, so build into the target's store: TSDEN_STORE=${target.deployment.storeRoot} tsden deploy ... ` +
          `(as root, or as a user who may write it), or set deployment.storeRoot = "${options.store.root}"`,
      });
      continue;
    }
    options.onProgress?.(target.name, `building ${target.output.name}`);
    try {
      built.push({ target, outPath: await realisePackage(options.store, target.output) });
    } catch (error) {
      built.push({ target, error: `building ${target.output.name} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return built;
}

async function deployOne(built: Built, options: DeployOptions): Promise<HostDeployResult> {
  const started = Date.now();
  const { target } = built;
  const ssh: SshTarget = { host: target.host, user: target.deployment.targetUser, port: target.deployment.targetPort };
  const destination = destinationOf(ssh);
  const settings = options.ssh ?? {};
  const profiles = options.profilesDir ?? PROFILES_DIR;
  let copiedPaths = 0;
  let copiedBytes = 0;
  let copyMs = 0;
  let activateMs = 0;
  const done = (status: DeployStatus, extra: { error?: string; rolledBack?: boolean | "pending" } = {}): HostDeployResult => {
    const result: HostDeployResult = {
      name: target.name,
      destination,
      status,
      ...(extra.error === undefined ? {} : { error: extra.error }),
      ...(built.outPath === undefined ? {} : { outPath: built.outPath }),
      copiedPaths,
      copiedBytes,
      copyMs,
      activateMs,
      totalMs: Date.now() - started,
      rolledBack: extra.rolledBack ?? false,
    };
    options.onProgress?.(target.name, status === "failed" ? `failed: ${extra.error ?? ""}` : status);
    return result;
  };
  if (built.outPath === undefined) return done("failed", { error: built.error ?? "not built" });
  const out = built.outPath;
  const root = options.store.root;

  // what the target has
  const copyStart = Date.now();
  const closure = await closureOf([out]);
  const bases = closure.map((p) => basename(p));
  options.onProgress?.(target.name, `connecting to ${destination}`);
  const probe = await runRemote(ssh, settings, PROBE_SCRIPT, [root, profiles, ...bases], { timeoutMs: 120_000 });
  if (probe.code === SSH_CONNECTION_FAILED) return done("failed", { error: unreachable(destination, probe) });
  if (probe.code !== 0) return done("failed", { error: `probing ${destination} failed: ${stderrTail(probe)}` });
  const [current = "", ...missing] = probe.stdout.split("\n").filter((line, i) => i === 0 || line !== "");
  const changed = current !== out;

  // copy what it lacks
  if (missing.length > 0) {
    for (const base of missing) copiedBytes += await diskBytes(join(root, base));
    copiedPaths = missing.length;
    if (options.dryRun) {
      options.onProgress?.(target.name, `would copy ${missing.length} store paths`);
    } else {
      options.onProgress?.(target.name, `copying ${missing.length} store paths`);
      const files: string[] = [];
      for (const base of missing) {
        files.push(base);
        if (await lstat(join(root, REFS_DIR, base)).then(() => true, () => false)) files.push(`${REFS_DIR}/${base}`);
      }
      const sent = await sendTar(ssh, settings, root, files, RECEIVE_SCRIPT, [root, ...missing]);
      if (sent.code !== 0) {
        copyMs = Date.now() - copyStart;
        return done("failed", { error: sent.code === SSH_CONNECTION_FAILED ? unreachable(destination, sent) : `copying to ${destination} failed: ${stderrTail(sent)}` });
      }
    }
  }
  copyMs = Date.now() - copyStart;
  if (options.dryRun) return done(changed ? "changed" : "unchanged");
  if (!changed) return done("unchanged");

  // activate with the rollback armed
  const timeout = target.deployment.confirmTimeout;
  const activateStart = Date.now();
  options.onProgress?.(target.name, "activating");
  const rollbackFile = join(STATE_DIR, "deploy-rollback.sh");
  const activation = await runRemote(ssh, settings, ACTIVATE_SCRIPT, [out, profiles, String(timeout), "1", rollbackFile, ROLLBACK_SCRIPT]);
  activateMs = Date.now() - activateStart;
  const previous = /^previous (\S*) (\S*)$/m.exec(activation.stdout);
  const prevLink = previous?.[1] ?? "";
  const prevPath = previous?.[2] ?? "";
  if (activation.code !== 0) {
    if (previous === null) {
      return done("failed", { error: activation.code === SSH_CONNECTION_FAILED ? unreachable(destination, activation) : `activation on ${destination} failed: ${stderrTail(activation)}` });
    }
    if (activation.code === SSH_CONNECTION_FAILED) {
      return done("failed", {
        error: `the connection to ${destination} broke during the activation; ${prevLink === "" ? "there is no previous generation to return to" : `the host returns to ${prevLink} by itself within ${timeout} s`}`,
        rolledBack: prevLink === "" ? false : "pending",
      });
    }
    const reason = `activation on ${destination} failed: ${stderrTail(activation)}`;
    if (prevLink === "" || prevPath === "") return done("failed", { error: `${reason}; there is no previous generation to return to` });
    options.onProgress?.(target.name, `activation failed; returning to ${prevLink}`);
    const back = await runRemote(ssh, settings, ROLLBACK_NOW_SCRIPT, [profiles, prevLink, prevPath]);
    if (back.code !== 0) return done("failed", { error: `${reason}; returning to ${prevLink} failed too: ${stderrTail(back)}`, rolledBack: "pending" });
    return done("failed", { error: `${reason}; returned to ${prevLink}`, rolledBack: true });
  }

  // confirm over a new connection
  if (options.noConfirm) {
    return done("changed", { rolledBack: prevLink === "" ? false : "pending" });
  }
  options.onProgress?.(target.name, "confirming");
  const guests = await autostartGuests(out);
  const confirm = await runRemote(ssh, settings, CONFIRM_SCRIPT, [out, profiles, String(Math.max(1, timeout - 5)), ...guests], { timeoutMs: timeout * 1000 });
  if (confirm.code !== 0) {
    const why = confirm.code === SSH_CONNECTION_FAILED ? unreachable(destination, confirm) : stderrTail(confirm);
    return done("failed", {
      error: `not confirmed: ${why}; ${prevLink === "" ? "there is no previous generation to return to" : `the host returns to ${prevLink} by itself within ${timeout} s`}`,
      rolledBack: prevLink === "" ? false : "pending",
    });
  }
  return done("changed");
}

/** Deploys `targets`; one result per target, in the same order. Never throws for one host's failure. */
export async function deploy(targets: readonly DeployTarget[], options: DeployOptions): Promise<HostDeployResult[]> {
  const built = await buildAll(targets, options);
  return pool(built, options.parallel ?? 4, (b) =>
    deployOne(b, options).catch((error: unknown) => ({
      name: b.target.name,
      destination: `${b.target.deployment.targetUser}@${b.target.host}`,
      status: "failed" as const,
      error: error instanceof Error ? error.message : String(error),
      copiedPaths: 0,
      copiedBytes: 0,
      copyMs: 0,
      activateMs: 0,
      totalMs: 0,
      rolledBack: false,
    })),
  );
}
