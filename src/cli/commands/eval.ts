/** `tsden eval <output.path>`: print the JSON value at an output path of a project. */
import { parseOutputPath, showOutputPath } from "../../project/index.js";
import { exitCodes } from "../exit-codes.js";
import { defineCommand } from "../define-command.js";
import { outputAt } from "../evaluate.js";
import { outputPathArgument, projectFlag } from "../flags/common.js";
import { partErrorsNote, toJson, type PartError } from "../to-json.js";

/** The `eval` command. */
export const evalCommand = defineCommand({
  name: "eval",
  args: outputPathArgument,
  about: `Evaluates the project and prints the JSON value at an output path, e.g.
  tsden eval osConfigurations.server.config.networking.hostName
Quote names that contain dots: packages."x86_64-linux".vm`,
  flags: {
    project: projectFlag,
    json: {
      type: "boolean",
      help: 'compact JSON on one line (default: indented); errors are printed as {"error": {...}} on stdout too',
    },
  },
  notes: `Functions are left out of the output. A part that fails when read (an assertion
of one guest, say) is shown in place as "«error CODE: message»" and listed on
stderr; the rest of the value is printed.`,
  async run({ flags, args, io }) {
    const path = parseOutputPath(args[0]!);
    const value = await outputAt({ flags, io }, path);
    const failed: PartError[] = [];
    io.out(`${toJson(value, !flags.json, failed)}\n`);
    if (failed.length > 0) io.err(`${partErrorsNote(failed, showOutputPath(path))}\n`);
    return exitCodes.ok;
  },
});
