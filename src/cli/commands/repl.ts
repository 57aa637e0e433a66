/**
 * `tsden repl`: interactive inspection of a project, as `nix repl` does. A line is an
 * output path (printed shallowly) or a command: `:p <path>` (deeply), `:t <path>` (the
 * option's type), `:?` (help), `:q` (quit). Tab completes commands and the names of
 * output and option paths. Errors are reported (code, hint) and the session goes on.
 * On a terminal it prompts `tsden> `; with piped input it prints only the answers.
 */
import { resolve } from "node:path";
import { showOutputPath } from "../../project/index.js";
import { defineCommand } from "../define-command.js";
import { evaluate, projectDir } from "../evaluate.js";
import { projectFlag } from "../flags/common.js";
import { replLoop } from "../repl/loop.js";
import { namesOf, valueAt } from "../repl/values.js";

/** The `repl` command. */
export const replCommand = defineCommand({
  name: "repl",
  about: `Inspects the project interactively. Type an output path to see its value shallowly
(attribute names, scalars inline), or a command:
  :p <path>   print the value deeply (as JSON; functions left out)
  :t <path>   the option behind a configuration path: its type, description, files
  :?          this help
  :q          quit (also Ctrl-D)
Tab completes commands and the names of output and option paths, e.g.
  osConfigurations.server.config.networking.hostName`,
  flags: { project: projectFlag },
  async run({ flags, io }) {
    const dir = projectDir({ flags, io });
    const { result } = await evaluate({ flags, io });
    const outputs = namesOf(valueAt(result, [])) ?? [];
    const banner = `tsden repl: project ${dir}; outputs: ${outputs.map((n) => showOutputPath([n])).join(", ") || "(none)"}\nType a path (Tab completes), :p <path> to print deeply, :t <path> for an option's type, :? for help, :q to quit.`;
    return replLoop(result, io, banner, resolve(io.cwd, dir));
  },
});
