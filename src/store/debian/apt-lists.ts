/** apt's package lists: their stamp keys every cached apt answer. */
import { stat } from "node:fs/promises";

/** Where apt's package lists live. */
export const APT_LISTS = "/var/lib/apt/lists";

/** The stamp of apt's lists (their directory's modification time): changes after `apt-get update`. */
export async function aptListsStamp(): Promise<string> {
  const lists = await stat(APT_LISTS).catch(() => undefined);
  return lists === undefined ? "none" : `${lists.mtimeMs}`;
}
