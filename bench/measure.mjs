// Measuring whole processes: wall time from spawn to exit (node start-up included),
// CPU time (user + system, GNU time's %U and %S: steadier than wall time when other
// work shares the machine) and peak resident memory (%M), and medians with ranges over
// interleaved runs.
import { spawnSync } from "node:child_process";

/** Runs `command args` to its end: { seconds, cpuSeconds, maxRssKiB, stdout }; throws on failure. */
export function timedRun(command, args, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", command, ...args], { maxBuffer: 1 << 30, ...options });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  const [maxRssKiB, user, system] = r.stderr.toString().trim().split("\n").pop().split(" ").map(Number);
  return { seconds, cpuSeconds: user + system, maxRssKiB, stdout: r.stdout.toString() };
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
