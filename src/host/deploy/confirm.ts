/**
 * Confirming a deployment over a new SSH connection (as deploy-rs's magic rollback
 * does): the host answers, runs the deployed generation, and its autostart guests'
 * units are active; then the rollback timer is cancelled. Without this the target
 * returns to its previous generation by itself when the timer fires.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { HOST_MANIFEST, type HostManifest } from "../../microvm/index.js";
import { CONFIRM_SCRIPT } from "./remote-scripts.js";
import { runRemote, SSH_CONNECTION_FAILED, stderrTail, type SshSettings, type SshTarget } from "./ssh.js";

/** The autostart guests of a host output (from its microVM manifest; none without one). */
export async function autostartGuests(outPath: string): Promise<string[]> {
  const text = await readFile(join(outPath, HOST_MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) return [];
  const manifest = JSON.parse(text) as HostManifest;
  return Object.entries(manifest.vms)
    .filter(([, vm]) => vm.autostart)
    .map(([name]) => name)
    .sort();
}

/** Confirms `out` on the target within `timeoutSeconds`; resolves to the reason when it could not. */
export async function confirmOnTarget(
  target: SshTarget,
  settings: SshSettings,
  out: string,
  profilesDir: string,
  timeoutSeconds: number,
): Promise<string | undefined> {
  const guests = await autostartGuests(out);
  const wait = Math.max(1, timeoutSeconds - 5);
  const result = await runRemote(target, settings, CONFIRM_SCRIPT, [out, profilesDir, String(wait), ...guests], {
    timeoutMs: timeoutSeconds * 1000,
  });
  if (result.code === 0) return undefined;
  if (result.code === SSH_CONNECTION_FAILED)
    return `the host did not answer a new connection: ${stderrTail(result, 3)}`;
  return stderrTail(result) || `exit ${result.code}`;
}
