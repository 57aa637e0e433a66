/** `tsden build <output.path>`: realise the package at an output path and link `./result` to it. */
import { resolve } from "node:path";
import { evalProject, getOutput, loadProject, showOutputPath } from "../../project/index.js";
import { linkResult, realisePackage, Store } from "../../store/index.js";
import { packageAt } from "../build-target.js";
import { withBuildSteps } from "../build-progress.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { outputPathArgument, parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden build <output.path> [--project DIR] [--out-link PATH | --no-link] [--json]

Builds the package at an output path into the store and links ./result to it, e.g.
  tsden build packages.x86_64-linux.runnable-microvm
  tsden build osConfigurations.server
A configuration builds its system.build.microvmHost (units and the guests' runners)
when it hosts microVMs, else its system.build.toplevel. Prints the store path.

Options:
  -p, --project DIR    the project folder (default: the current folder)
  -o, --out-link PATH  the link to create (default: result)
      --no-link        do not create a link
      --json           print {"outPath", "link", "outputPath", "name"} on one line
                       (errors: {"error": {...}})
  -h, --help           show this help

The store is $TSDEN_STORE, else ~/.local/share/tsden/store.`;

/** The `build` command. */
export const buildCommand: Command = {
  name: "build",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        project: { type: "string", short: "p" },
        "out-link": { type: "string", short: "o" },
        "no-link": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
      "build",
    );
    if (values["no-link"] && typeof values["out-link"] === "string")
      throw new UsageError("--out-link and --no-link exclude each other", "build");
    const path = outputPathArgument(positionals, "build");
    io.progress?.(`evaluating ${showOutputPath(path)}`);
    const project = await loadProject(projectDir(values, io.cwd));
    const pkg = packageAt(getOutput(evalProject(project), path), path);
    io.progress?.(`building ${showOutputPath(path)} (${pkg.name})`);
    const out = await withBuildSteps(io, () => realisePackage(new Store(), pkg));
    let link: string | null = null;
    if (!values["no-link"]) {
      link = resolve(io.cwd, typeof values["out-link"] === "string" ? values["out-link"] : "result");
      await linkResult(out, link);
      io.progress?.(`linked ${link}`, true);
    }
    io.out(
      values.json
        ? `${JSON.stringify({ outPath: out, link, outputPath: showOutputPath(path), name: pkg.name })}\n`
        : `${out}\n`,
    );
    return exitCodes.ok;
  },
};
