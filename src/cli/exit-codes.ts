/** The exit codes of `tsden` (documented in the README and `tsden --help`). */
export const exitCodes = {
  /** The command succeeded. */
  ok: 0,
  /** The project failed: a module or evaluation error, an import failure, an unknown output. */
  failure: 1,
  /** The command line is wrong: unknown flag, missing or extra argument, malformed output path, no project folder. */
  usage: 2,
} as const;
