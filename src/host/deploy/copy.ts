/**
 * Copying a closure to a target: one SSH connection asks which entries of the closure
 * the target's store lacks (and which generation it runs); a second streams only those
 * (with their reference records) as one tar, which the target unpacks inside its store
 * and renames into place, dependencies first. Nothing the target has travels again.
 */
import { lstat, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { closureOf, REFS_DIR } from "../../store/index.js";
import { PROBE_SCRIPT, RECEIVE_SCRIPT } from "./remote-scripts.js";
import { runRemote, sendTar, SSH_CONNECTION_FAILED, stderrTail, type SshSettings, type SshTarget } from "./ssh.js";

/** What a target has of a closure. */
export interface TargetProbe {
  /** The store path of the target's current generation ("" when it has none). */
  readonly current: string;
  /** The closure's entries (base names) it lacks, dependencies first. */
  readonly missing: readonly string[];
}

/** A failure to talk to the target: `unreachable` when the connection itself failed. */
export class TargetError extends Error {
  readonly unreachable: boolean;
  constructor(message: string, unreachable: boolean) {
    super(message);
    this.name = "TargetError";
    this.unreachable = unreachable;
  }
}

/** `user@host[:port]`, for messages. */
export function destinationOf(target: SshTarget): string {
  return `${target.user}@${target.host}${target.port === null ? "" : `:${target.port}`}`;
}

function failure(
  target: SshTarget,
  what: string,
  result: { code: number; stderr: string; stdout: string },
): TargetError {
  if (result.code === SSH_CONNECTION_FAILED)
    return new TargetError(`cannot reach ${destinationOf(target)}: ${stderrTail(result, 3) || "ssh failed"}`, true);
  return new TargetError(`${what} on ${destinationOf(target)} failed: ${stderrTail(result)}`, false);
}

/** Asks the target which entries of `out`'s closure (in the store at `root`) it lacks, and its current generation. */
export async function probeTarget(
  target: SshTarget,
  settings: SshSettings,
  root: string,
  profilesDir: string,
  out: string,
): Promise<TargetProbe> {
  const bases = (await closureOf([out])).map((p) => basename(p));
  const result = await runRemote(target, settings, PROBE_SCRIPT, [root, profilesDir, ...bases], { timeoutMs: 120_000 });
  if (result.code !== 0) throw failure(target, "probing", result);
  const [current = "", ...missing] = result.stdout.split("\n").filter((line, i) => i === 0 || line !== "");
  return { current, missing };
}

/** Bytes of the files under `path` (apparent sizes). */
export async function treeBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return 0;
  let total = info.size;
  if (info.isDirectory()) for (const entry of await readdir(path)) total += await treeBytes(join(path, entry));
  return total;
}

/** Copies the store entries `bases` (dependencies first) from the store at `root` to the same root on the target. */
export async function copyPaths(
  target: SshTarget,
  settings: SshSettings,
  root: string,
  bases: readonly string[],
): Promise<void> {
  if (bases.length === 0) return;
  const files: string[] = [];
  for (const base of bases) {
    files.push(base);
    if (
      await lstat(join(root, REFS_DIR, base)).then(
        () => true,
        () => false,
      )
    )
      files.push(`${REFS_DIR}/${base}`);
  }
  const result = await sendTar(target, settings, root, files, RECEIVE_SCRIPT, [root, ...bases]);
  if (result.code !== 0) throw failure(target, "copying", result);
}
