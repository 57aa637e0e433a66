/** `tsden gc [--dry-run]`: remove the store paths that nothing holds and say how much was freed. */
import { gc } from "../../host/gc.js";
import { PROFILES_DIR } from "../../host/paths.js";
import { Store } from "../../store/store.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { formatBytes } from "../format-bytes.js";
import { parseFlags } from "../parse-flags.js";

const usage = `Usage: tsden gc [--dry-run] [--profiles DIR] [--json]

Removes from the store every path that no generation, result link, root in the
store's .gcroots/ or entry of tsden run's evaluation cache holds (nor anything those
paths refer to), and prints how much it freed. Delete a result link (or a
generation) first to let gc free what it held.

Options:
  -n, --dry-run       list what would be removed, remove nothing
      --profiles DIR  the profiles folder whose generations are kept (default ${PROFILES_DIR})
      --json          print {"removed": [{"path", "bytes"}], "freedBytes", "kept", "dryRun"}
  -h, --help          show this help

The store is $TSDEN_STORE, else the system store /var/lib/tsden/store for root (or a
user who may write it), else ~/.local/share/tsden/store.`;

/** The `gc` command. */
export const gcCommand: Command = {
  name: "gc",
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        "dry-run": { type: "boolean", short: "n", default: false },
        profiles: { type: "string" },
        json: { type: "boolean", default: false },
      },
      "gc",
    );
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
