/** `tsden status`: this host's guests against its current generation, and its generations. */
import { hostStatus, type HostStatus } from "../../host/status.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { formatBytes } from "../format-bytes.js";
import { parseFlags } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden status [HOST] [--json]

On a host: per microVM, whether the current generation declares it, its unit's state
and since when, whether it runs the current runner, its volume images and their sizes;
then the generations (the current one marked with *). HOST, when given, must be this
machine's (status reads the local host only).

Options:
      --json   print the status as one JSON object
  -h, --help   show this help`;

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
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean", default: false } }, "status");
    if (positionals.length > 1)
      throw new UsageError(`expected at most one host name, got ${positionals.length}`, "status");
    const s = await hostStatus();
    if (values.json) {
      io.out(
        `${JSON.stringify({ ...s, generations: s.generations.map((g) => ({ ...g, time: g.time.toISOString() })) })}\n`,
      );
    } else io.out(render(s));
    return exitCodes.ok;
  },
};
