import type { ProgressTask } from "./progress.js";

/**
 * The shape of a subcommand: one file per verb under `commands/`, made by
 * `defineCommand` from the command's declaration, registered in `verbs.ts`.
 */
export interface Command {
  /** The verb, as typed: `tsden <name>`. */
  readonly name: string;
  /** The full usage text for `tsden <name> --help` (made from the declaration). */
  readonly usage: string;
  /** Runs the command with the arguments after the verb; resolves to the exit code. */
  run(argv: readonly string[], io: CommandIO): Promise<number>;
}

/** Where a command writes (the process streams, or buffers in tests). */
export interface CommandIO {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /**
   * Reports a step of long work (a line without newline): a spinner on a terminal until
   * the next step or the end; `final` prints it once (before a program takes the
   * terminal). Absent when stderr is not a terminal.
   */
  progress?(line: string, final?: boolean): void;
  /**
   * Reports a piece of work inside the current step (a build, a download): shown while
   * it runs, kept as a line of its own when it ends. Absent when stderr is not a terminal.
   */
  task?(line: string): ProgressTask;
}
