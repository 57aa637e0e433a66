/** `tsden build <output.path>`: realise the package at an output path and link `./result` to it. */
import { resolve } from "node:path";
import { parseOutputPath, showOutputPath } from "../../project/index.js";
import { linkResult, Store } from "../../store/index.js";
import { buildPackageAt } from "../build-package.js";
import { defineCommand } from "../define-command.js";
import { outputAt } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { outputPathArgument, projectFlag } from "../flags/common.js";

/** The `build` command. */
export const buildCommand = defineCommand({
  name: "build",
  args: outputPathArgument,
  about: `Builds the package at an output path into the store and links ./result to it, e.g.
  tsden build packages.x86_64-linux.runnable-microvm
  tsden build osConfigurations.server
A configuration builds its system.build.microvmHost (units and the guests' runners)
when it hosts microVMs, else its system.build.toplevel. Prints the store path.`,
  flags: {
    project: projectFlag,
    "out-link": { type: "string", short: "o", value: "PATH", help: "the link to create (default: result)" },
    "no-link": { type: "boolean", help: "do not create a link" },
    json: {
      type: "boolean",
      help: 'print {"outPath", "link", "outputPath", "name"} on one line\n(errors: {"error": {...}})',
    },
  },
  exclusive: [["out-link", "no-link"]],
  notes: "The store is $TSDEN_STORE, else ~/.local/share/tsden/store.",
  async run({ flags, args, io }) {
    const path = parseOutputPath(args[0]!);
    const value = await outputAt({ flags, io }, path, { progress: `evaluating ${showOutputPath(path)}` });
    const { pkg, out } = await buildPackageAt(io, new Store(), value, path);
    let link: string | null = null;
    if (!flags["no-link"]) {
      link = resolve(io.cwd, flags["out-link"] ?? "result");
      await linkResult(out, link);
      io.progress?.(`linked ${link}`, true);
    }
    io.out(
      flags.json
        ? `${JSON.stringify({ outPath: out, link, outputPath: showOutputPath(path), name: pkg.name })}\n`
        : `${out}\n`,
    );
    return exitCodes.ok;
  },
});
