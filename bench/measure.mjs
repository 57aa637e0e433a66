// Measuring whole processes: wall time from spawn to exit (node start-up included) and
// peak resident memory (GNU time's %M), and medians with ranges over interleaved runs.
import { spawnSync } from "node:child_process";

/** Runs `command args` to its end: { seconds, maxRssKiB, stdout }; throws on failure. */
export function timedRun(command, args, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { maxBuffer: 1 << 30, ...options });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  const maxRssKiB = Number(r.stderr.toString().trim().split("\n").pop());
  return { seconds, maxRssKiB, stdout: r.stdout.toString() };
}

/** Median, least and greatest of numbers. */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

/** `median (min-max)` with `digits` decimals. */
export function showSpread(xs, digits = 2, scale = 1) {
  const { median, min, max } = spread(xs.map((x) => x * scale));
  return `${median.toFixed(digits)} (${min.toFixed(digits)}-${max.toFixed(digits)})`;
}
