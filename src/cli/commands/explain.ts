/** `tsden explain <output.path>`: every definition of an option, where it is written and what became of it. */
import { explainOption, parseOutputPath } from "../../project/index.js";
import { defineCommand } from "../define-command.js";
import { evaluate } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { renderExplanation } from "../explain-render.js";
import { outputPathArgument, projectFlag } from "../flags/common.js";
import { toJson } from "../to-json.js";

/** The `explain` command. */
export const explainCommand = defineCommand({
  name: "explain",
  args: outputPathArgument,
  about: `Explains an option: its type, declarations and value, and every definition with its
file and line, its priority and what became of it (used; overridden by a lower
priority number; disabled by a false mkIf; the default). For a list, where each
element came from; for a host built by Den, the aspect and pipeline stage behind
each definition. E.g.
  tsden explain osConfigurations.server.config.networking.firewall.allowedTCPPorts
A path enters a configuration at \`config' (osConfigurations.server.config.<option>);
a path that enters none names the top-level option flake.<path>.`,
  flags: {
    project: projectFlag,
    json: { type: "boolean", help: "the explanation as JSON (one line)" },
  },
  notes: "Lines are found in the module files; a line that cannot be found for sure is left out.",
  async run({ flags, args, io }) {
    const path = parseOutputPath(args[0]!);
    // definitions inside submodule values are read in their evaluations: keep them
    const { project, result } = await evaluate({ flags, io }, { keepSubmodules: true });
    const explanation = explainOption(project.root, result, path);
    io.out(flags.json ? `${toJson(explanation, false)}\n` : renderExplanation(explanation));
    return exitCodes.ok;
  },
});
