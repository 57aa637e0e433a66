/**
 * The CLI as a function: picks the subcommand, lets it parse its flags and call the
 * library, and turns errors into reports and exit codes.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CommandIO } from "./command.js";
import { exitCodes } from "./exit-codes.js";
import { globalFlags } from "./global-flags.js";
import { UsageError } from "./usage-error.js";
import { verbs } from "./verbs.js";

/** The version of this package, from its package.json. */
export function version(): string {
  const pkg = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(pkg), "utf8")) as { version: string }).version;
}

const help = () => `tsden ${version()}: the NixOS module system, Den and microvm.nix in TypeScript

Usage: tsden <command> [options]

Commands:
${verbs.map((v) => `  ${v.name.padEnd(8)} ${v.summary}`).join("\n")}

Options:
  -h, --help     show this help (tsden <command> --help for a command's)
  -V, --version  print the version

Exit codes: 0 success; 1 the project failed (evaluation error, import failure,
unknown output); 2 usage error (bad flags or arguments, no project folder).`;

/** Whether a command's arguments ask for its usage (`-h`/`--help` before any `--`). */
function helpAsked(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** Runs the CLI on `argv` (the arguments after the program); resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.out(`${help()}\n`);
      return first === undefined ? exitCodes.usage : exitCodes.ok;
    }
    if (first === "--version" || first === "-V") {
      io.out(`${version()}\n`);
      return exitCodes.ok;
    }
    const verb = verbs.find((v) => v.name === first);
    if (!verb) {
      if (first.startsWith("-")) throw new UsageError(`unknown option '${first}'`);
      const { closest } = await import("../modules/index.js");
      const near = closest(
        first,
        verbs.map((v) => v.name),
        1,
      )[0];
      throw new UsageError(
        `unknown command '${first}'`,
        undefined,
        near === undefined ? undefined : `Did you mean \`tsden ${near}'?`,
      );
    }
    const command = await verb.load();
    if (helpAsked(rest)) {
      io.out(`${command.usage}\n`);
      return exitCodes.ok;
    }
    return await command.run(rest, io);
  } catch (thrown) {
    // error reporting loads the layers whose errors it renders: only when there is one
    const [{ errorJson }, { exitCodeOf, formatError, unreportedOverflow }, { locateDefinition }, { isStackOverflow }] =
      await Promise.all([
        import("./error-json.js"),
        import("./report.js"),
        import("./locate-definition.js"),
        import("../modules/index.js"),
      ]);
    const flags = globalFlags(argv, io.cwd);
    // the last resort: the stack ran out where nothing said what was being done
    const e = isStackOverflow(thrown) ? unreportedOverflow(thrown, argv, flags.root) : thrown;
    if (flags.json) io.out(`${JSON.stringify({ error: errorJson(e, flags.root) })}\n`);
    io.err(`${formatError(e, { root: flags.root, locate: locateDefinition })}\n`);
    return exitCodeOf(e);
  }
}
