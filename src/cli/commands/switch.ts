/** `tsden switch [HOST]`: build a host and bring this machine's running guests in line with it. */
import { hostname } from "node:os";
import { assertCanActivate, switchToConfiguration } from "../../host/index.js";
import { Store } from "../../store/index.js";
import { buildPackageAt } from "../build-package.js";
import { defineCommand } from "../define-command.js";
import { outputAt } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { UsageError } from "../usage-error.js";

/** The `switch` command. */
export const switchCommand = defineCommand({
  name: "switch",
  args: { usage: "[HOST]", name: "host name", count: "optional" },
  about: `As root on the host, in the project folder: builds osConfigurations.HOST (default: this
machine's host name) and runs its bin/switch-to-configuration, which installs the
systemd units, starts the guests that should run, restarts the changed ones, stops the
removed ones (keeping their volumes) and records a generation. Exits 1 when a guest did
not become ready within microvm.host.startupTimeout, naming it.`,
  flags: {
    "dry-run": { type: "boolean", short: "n", help: "build, then print what switch would do; change nothing" },
    rollback: { type: "boolean", help: "switch back to the previous generation (nothing is built)" },
    project: projectFlag,
  },
  exclusive: [["dry-run", "rollback"]],
  async run({ flags, args, io }) {
    if (flags.rollback && args.length > 0)
      throw new UsageError("--rollback takes no host: it returns to this machine's previous generation", "switch");
    const action = flags.rollback ? "rollback" : flags["dry-run"] ? "dry-activate" : "switch";
    assertCanActivate(`tsden switch${flags.rollback ? " --rollback" : ""}`);
    let output: string | undefined;
    if (action !== "rollback") {
      const path = ["osConfigurations", args[0] ?? hostname()];
      const value = await outputAt({ flags, io }, path, { progress: `evaluating ${path.join(".")}` });
      output = (await buildPackageAt(io, new Store(), value, path)).out;
      io.progress?.(`activating ${output}`, true);
    }
    const result = await switchToConfiguration(action, output, {
      onLine: (line, stream) => (stream === "stdout" ? io.out(`${line}\n`) : io.err(`${line}\n`)),
    });
    return result.code === 0 ? exitCodes.ok : exitCodes.failure;
  },
});
