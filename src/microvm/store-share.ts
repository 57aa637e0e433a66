/**
 * How the host's store is shared into guests: virtiofs when this host has virtiofsd
 * (faster, needs the daemon), else 9p (built into qemu). Decided once per process from
 * PATH and the place `bin/virtiofsd-run` falls back to.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Where virtiofsd is looked for besides PATH: where `bin/virtiofsd-run` looks. (qemu's
 * older C virtiofsd in /usr/lib/qemu takes other flags than the Rust one the runner
 * scripts call, so it does not count.)
 */
export const VIRTIOFSD_PATHS: readonly string[] = ["/usr/libexec/virtiofsd"];

let cached: "virtiofs" | "9p" | undefined;

/** The path of virtiofsd on this host, or null. */
export function findVirtiofsd(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromPath = (env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d !== "")
    .map((d) => join(d, "virtiofsd"));
  for (const candidate of [...fromPath, ...VIRTIOFSD_PATHS]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The protocol of the store share: `TSDEN_STORE_SHARE` (virtiofs or 9p) when set, else virtiofs when virtiofsd is found. */
export function storeShareProto(env: NodeJS.ProcessEnv = process.env): "virtiofs" | "9p" {
  const forced = env.TSDEN_STORE_SHARE;
  if (forced === "virtiofs" || forced === "9p") return forced;
  cached ??= findVirtiofsd(env) !== null ? "virtiofs" : "9p";
  return cached;
}
