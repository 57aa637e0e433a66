/**
 * Activating an output on a target with the magic rollback armed: the activate program
 * (see `remote-scripts.ts`) cancels an older pending rollback, records where a rollback
 * would go (the previous generation), arms a transient systemd timer that returns
 * there after the confirm timeout, and runs the output's `switch-to-configuration
 * switch`. `rollbackNow` returns at once (an activation that failed).
 */
import { join } from "node:path";
import { STATE_DIR } from "../paths.js";
import { ACTIVATE_SCRIPT, ROLLBACK_NOW_SCRIPT, ROLLBACK_SCRIPT } from "./remote-scripts.js";
import { runRemote, SSH_CONNECTION_FAILED, stderrTail, type SshSettings, type SshTarget } from "./ssh.js";

/** Where the target keeps the rollback program the timer runs. */
export const ROLLBACK_PROGRAM = join(STATE_DIR, "deploy-rollback.sh");

/** The previous generation of a target: its link's name and store path ("" for none). */
export interface PreviousGeneration {
  readonly link: string;
  readonly path: string;
}

/** How an activation ended. */
export interface ActivationOutcome {
  /** `ok`, `failed` (the program failed), or `lost` (the connection broke). */
  readonly result: "ok" | "failed" | "lost";
  /** Known once the activation started; undefined when it never did. */
  readonly previous?: PreviousGeneration;
  /** The activation's output (its plan and reports). */
  readonly stdout: string;
  /** The last lines of its errors. */
  readonly error: string;
}

/** How long an activation may take before the armed rollback fires anyway (guests boot during it). */
export const ACTIVATION_BUDGET_SECONDS = 900;

/**
 * Runs the activation of `out` on the target with a rollback armed: it fires after
 * the activation budget if the switch never ends (the connection broke), and
 * `timeoutSeconds` after a successful switch unless confirmed.
 */
export async function activateOnTarget(
  target: SshTarget,
  settings: SshSettings,
  out: string,
  profilesDir: string,
  timeoutSeconds: number,
): Promise<ActivationOutcome> {
  const result = await runRemote(target, settings, ACTIVATE_SCRIPT, [
    out,
    profilesDir,
    String(timeoutSeconds),
    "1",
    ROLLBACK_PROGRAM,
    ROLLBACK_SCRIPT,
    String(ACTIVATION_BUDGET_SECONDS),
  ]);
  const match = /^previous (\S*) ?(\S*)$/m.exec(result.stdout);
  const previous = match === null ? undefined : { link: match[1] ?? "", path: match[2] ?? "" };
  const outcome = result.code === 0 ? "ok" : result.code === SSH_CONNECTION_FAILED ? "lost" : "failed";
  return {
    result: outcome,
    ...(previous === undefined ? {} : { previous }),
    stdout: result.stdout,
    error: stderrTail(result),
  };
}

/** Cancels the rollback timer and returns the target to `previous` now; throws with the target's errors when that fails. */
export async function rollbackNow(
  target: SshTarget,
  settings: SshSettings,
  profilesDir: string,
  previous: PreviousGeneration,
): Promise<void> {
  const result = await runRemote(target, settings, ROLLBACK_NOW_SCRIPT, [profilesDir, previous.link, previous.path]);
  if (result.code !== 0) throw new Error(stderrTail(result) || `exit ${result.code}`);
}
