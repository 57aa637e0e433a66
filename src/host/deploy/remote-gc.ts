/**
 * Garbage collection on a deployment target, over SSH. The target has no tsden, so a
 * POSIX shell program does there what `tsden gc` does here, with the same roots and
 * the same lock: it holds the store's collector lock (`<root>/.gc.lock`, flock(2));
 * the roots are the generation links in the profiles folder, the symlinks in
 * `<root>/.gcroots/` and the result links registered in `.gcroots/auto/`, the outputs
 * the evaluation cache of `tsden run` names (`<root>/.cache/run/*.json`), and entries
 * being built (with a `.lock`). Their closure follows the reference records
 * (`<root>/.refs/<base>`); a path without one is scanned for `<root>/<hash>-` in its
 * files and link targets. Every other entry is moved out of the store in one rename,
 * then deleted with its record and manifest (a dry run only lists it). The program
 * prints `remove <bytes> <base>` for each, then `kept <count>`.
 */
import { join } from "node:path";
import type { CollectedPath } from "../../store/index.js";
import { PROFILES_DIR } from "../paths.js";
import { destinationOf, TargetError } from "./copy.js";
import { pool } from "./pool.js";
import { runRemote, SSH_CONNECTION_FAILED, stderrTail, type SshSettings, type SshTarget } from "./ssh.js";
import type { DeployTarget } from "./targets.js";

/** What a collection on a target did (paths are the target's). */
export interface TargetGcReport {
  readonly removed: readonly CollectedPath[];
  readonly freedBytes: number;
  readonly kept: number;
  readonly dryRun: boolean;
}

/** `gc ROOT PROFILES DRY`: collects the store at ROOT, keeping what the generations in PROFILES hold. */
export const GC_SCRIPT = `set -eu
root=$1; profiles=$2; dry=$3
if [ ! -d "$root" ]; then echo "kept 0"; exit 0; fi
exec 8>>"$root/.gc.lock"
flock 8
work=$(mktemp -d)
trap 'rm -f "$root/.gc.lock"; rm -rf "$work"' EXIT
rm -rf "$root"/.tmp-gc-*
entries() { ls -A "$root" | grep -E '^[0-9a-df-np-sv-z]{32}-[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$' | grep -v '\\.lock$' || true; }
# the store entry a path names (itself or a path inside it)
entry_of() { case "$1" in "$root"/?*) b=\${1#"$root"/}; printf '%s\\n' "\${b%%/*}" ;; esac; }
{
  for l in "$profiles"/system-*-link "$root"/.gcroots/* "$root"/.gcroots/auto/*; do
    if [ -L "$l" ]; then t=$(readlink -f "$l" || true); [ -z "$t" ] || entry_of "$t"; fi
  done
  for f in "$root"/.cache/run/*.json; do
    if [ -f "$f" ]; then awk 1 "$f" | sed -n 's/.*"out" *: *"\\([^"]*\\)".*/\\1/p' | while read -r o; do entry_of "$o"; done; fi
  done
  for f in "$root"/*.lock; do
    if [ -e "$f" ]; then b=\${f##*/}; printf '%s\\n' "\${b%.lock}"; fi
  done
} | grep -v '^$' | sort -u > "$work/live" || true
cp "$work/live" "$work/frontier"
# the closure: reference records, else a scan of the files and link targets
while [ -s "$work/frontier" ]; do
  while read -r b; do
    if [ -f "$root/.refs/$b" ]; then awk 1 "$root/.refs/$b"
    elif [ -e "$root/$b" ] || [ -L "$root/$b" ]; then
      { grep -rhoa -- "$root/[0-9a-df-np-sv-z]\\{32\\}-" "$root/$b" 2>/dev/null || true
        find "$root/$b" -type l -exec readlink {} \\; 2>/dev/null | grep -o -- "$root/[0-9a-df-np-sv-z]\\{32\\}-" || true
      } | sed 's|^.*/||; s|-$||' | sort -u | while read -r h; do
        for e in "$root/$h"-*; do if [ -e "$e" ] || [ -L "$e" ]; then printf '%s\\n' "\${e##*/}"; fi; done
      done
    fi
  done < "$work/frontier" | grep -v '^$' | sort -u > "$work/next" || true
  comm -13 "$work/live" "$work/next" > "$work/frontier"
  sort -u -o "$work/live" "$work/live" "$work/frontier"
done
kept=0
for b in $(entries); do
  if grep -qxF -- "$b" "$work/live"; then kept=$((kept + 1)); continue; fi
  bytes=$(du -sB1 "$root/$b" | cut -f1)
  if [ "$dry" = 0 ]; then
    mv "$root/$b" "$root/.tmp-gc-$b"
    rm -f "$root/.refs/$b" "$root/.manifests/$b.json"
    rm -rf "$root/.tmp-gc-$b" 2>/dev/null || { chmod -R u+w "$root/.tmp-gc-$b"; rm -rf "$root/.tmp-gc-$b"; }
  fi
  echo "remove $bytes $b"
done
echo "kept $kept"
`;

/**
 * Collects the store at `root` on `target`, keeping what the generations in
 * `profilesDir` (and the target's own roots) hold; with `dryRun`, only lists.
 */
export async function gcOnTarget(
  target: SshTarget,
  settings: SshSettings,
  root: string,
  profilesDir: string,
  dryRun: boolean,
): Promise<TargetGcReport> {
  const result = await runRemote(target, settings, GC_SCRIPT, [root, profilesDir, dryRun ? "1" : "0"], {
    timeoutMs: 30 * 60_000,
  });
  if (result.code === SSH_CONNECTION_FAILED)
    throw new TargetError(`cannot reach ${destinationOf(target)}: ${stderrTail(result, 3) || "ssh failed"}`, true);
  if (result.code !== 0)
    throw new TargetError(`collecting garbage on ${destinationOf(target)} failed: ${stderrTail(result)}`, false);
  const removed: CollectedPath[] = [];
  let kept = 0;
  for (const line of result.stdout.split("\n")) {
    const remove = /^remove ([0-9]+) (\S+)$/.exec(line);
    if (remove !== null) removed.push({ path: join(root, remove[2]!), bytes: Number(remove[1]) });
    const k = /^kept ([0-9]+)$/.exec(line);
    if (k !== null) kept = Number(k[1]);
  }
  return { removed, freedBytes: removed.reduce((sum, r) => sum + r.bytes, 0), kept, dryRun };
}

/** One host's collection: its report, or why it failed. */
export interface HostGcResult {
  readonly name: string;
  /** `user@host[:port]`. */
  readonly destination: string;
  readonly report?: TargetGcReport;
  readonly error?: string;
}

/** Options of {@link gcTargets}. */
export interface GcTargetsOptions {
  readonly ssh?: SshSettings;
  readonly dryRun?: boolean;
  /** Hosts handled at once (default 4). */
  readonly parallel?: number;
  /** The profiles folder on the targets (default the host's). */
  readonly profilesDir?: string;
  readonly onProgress?: (host: string, line: string) => void;
}

/** Collects the store (`deployment.storeRoot`) of each target; one result per target, in order. Never throws for one host. */
export async function gcTargets(
  targets: readonly DeployTarget[],
  options: GcTargetsOptions = {},
): Promise<HostGcResult[]> {
  return pool(targets, options.parallel ?? 4, async (target) => {
    const ssh: SshTarget = {
      host: target.host,
      user: target.deployment.targetUser,
      port: target.deployment.targetPort,
    };
    const destination = destinationOf(ssh);
    options.onProgress?.(target.name, `collecting garbage on ${destination}${options.dryRun ? " (dry run)" : ""}`);
    try {
      const report = await gcOnTarget(
        ssh,
        options.ssh ?? {},
        target.deployment.storeRoot,
        options.profilesDir ?? PROFILES_DIR,
        options.dryRun === true,
      );
      return { name: target.name, destination, report };
    } catch (error) {
      return { name: target.name, destination, error: error instanceof Error ? error.message : String(error) };
    }
  });
}
