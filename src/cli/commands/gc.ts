/** `tsden gc [--dry-run] [HOST...] [--on TAG]`: remove the store paths that nothing holds, here or on deployed hosts, and say how much was freed. */
import { gc, gcTargets, type HostGcResult, PROFILES_DIR, selectTargets } from "../../host/index.js";
import { Store } from "../../store/index.js";
import type { CommandIO } from "../command.js";
import { type CommandContext, defineCommand } from "../define-command.js";
import { hostConfigurations } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { formatBytes } from "../format-bytes.js";
import { dryRunFlag, onFlag, parallelFlag, profilesFlag, sshFlags, sshSettings } from "../flags/hosts.js";

const gcFlags = {
  "dry-run": dryRunFlag("list what would be removed, remove nothing"),
  profiles: profilesFlag("the profiles folder whose generations are kept"),
  json: {
    type: "boolean",
    help: 'print {"removed": [{"path", "bytes"}], "freedBytes", "kept", "dryRun"}\n(for hosts: [{"name", "destination", "report", "error"}])',
  },
  on: onFlag,
  ...sshFlags,
  parallel: parallelFlag,
  project: projectFlag,
} as const;

/** Collects on the project's hosts named in the arguments or tagged with --on; prints a line per host. */
async function gcOnHosts({ flags, args, io }: CommandContext<typeof gcFlags>): Promise<number> {
  const dryRun = flags["dry-run"];
  const configurations = await hostConfigurations({ flags, io }, "evaluating the hosts");
  const targets = selectTargets(configurations, args, flags.on);
  const results: HostGcResult[] = await gcTargets(targets, {
    dryRun,
    parallel: flags.parallel,
    ...(flags.profiles !== undefined ? { profilesDir: flags.profiles } : {}),
    ssh: sshSettings(flags),
    onProgress: (host, line) => io.err(`${host}: ${line}\n`),
  });
  if (flags.json) io.out(`${JSON.stringify(results)}\n`);
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

/** Collects in this machine's store; prints what was removed and freed. */
async function gcHere(flags: CommandContext<typeof gcFlags>["flags"], io: CommandIO): Promise<number> {
  const dryRun = flags["dry-run"];
  const store = new Store();
  io.progress?.(`collecting garbage in ${store.root}`);
  const report = await gc({ storeRoot: store.root, profilesDir: flags.profiles ?? PROFILES_DIR, dryRun });
  if (flags.json) {
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
}

/** The `gc` command. */
export const gcCommand = defineCommand({
  name: "gc",
  args: { usage: "[HOST...]", name: "host", count: "any" },
  about: `Removes from the store every path that no generation, result link, root in the
store's .gcroots/ or entry of tsden run's evaluation cache holds (nor anything those
paths refer to), and prints how much it freed. Delete a result link (or a
generation) first to let gc free what it held.

Given hosts of the project (osConfigurations.<HOST>) or --on TAG, collects on those
hosts instead, over SSH as tsden deploy reaches them (deployment.targetHost,
targetUser, targetPort; the store at deployment.storeRoot): the same roots there,
so every generation deployed to a host keeps its whole closure. Needs only sh,
coreutils, findutils, grep and flock on the host.`,
  flags: gcFlags,
  notes: `The store is $TSDEN_STORE, else the system store /var/lib/tsden/store for root (or a
user who may write it), else ~/.local/share/tsden/store.`,
  async run(ctx) {
    return ctx.args.length > 0 || ctx.flags.on.length > 0 ? gcOnHosts(ctx) : gcHere(ctx.flags, ctx.io);
  },
});
