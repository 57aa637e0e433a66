/** `tsden status [HOST]`: a host's guests against its current generation, and its generations; this machine's or another's over SSH. */
import { hostname } from "node:os";
import { type HostStatus, hostStatus, remoteHostStatus, sshTargetOf } from "../../host/index.js";
import { defineCommand } from "../define-command.js";
import { hostConfigurations } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { formatBytes } from "../format-bytes.js";
import { sshFlags, sshSettings } from "../flags/hosts.js";

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
export const statusCommand = defineCommand({
  name: "status",
  args: { usage: "[HOST]", name: "host name", count: "optional" },
  about: `Per microVM of a host: whether the current generation declares it, its unit's state
and since when, whether it runs the current runner, its volume images and their sizes;
then the generations (the current one marked with *).

Without HOST, or with this machine's host name, status reads this machine. Another
HOST is osConfigurations.<HOST> of the project: status reads it over SSH as tsden
deploy reaches it (deployment.targetHost, targetUser, targetPort; the system's ssh
with your keys and ~/.ssh/config; sudo -n when the user is not root). The remote host
needs only sh, coreutils and systemd.`,
  flags: {
    json: { type: "boolean", help: "print the status as one JSON object" },
    ...sshFlags,
    project: projectFlag,
  },
  async run({ flags, args, io }) {
    const host = args[0];
    let s: HostStatus;
    if (host === undefined || host === hostname() || host === hostname().split(".")[0]) s = await hostStatus();
    else {
      const configurations = await hostConfigurations({ flags, io }, "evaluating the project");
      s = await remoteHostStatus(sshTargetOf(configurations, host), sshSettings(flags));
    }
    if (flags.json) {
      io.out(
        `${JSON.stringify({ ...s, generations: s.generations.map((g) => ({ ...g, time: g.time.toISOString() })) })}\n`,
      );
    } else io.out(render(s));
    return exitCodes.ok;
  },
});
