/** `tsden store verify`: check every store entry and cached download, remove what is damaged. */
import { join } from "node:path";
import { debianCacheDir } from "../../os/index.js";
import { Store, verifyArchiveCache } from "../../store/index.js";
import { defineCommand } from "../define-command.js";
import { exitCodes } from "../exit-codes.js";
import { UsageError } from "../usage-error.js";

/** The `store` command. */
export const storeCommand = defineCommand({
  name: "store",
  args: { usage: "verify", name: "subcommand", count: "any" },
  about: `Checks every entry of the store against what was recorded when it was built (each
file's size and SHA-256), and every downloaded .deb against apt's checksum. A damaged
entry or download is removed; the next build that needs it makes it again. Also
removes what killed builds left (build folders and locks no running build holds).
Exit code 0 when nothing was damaged, 1 otherwise.`,
  flags: {},
  notes: "The store is $TSDEN_STORE, else ~/.local/share/tsden/store.",
  async run({ args, io }) {
    if (args[0] !== "verify" || args.length > 1) {
      throw new UsageError(
        args.length === 0
          ? "missing the subcommand (verify)"
          : `unknown store subcommand '${args.join(" ")}' (expected: verify)`,
        "store",
      );
    }
    const store = new Store();
    io.progress?.(`verifying ${store.root}`);
    const result = await store.verify();
    const swept = result.swept;
    const debs = await verifyArchiveCache(join(debianCacheDir(store), "archives"));
    for (const d of result.damaged) io.out(`damaged: ${join(store.root, d.base)}: ${d.problem} (removed)\n`);
    for (const d of debs.damaged) io.out(`damaged: ${d.file}: ${d.problem} (removed)\n`);
    const leftovers = swept.buildFolders.length + swept.locks.length;
    io.out(
      `${result.checked} store entries checked, ${result.damaged.length} damaged` +
        `${result.unrecorded.length > 0 ? `, ${result.unrecorded.length} without a record (built by an older tsden)` : ""}; ` +
        `${debs.checked} downloads checked, ${debs.damaged.length} damaged` +
        `${leftovers > 0 ? `; removed ${swept.buildFolders.length} build folders and ${swept.locks.length} locks of killed builds` : ""}\n`,
    );
    return result.damaged.length + debs.damaged.length === 0 ? exitCodes.ok : exitCodes.failure;
  },
});
