/**
 * Activating a host output on this machine: runs its `bin/switch-to-configuration`
 * (switch or dry-activate), or the current generation's `rollback`. What the CLI's
 * `tsden switch` does after building, as a library call.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROFILES_DIR, SWITCH_PROGRAM, SYSTEM_PROFILE } from "./paths.js";
import { assertCanActivate, runProgram, type ProgramResult } from "./systemd.js";

/** What to do with a host output. */
export type SwitchAction = "switch" | "dry-activate" | "rollback";

/** Options of {@link switchToConfiguration}. */
export interface SwitchOptions {
  /** Gets the program's output, line by line, as it runs. */
  readonly onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/**
 * Runs the activation program: `switch` or `dry-activate` of `output` (a host output's
 * store path), or `rollback` (to the generation before the current one; `output` is
 * not used). Resolves to its exit code and output (non-zero: a VM did not become
 * ready, or a check failed, and the output says which).
 *
 * @example
 * const r = await switchToConfiguration("switch", "/var/lib/tsden/store/…-microvm-host-server");
 */
export async function switchToConfiguration(
  action: SwitchAction,
  output: string | undefined,
  options: SwitchOptions = {},
): Promise<ProgramResult> {
  assertCanActivate(`tsden switch${action === "switch" ? "" : action === "rollback" ? " --rollback" : " --dry-run"}`);
  const base = action === "rollback" ? join(PROFILES_DIR, SYSTEM_PROFILE) : output;
  if (base === undefined) throw new Error("switchToConfiguration needs the host output to activate");
  const program = join(base, SWITCH_PROGRAM);
  if (!existsSync(program)) {
    throw new Error(
      action === "rollback"
        ? `no current generation with ${SWITCH_PROGRAM} in ${PROFILES_DIR}: nothing to roll back (switch first)`
        : `${base} has no ${SWITCH_PROGRAM}: it is not a host output (build osConfigurations.<host>)`,
    );
  }
  return runProgram(program, [action], options.onLine);
}
