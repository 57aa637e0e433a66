/**
 * `tsden repl`: interactive inspection of a project, as `nix repl` does. A line is an
 * output path (printed shallowly) or a command: `:p <path>` (deeply), `:t <path>` (the
 * option's type), `:?` (help), `:q` (quit). Tab completes commands and the names of
 * output and option paths. Errors are reported (code, hint) and the session goes on.
 * On a terminal it prompts `tsden> `; with piped input it prints only the answers.
 */
import { resolve } from "node:path";
import { evalProject, loadProject, showOutputPath } from "../../project/index.js";
import type { Command } from "../command.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { replLoop } from "../repl/loop.js";
import { namesOf, valueAt } from "../repl/values.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden repl [--project DIR]

Inspects the project interactively. Type an output path to see its value shallowly
(attribute names, scalars inline), or a command:
  :p <path>   print the value deeply (as JSON; functions left out)
  :t <path>   the option behind a configuration path: its type, description, files
  :?          this help
  :q          quit (also Ctrl-D)
Tab completes commands and the names of output and option paths, e.g.
  osConfigurations.server.config.networking.hostName

Options:
  -p, --project DIR  the project folder (default: the current folder)
  -h, --help         show this help`;

/** The `repl` command. */
export const replCommand: Command = {
  name: "repl",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { project: { type: "string", short: "p" } }, "repl");
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, "repl");
    const dir = projectDir(values, io.cwd);
    const result = evalProject(await loadProject(dir));
    const outputs = namesOf(valueAt(result, [])) ?? [];
    const banner = `tsden repl: project ${dir}; outputs: ${outputs.map((n) => showOutputPath([n])).join(", ") || "(none)"}\nType a path (Tab completes), :p <path> to print deeply, :t <path> for an option's type, :? for help, :q to quit.`;
    return replLoop(result, io, banner, resolve(io.cwd, dir));
  },
};
