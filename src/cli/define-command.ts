/**
 * A command from its declaration: the flags and arguments it takes, its description
 * and what it does. Its `--help` text and its parsing (with every usage error) are
 * derived from the one declaration; `run` receives the parsed values, typed after the
 * declaration, and returns the exit code.
 */
import type { Command, CommandIO } from "./command.js";
import type { Flags } from "./flags/declare.js";
import { helpText, type HelpSpec } from "./flags/help.js";
import { type CommandLine, parseCommandLine } from "./flags/parse.js";

/** What a command's `run` receives: the parsed command line and where to write. */
export interface CommandContext<F extends Flags> extends CommandLine<F> {
  readonly io: CommandIO;
}

/** A command's declaration. */
export interface CommandSpec<F extends Flags> extends HelpSpec<F> {
  /** Does the work; resolves to the exit code. */
  run(ctx: CommandContext<F>): Promise<number>;
}

/** A command made by {@link defineCommand}, its declaration kept. */
export interface DeclaredCommand<F extends Flags = Flags> extends Command {
  readonly spec: CommandSpec<F>;
}

/** The command declared by `spec` (its help text made when asked for). */
export function defineCommand<const F extends Flags>(spec: CommandSpec<F>): DeclaredCommand<F> {
  return {
    name: spec.name,
    spec,
    get usage() {
      return helpText(spec);
    },
    async run(argv, io) {
      return spec.run({ ...parseCommandLine(spec, argv), io });
    },
  };
}
