/** `tsden explain <output.path>`: every definition of an option, where it is written and what became of it. */
import { keepSubmoduleEvaluations } from "../../modules/index.js";
import { evalProject, explainOption, loadProject } from "../../project/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { renderExplanation } from "../explain-render.js";
import { outputPathArgument, parseFlags, projectDir } from "../parse-flags.js";
import { toJson } from "../to-json.js";

const usage = `Usage: tsden explain <output.path> [--project DIR] [--json]

Explains an option: its type, declarations and value, and every definition with its
file and line, its priority and what became of it (used; overridden by a lower
priority number; disabled by a false mkIf; the default). For a list, where each
element came from; for a host built by Den, the aspect and pipeline stage behind
each definition. E.g.
  tsden explain osConfigurations.server.config.networking.firewall.allowedTCPPorts
A path enters a configuration at \`config' (osConfigurations.server.config.<option>);
a path that enters none names the top-level option flake.<path>.

Options:
  -p, --project DIR  the project folder (default: the current folder)
      --json         the explanation as JSON (one line)
  -h, --help         show this help

Lines are found in the module files; a line that cannot be found for sure is left out.`;

/** The `explain` command. */
export const explainCommand: Command = {
  name: "explain",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        project: { type: "string", short: "p" },
        json: { type: "boolean", default: false },
      },
      "explain",
    );
    const path = outputPathArgument(positionals, "explain");
    // definitions inside submodule values are read in their evaluations: keep them
    keepSubmoduleEvaluations();
    const project = await loadProject(projectDir(values, io.cwd));
    const explanation = explainOption(project.root, evalProject(project), path);
    io.out(values.json ? `${toJson(explanation, false)}\n` : renderExplanation(explanation));
    return exitCodes.ok;
  },
};
