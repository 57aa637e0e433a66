/**
 * Warnings of the module system itself (nixpkgs `lib.warn`): a deprecated feature was
 * used. A warning is printed once per message (as a Node.js warning, on stderr). With
 * `TSDEN_ABORT_ON_WARN` (or nixpkgs' `NIX_ABORT_ON_WARN`) set to `1` or `true`, a
 * warning is an error instead (code `WARNING`), so that tests and CI can insist on none.
 */
import { ModuleError } from "./errors/module-error.js";

const shown = new Set<string>();

/** Whether warnings are errors (see the file comment). */
export function abortOnWarn(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (v: string | undefined) => v === "1" || v === "true";
  return on(env.TSDEN_ABORT_ON_WARN) || on(env.NIX_ABORT_ON_WARN);
}

/**
 * Warns with `message` (once per message), or throws it as a `WARNING` error when
 * warnings are errors. `code` names the warning for `process.on("warning")` listeners.
 */
export function warn(message: string, code = "TSDEN_WARNING"): void {
  if (abortOnWarn()) {
    throw new ModuleError({
      code: "WARNING",
      message,
      hint: "Warnings are errors because TSDEN_ABORT_ON_WARN (or NIX_ABORT_ON_WARN) is set; unset it to only print them.",
    });
  }
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, { code });
}
