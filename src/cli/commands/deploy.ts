/** `tsden deploy [HOST...]`: build hosts once, copy what each lacks over SSH, activate, confirm; a table per host. */
import { deploy, type HostDeployResult, selectTargets } from "../../host/index.js";
import { Store } from "../../store/index.js";
import { defineCommand } from "../define-command.js";
import { hostConfigurations } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { formatBytes } from "../format-bytes.js";
import { dryRunFlag, onFlag, parallelFlag, sshFlags, sshSettings } from "../flags/hosts.js";

function seconds(ms: number): string {
  return ms === 0 ? "-" : `${(ms / 1000).toFixed(1)} s`;
}

/** The summary table of a deployment (one row per host, then each failure's reason). */
export function summaryTable(results: readonly HostDeployResult[], dryRun: boolean): string {
  const rows = [
    ["HOST", "RESULT", "COPIED", "COPY", "ACTIVATE", "TIME"],
    ...results.map((r) => [
      r.name,
      dryRun && r.status !== "failed"
        ? `would be ${r.status}`
        : r.status + (r.rolledBack === true ? " (rolled back)" : r.rolledBack === "pending" ? " (rolls back)" : ""),
      r.copiedPaths === 0 ? "nothing" : `${r.copiedPaths} paths, ${formatBytes(r.copiedBytes)}`,
      seconds(r.copyMs),
      seconds(r.activateMs),
      seconds(r.totalMs),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
  );
  for (const r of results) if (r.error !== undefined) lines.push(`${r.name}: ${r.error}`);
  for (const r of results) {
    if (r.gc === undefined) continue;
    lines.push(
      `${r.name}: gc ${dryRun ? "would remove" : "removed"} ${r.gc.removedPaths} store paths, ${dryRun ? "would free" : "freed"} ${formatBytes(r.gc.freedBytes)}`,
    );
  }
  const failed = results.filter((r) => r.status === "failed").length;
  const changed = results.filter((r) => r.status === "changed").length;
  lines.push(
    `${results.length} hosts: ${changed} ${dryRun ? "would change" : "changed"}, ${results.length - changed - failed} unchanged, ${failed} failed`,
  );
  return `${lines.join("\n")}\n`;
}

/** The `deploy` command. */
export const deployCommand = defineCommand({
  name: "deploy",
  args: { usage: "[HOST...]", name: "host", count: "any" },
  about: `Deploys hosts (osConfigurations.<HOST>; all of them when none is named): builds each
host's output once on this machine, copies the store paths a host lacks over SSH
(the system's ssh, with your keys, agent and ~/.ssh/config), activates the output
there (bin/switch-to-configuration switch) and confirms over a new SSH connection
that the host answers, runs the new generation and its autostart guests are up. A
host that is not confirmed within deployment.confirmTimeout seconds returns to its
previous generation by itself; one whose activation fails is returned at once. A
host that fails does not stop the others. Prints a line per host as it goes and a
table at the end; exits with 1 when any host failed.

Each host reads deployment.targetHost (default: its name), targetUser (root; others
go through sudo -n), targetPort, tags and storeRoot. The build's store must be the
target's store root (/var/lib/tsden/store unless deployment.storeRoot says otherwise).`,
  flags: {
    on: { ...onFlag, help: "only the hosts with this tag (repeat for any of several)" },
    parallel: parallelFlag,
    "dry-run": dryRunFlag("build and connect, report what would be copied and changed, change nothing"),
    json: { type: "boolean", help: 'print [{"name", "status", "error", "copiedPaths", ...}]' },
    "ssh-config": sshFlags["ssh-config"],
    "ssh-option": {
      ...sshFlags["ssh-option"],
      help: "ssh -o OPT (repeatable),\ne.g. -o StrictHostKeyChecking=accept-new",
    },
    "no-confirm": {
      type: "boolean",
      help: "switch but do not confirm: each host returns to its previous generation after its confirm timeout (try a configuration)",
    },
    gc: {
      type: "boolean",
      help: "then collect garbage on each host deployed or unchanged, keeping what its generations hold (as tsden gc HOST)",
    },
    project: projectFlag,
  },
  async run({ flags, args, io }) {
    const configurations = await hostConfigurations({ flags, io }, "evaluating the hosts");
    const targets = selectTargets(configurations, args, flags.on);
    const results = await deploy(targets, {
      store: new Store(),
      parallel: flags.parallel,
      dryRun: flags["dry-run"],
      noConfirm: flags["no-confirm"],
      gc: flags.gc,
      ssh: sshSettings(flags),
      onProgress: (host, line) => io.err(`${host}: ${line}\n`),
    });
    if (flags.json) io.out(`${JSON.stringify(results)}\n`);
    else io.out(summaryTable(results, flags["dry-run"]));
    return results.some((r) => r.status === "failed") ? exitCodes.failure : exitCodes.ok;
  },
});
