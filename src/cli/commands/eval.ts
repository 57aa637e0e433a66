/** `tsden eval <output.path>`: print the JSON value at an output path of a project. */
import { evalProject, getOutput, loadProject, showOutputPath } from "../../project/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { outputPathArgument, parseFlags, projectDir } from "../parse-flags.js";
import { partErrorsNote, toJson, type PartError } from "../to-json.js";

const usage = `Usage: tsden eval <output.path> [--project DIR] [--json]

Evaluates the project and prints the JSON value at an output path, e.g.
  tsden eval osConfigurations.server.config.networking.hostName
Quote names that contain dots: packages."x86_64-linux".vm

Options:
  -p, --project DIR  the project folder (default: the current folder)
      --json         compact JSON on one line (default: indented); errors are
                     printed as {"error": {...}} on stdout too
  -h, --help         show this help

Functions are left out of the output. A part that fails when read (an assertion
of one guest, say) is shown in place as "«error CODE: message»" and listed on
stderr; the rest of the value is printed.`;

/** The `eval` command. */
export const evalCommand: Command = {
  name: "eval",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        project: { type: "string", short: "p" },
        json: { type: "boolean", default: false },
      },
      "eval",
    );
    const path = outputPathArgument(positionals, "eval");
    const project = await loadProject(projectDir(values, io.cwd));
    const value = getOutput(evalProject(project), path);
    const failed: PartError[] = [];
    io.out(`${toJson(value, !values.json, failed)}\n`);
    if (failed.length > 0) io.err(`${partErrorsNote(failed, showOutputPath(path))}\n`);
    return exitCodes.ok;
  },
};
