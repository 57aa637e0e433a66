/** `tsden status [HOST]`: a host's guests against its current generation, and its generations; this machine's or another's over SSH. */
import { hostname } from "node:os";
import { hostStatus, type HostStatus, remoteHostStatus, sshTargetOf } from "../../host/index.js";
import { evalProject, getOutput, loadProject } from "../../project/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { formatBytes } from "../format-bytes.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden status [HOST] [--json] [--ssh-config FILE] [--ssh-option OPTION] [--project DIR]

Per microVM of a host: whether the current generation declares it, its unit's state
and since when, whether it runs the current runner, its volume images and their sizes;
then the generations (the current one marked with *).

Without HOST, or with this machine's host name, status reads this machine. Another
HOST is osConfigurations.<HOST> of the project: status reads it over SSH as tsden
deploy reaches it (deployment.targetHost, targetUser, targetPort; the system's ssh
with your keys and ~/.ssh/config; sudo -n when the user is not root). The remote host
needs only sh, coreutils and systemd.

Options:
      --json              print the status as one JSON object
      --ssh-config FILE   ssh -F FILE (instead of ~/.ssh/config)
  -o, --ssh-option OPT    ssh -o OPT (repeatable)
  -p, --project DIR       the project folder (default: the current folder)
  -h, --help              show this help`;

function render(s: HostStatus): string {
  const lines: string[] = [];
  lines.push(s.output === null ? "no current generation (run tsden switch)" : `current generation: ${s.output}`);
  if (s.vms.length === 0) lines.push("no microVMs");
  for (const vm of s.vms) {
    const running =
      vm.upToDate === null
        ? ""
        : vm.upToDate
          ? ", runs the current runner"
          : `, runs an older runner (${vm.booted ?? "?"}): switch restarts it`;
    lines.push(
      `microvm ${vm.name}: ${vm.declared ? "declared" : "not declared"}${vm.autostart === false ? " (autostart off)" : ""}, ${vm.unit}${vm.since !== null ? ` since ${vm.since}` : ""}${running}`,
    );
    for (const f of vm.files) lines.push(`  ${f.name}  ${formatBytes(f.size)} (${formatBytes(f.allocated)} on disk)`);
  }
  lines.push("generations:");
  for (const g of s.generations)
    lines.push(
      `${g.current ? "*" : " "} ${String(g.number).padStart(4)}  ${g.time
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z")}  ${g.path}`,
    );
  return `${lines.join("\n")}\n`;
}

/** The `status` command. */
export const statusCommand: Command = {
  name: "status",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        json: { type: "boolean", default: false },
        "ssh-config": { type: "string" },
        "ssh-option": { type: "string", short: "o", multiple: true },
        project: { type: "string", short: "p" },
      },
      "status",
    );
    if (positionals.length > 1) {
      throw new UsageError(`expected at most one host name, got ${positionals.length}`, "status");
    }
    const host = positionals[0];
    let s: HostStatus;
    if (host === undefined || host === hostname() || host === hostname().split(".")[0]) s = await hostStatus();
    else {
      io.progress?.("evaluating the project");
      const project = await loadProject(projectDir(values, io.cwd));
      const configurations = getOutput(evalProject(project), ["osConfigurations"]) as Record<string, unknown>;
      const sshOptions = (values["ssh-option"] as unknown as string[] | undefined) ?? [];
      s = await remoteHostStatus(sshTargetOf(configurations, host), {
        ...(typeof values["ssh-config"] === "string" ? { configFile: values["ssh-config"] } : {}),
        options: sshOptions,
      });
    }
    if (values.json) {
      io.out(
        `${JSON.stringify({ ...s, generations: s.generations.map((g) => ({ ...g, time: g.time.toISOString() })) })}\n`,
      );
    } else io.out(render(s));
    return exitCodes.ok;
  },
};
