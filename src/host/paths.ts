/**
 * Where a host keeps its activation state. Generations are symlinks in the profiles
 * folder: `system-<N>-link` points at a host output's store path, and `system` points
 * at the current `system-<N>-link`. A generation's time is its link's mtime. The
 * activation program, `tsden generations`, `tsden gc` and `tsden deploy` all use
 * these names.
 */

/** The folder of a host's state that tsden owns. */
export const STATE_DIR = "/var/lib/tsden";
/** The folder holding the generation links. */
export const PROFILES_DIR = "/var/lib/tsden/profiles";
/** The name of the link to the current generation's link, inside `PROFILES_DIR`. */
export const SYSTEM_PROFILE = "system";

/** The file name of generation `n`'s link: `system-<n>-link`. */
export function generationLinkName(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a generation number is a positive integer, not ${n}`);
  return `system-${n}-link`;
}

/** The generation number a link name stands for, or undefined when it is not one. */
export function parseGenerationLinkName(name: string): number | undefined {
  const match = /^system-([1-9][0-9]*)-link$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The folder where the activation program keeps what it installed (its manifests). */
export const ACTIVATION_STATE_DIR = "/var/lib/tsden/host";
/** Where the activation installs unit files. */
export const SYSTEMD_UNITS_DIR = "/etc/systemd/system";
/** The lock the activation program holds while it changes the host. */
export const ACTIVATION_LOCK = "/run/tsden-switch.lock";
/** The path of the activation program inside a host output. */
export const SWITCH_PROGRAM = "bin/switch-to-configuration";
