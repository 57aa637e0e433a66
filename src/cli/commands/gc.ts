/** `tsden gc [--dry-run] [HOST...] [--on TAG]`: remove the store paths that nothing holds, here or on deployed hosts, and say how much was freed. */
import { gc, gcTargets, type HostGcResult, PROFILES_DIR, selectTargets } from "../../host/index.js";
import { evalProject, getOutput, loadProject } from "../../project/index.js";
import { Store } from "../../store/index.js";
import type { Command, CommandIO } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { formatBytes } from "../format-bytes.js";
import { parseFlags, projectDir, type ParsedFlags } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden gc [--dry-run] [--profiles DIR] [--json]
       tsden gc HOST... | --on TAG [--dry-run] [--json] [--ssh-config FILE] [--ssh-option OPTION]
                [--parallel N] [--project DIR]

Removes from the store every path that no generation, result link, root in the
store's .gcroots/ or entry of tsden run's evaluation cache holds (nor anything those
paths refer to), and prints how much it freed. Delete a result link (or a
generation) first to let gc free what it held.

Given hosts of the project (osConfigurations.<HOST>) or --on TAG, collects on those
hosts instead, over SSH as tsden deploy reaches them (deployment.targetHost,
targetUser, targetPort; the store at deployment.storeRoot): the same roots there,
so every generation deployed to a host keeps its whole closure. Needs only sh,
coreutils, findutils, grep and flock on the host.

Options:
  -n, --dry-run           list what would be removed, remove nothing
      --profiles DIR      the profiles folder whose generations are kept (default ${PROFILES_DIR})
      --json              print {"removed": [{"path", "bytes"}], "freedBytes", "kept", "dryRun"}
                          (for hosts: [{"name", "destination", "report", "error"}])
      --on TAG            the hosts with this tag (repeatable)
      --ssh-config FILE   ssh -F FILE (instead of ~/.ssh/config)
  -o, --ssh-option OPT    ssh -o OPT (repeatable)
  -j, --parallel N        hosts handled at once (default 4)
  -p, --project DIR       the project folder (default: the current folder)
  -h, --help              show this help

The store is $TSDEN_STORE, else the system store /var/lib/tsden/store for root (or a
user who may write it), else ~/.local/share/tsden/store.`;

/** Collects on the project's hosts named in `positionals` or tagged `tags`; prints a line per host. */
async function gcOnHosts(
  values: ParsedFlags["values"],
  positionals: string[],
  tags: string[],
  io: CommandIO,
): Promise<number> {
  const dryRun = values["dry-run"] === true;
  const parallel = values.parallel === undefined ? 4 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError(`--parallel takes a whole number of hosts, at least 1, not ${String(values.parallel)}`, "gc");
  io.progress?.("evaluating the hosts");
  const project = await loadProject(projectDir(values, io.cwd));
  const configurations = getOutput(evalProject(project), ["osConfigurations"]) as Record<string, unknown>;
  const targets = selectTargets(configurations, positionals, tags);
  const sshOptions = (values["ssh-option"] as unknown as string[] | undefined) ?? [];
  const results: HostGcResult[] = await gcTargets(targets, {
    dryRun,
    parallel,
    ...(typeof values.profiles === "string" ? { profilesDir: values.profiles } : {}),
    ssh: {
      ...(typeof values["ssh-config"] === "string" ? { configFile: values["ssh-config"] } : {}),
      options: sshOptions,
    },
    onProgress: (host, line) => io.err(`${host}: ${line}\n`),
  });
  if (values.json) io.out(`${JSON.stringify(results)}\n`);
  else {
    for (const r of results) {
      if (r.report === undefined) {
        io.out(`${r.name}: failed: ${r.error ?? "unknown error"}\n`);
        continue;
      }
      const verb = dryRun ? "would free" : "freed";
      io.out(
        `${r.name}: ${r.report.removed.length} store paths ${dryRun ? "to remove" : "removed"}, ${verb} ${formatBytes(r.report.freedBytes)}; ${r.report.kept} kept\n`,
      );
    }
  }
  return results.some((r) => r.error !== undefined) ? exitCodes.failure : exitCodes.ok;
}

/** The `gc` command. */
export const gcCommand: Command = {
  name: "gc",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        "dry-run": { type: "boolean", short: "n", default: false },
        profiles: { type: "string" },
        json: { type: "boolean", default: false },
        on: { type: "string", multiple: true },
        "ssh-config": { type: "string" },
        "ssh-option": { type: "string", short: "o", multiple: true },
        parallel: { type: "string", short: "j" },
        project: { type: "string", short: "p" },
      },
      "gc",
    );
    const tags = (values.on as unknown as string[] | undefined) ?? [];
    if (positionals.length > 0 || tags.length > 0) return gcOnHosts(values, positionals, tags, io);
    const dryRun = values["dry-run"] === true;
    const store = new Store();
    io.progress?.(`collecting garbage in ${store.root}`);
    const report = await gc({
      storeRoot: store.root,
      profilesDir: typeof values.profiles === "string" ? values.profiles : PROFILES_DIR,
      dryRun,
    });
    if (values.json) {
      io.out(
        `${JSON.stringify({ removed: report.removed, freedBytes: report.freedBytes, kept: report.kept, dryRun })}\n`,
      );
      return exitCodes.ok;
    }
    for (const r of report.removed)
      io.out(`${dryRun ? "would remove" : "removed"} ${r.path} (${formatBytes(r.bytes)})\n`);
    const verb = dryRun ? "would free" : "freed";
    io.out(
      `${report.removed.length} store paths ${dryRun ? "to remove" : "removed"}, ${verb} ${formatBytes(report.freedBytes)}; ${report.kept} kept\n`,
    );
    return exitCodes.ok;
  },
};
