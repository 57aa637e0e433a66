/** `tsden switch [HOST]`: build a host and bring this machine's running guests in line with it. */
import { hostname } from "node:os";
import { assertCanActivate, switchToConfiguration } from "../../host/index.js";
import { evalProject, getOutput, loadProject } from "../../project/index.js";
import { realisePackage, Store } from "../../store/index.js";
import { packageAt } from "../build-target.js";
import { withBuildSteps } from "../build-progress.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden switch [HOST] [--dry-run | --rollback] [--project DIR]

As root on the host, in the project folder: builds osConfigurations.HOST (default: this
machine's host name) and runs its bin/switch-to-configuration, which installs the
systemd units, starts the guests that should run, restarts the changed ones, stops the
removed ones (keeping their volumes) and records a generation. Exits 1 when a guest did
not become ready within microvm.host.startupTimeout, naming it.

Options:
  -n, --dry-run       build, then print what switch would do; change nothing
      --rollback      switch back to the previous generation (nothing is built)
  -p, --project DIR   the project folder (default: the current folder)
  -h, --help          show this help`;

/** The `switch` command. */
export const switchCommand: Command = {
  name: "switch",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        project: { type: "string", short: "p" },
        "dry-run": { type: "boolean", short: "n", default: false },
        rollback: { type: "boolean", default: false },
      },
      "switch",
    );
    if (values["dry-run"] && values.rollback)
      throw new UsageError("--dry-run and --rollback exclude each other", "switch");
    if (positionals.length > 1)
      throw new UsageError(`expected at most one host name, got ${positionals.length}`, "switch");
    if (values.rollback && positionals.length > 0)
      throw new UsageError("--rollback takes no host: it returns to this machine's previous generation", "switch");
    const action = values.rollback ? "rollback" : values["dry-run"] ? "dry-activate" : "switch";
    assertCanActivate(`tsden switch${values.rollback ? " --rollback" : ""}`);
    let output: string | undefined;
    if (action !== "rollback") {
      const host = positionals[0] ?? hostname();
      const path = ["osConfigurations", host];
      io.progress?.(`evaluating osConfigurations.${host}`);
      const project = await loadProject(projectDir(values, io.cwd));
      const pkg = packageAt(getOutput(evalProject(project), path), path);
      io.progress?.(`building osConfigurations.${host} (${pkg.name})`);
      output = await withBuildSteps(io, () => realisePackage(new Store(), pkg));
      io.progress?.(`activating ${output}`, true);
    }
    const result = await switchToConfiguration(action, output, {
      onLine: (line, stream) => (stream === "stdout" ? io.out(`${line}\n`) : io.err(`${line}\n`)),
    });
    return result.code === 0 ? exitCodes.ok : exitCodes.failure;
  },
};
