/**
 * `tsden deploy`: build each host's output once on this machine, then for every host
 * (several at a time): find which store paths of the output's closure the target lacks
 * and copy only those (one tar stream over SSH), activate the output there with a
 * rollback timer armed, and confirm over a new SSH connection that the host answers,
 * runs the new generation and its autostart guests are up, which cancels the timer.
 * An activation that fails is rolled back at once; a host that is never confirmed
 * returns to its previous generation by itself when the timer fires. A host that
 * fails (unreachable, wrong store root, failed build or activation) fails alone.
 * With `gc`, each host that ends deployed or unchanged then collects its store's
 * garbage (see `remote-gc.ts`), keeping what its generations hold.
 */
import { join } from "node:path";
import { realisePackage, type Store } from "../../store/index.js";
import { PROFILES_DIR } from "../paths.js";
import { ACTIVATION_BUDGET_SECONDS, activateOnTarget, rollbackNow } from "./activate.js";
import { confirmOnTarget } from "./confirm.js";
import { copyPaths, destinationOf, probeTarget, TargetError, treeBytes } from "./copy.js";
import { pool } from "./pool.js";
import { gcOnTarget } from "./remote-gc.js";
import type { SshSettings, SshTarget } from "./ssh.js";
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
  /** With `gc`: what collecting the target's store removed (or, in a dry run, would remove). */
  readonly gc?: { readonly removedPaths: number; readonly freedBytes: number };
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
  /** After a host is deployed (or found unchanged), collect its store's garbage, keeping what its generations hold. */
  readonly gc?: boolean;
  /** A progress line about one host. */
  readonly onProgress?: (host: string, line: string) => void;
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
      built.push({
        target,
        error: `building ${target.output.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
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
  const progress = (line: string) => options.onProgress?.(target.name, line);
  const figures = { copiedPaths: 0, copiedBytes: 0, copyMs: 0, activateMs: 0 };
  let collected: HostDeployResult["gc"];
  const done = (
    status: DeployStatus,
    extra: { error?: string; rolledBack?: boolean | "pending" } = {},
  ): HostDeployResult => {
    progress(status === "failed" ? `failed: ${extra.error ?? ""}` : status);
    return {
      name: target.name,
      destination,
      status,
      ...(extra.error === undefined ? {} : { error: extra.error }),
      ...(built.outPath === undefined ? {} : { outPath: built.outPath }),
      ...figures,
      totalMs: Date.now() - started,
      rolledBack: extra.rolledBack ?? false,
      ...(collected === undefined ? {} : { gc: collected }),
    };
  };
  // a host that ends deployed or unchanged: collect its garbage when asked
  const finish = async (status: DeployStatus, rolledBack: boolean | "pending" = false): Promise<HostDeployResult> => {
    if (options.gc !== true) return done(status, { rolledBack });
    progress(options.dryRun ? "collecting garbage (dry run)" : "collecting garbage");
    try {
      const report = await gcOnTarget(ssh, settings, options.store.root, profiles, options.dryRun === true);
      collected = { removedPaths: report.removed.length, freedBytes: report.freedBytes };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return done("failed", { rolledBack, error: `deployed (${status}), but ${why}` });
    }
    return done(status, { rolledBack });
  };
  if (built.outPath === undefined) return done("failed", { error: built.error ?? "not built" });
  const out = built.outPath;
  const root = options.store.root;

  // copy what the target lacks
  const copyStart = Date.now();
  progress(`connecting to ${destination}`);
  let changed: boolean;
  try {
    const probe = await probeTarget(ssh, settings, root, profiles, out);
    changed = probe.current !== out;
    for (const base of probe.missing) figures.copiedBytes += await treeBytes(join(root, base));
    figures.copiedPaths = probe.missing.length;
    if (probe.missing.length > 0) {
      progress(`${options.dryRun ? "would copy" : "copying"} ${probe.missing.length} store paths`);
      if (!options.dryRun) await copyPaths(ssh, settings, root, probe.missing);
    }
  } catch (error) {
    figures.copyMs = Date.now() - copyStart;
    if (error instanceof TargetError) return done("failed", { error: error.message });
    throw error;
  }
  figures.copyMs = Date.now() - copyStart;
  if (options.dryRun || !changed) return finish(changed ? "changed" : "unchanged");

  // activate with the rollback armed
  const timeout = target.deployment.confirmTimeout;
  const activateStart = Date.now();
  progress("activating");
  const activation = await activateOnTarget(ssh, settings, out, profiles, timeout);
  figures.activateMs = Date.now() - activateStart;
  const previous = activation.previous;
  const hasPrevious = previous !== undefined && previous.link !== "" && previous.path !== "";
  const selfReturn = hasPrevious
    ? `the host returns to ${previous.link} by itself within ${timeout} s`
    : "there is no previous generation to return to";
  if (activation.result !== "ok") {
    if (previous === undefined) {
      const why =
        activation.result === "lost"
          ? `cannot reach ${destination}: ${activation.error}`
          : `activation on ${destination} failed: ${activation.error}`;
      return done("failed", { error: why });
    }
    if (activation.result === "lost") {
      const later = hasPrevious
        ? `the host returns to ${previous.link} by itself within ${ACTIVATION_BUDGET_SECONDS + timeout} s`
        : "there is no previous generation to return to";
      return done("failed", {
        error: `the connection to ${destination} broke during the activation; ${later}`,
        rolledBack: hasPrevious ? "pending" : false,
      });
    }
    const reason = `activation on ${destination} failed: ${activation.error}`;
    if (!hasPrevious) return done("failed", { error: `${reason}; there is no previous generation to return to` });
    progress(`activation failed; returning to ${previous.link}`);
    try {
      await rollbackNow(ssh, settings, profiles, previous);
    } catch (error) {
      return done("failed", {
        error: `${reason}; returning to ${previous.link} failed too: ${(error as Error).message}; ${selfReturn}`,
        rolledBack: "pending",
      });
    }
    return done("failed", { error: `${reason}; returned to ${previous.link}`, rolledBack: true });
  }

  // confirm over a new connection
  if (options.noConfirm) {
    progress(`not confirming: ${selfReturn}`);
    return finish("changed", hasPrevious ? "pending" : false);
  }
  progress("confirming");
  const notConfirmed = await confirmOnTarget(ssh, settings, out, profiles, timeout);
  if (notConfirmed !== undefined)
    return done("failed", {
      error: `not confirmed: ${notConfirmed}; ${selfReturn}`,
      rolledBack: hasPrevious ? "pending" : false,
    });
  return finish("changed");
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
