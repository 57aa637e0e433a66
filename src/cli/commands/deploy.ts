/** `tsden deploy [HOST...]`: build hosts once, copy what each lacks over SSH, activate, confirm; a table per host. */
import { evalProject, getOutput, loadProject } from "../../project/index.js";
import { deploy, type HostDeployResult, selectTargets } from "../../host/index.js";
import { Store } from "../../store/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { formatBytes } from "../format-bytes.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden deploy [HOST...] [--on TAG] [--parallel N] [--dry-run] [--json]
                    [--ssh-config FILE] [--ssh-option OPTION] [--no-confirm] [--gc] [--project DIR]

Deploys hosts (osConfigurations.<HOST>; all of them when none is named): builds each
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
target's store root (/var/lib/tsden/store unless deployment.storeRoot says otherwise).

Options:
      --on TAG            only the hosts with this tag (repeat for any of several)
  -j, --parallel N        hosts handled at once (default 4)
  -n, --dry-run           build and connect, report what would be copied and changed,
                          change nothing
      --json              print [{"name", "status", "error", "copiedPaths", ...}]
      --ssh-config FILE   ssh -F FILE (instead of ~/.ssh/config)
  -o, --ssh-option OPT    ssh -o OPT (repeatable), e.g. -o StrictHostKeyChecking=accept-new
      --no-confirm        switch but do not confirm: each host returns to its previous
                          generation after its confirm timeout (try a configuration)
      --gc                then collect garbage on each host deployed or unchanged,
                          keeping what its generations hold (as tsden gc HOST)
  -p, --project DIR       the project folder (default: the current folder)
  -h, --help              show this help`;

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
export const deployCommand: Command = {
  name: "deploy",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        on: { type: "string", multiple: true },
        parallel: { type: "string", short: "j" },
        "dry-run": { type: "boolean", short: "n", default: false },
        json: { type: "boolean", default: false },
        "ssh-config": { type: "string" },
        "ssh-option": { type: "string", short: "o", multiple: true },
        "no-confirm": { type: "boolean", default: false },
        gc: { type: "boolean", default: false },
        project: { type: "string", short: "p" },
      },
      "deploy",
    );
    const parallel = values.parallel === undefined ? 4 : Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1)
      throw new UsageError(
        `--parallel takes a whole number of hosts, at least 1, not ${String(values.parallel)}`,
        "deploy",
      );
    const tags = (values.on as unknown as string[] | undefined) ?? [];
    const sshOptions = (values["ssh-option"] as unknown as string[] | undefined) ?? [];
    const dryRun = values["dry-run"] === true;
    io.progress?.("evaluating the hosts");
    const project = await loadProject(projectDir(values, io.cwd));
    const configurations = getOutput(evalProject(project), ["osConfigurations"]) as Record<string, unknown>;
    const targets = selectTargets(configurations, positionals, tags);
    const results = await deploy(targets, {
      store: new Store(),
      parallel,
      dryRun,
      noConfirm: values["no-confirm"] === true,
      gc: values.gc === true,
      ssh: {
        ...(typeof values["ssh-config"] === "string" ? { configFile: values["ssh-config"] } : {}),
        options: sshOptions,
      },
      onProgress: (host, line) => io.err(`${host}: ${line}\n`),
    });
    if (values.json) io.out(`${JSON.stringify(results)}\n`);
    else io.out(summaryTable(results, dryRun));
    return results.some((r) => r.status === "failed") ? exitCodes.failure : exitCodes.ok;
  },
};
