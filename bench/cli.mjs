// CLI latency: whole processes of the `tsden` binary against a bare `node -e 0`, runs
// interleaved (one of each per round), medians and ranges. `import("tsden")` and
// `import("tsden/<layer>")` import one entry point of the package each (every entry
// its package.json exports), and a second table gives what each adds to `node -e 0`:
// the median and range of its run minus the bare run of the same round, and the time
// its `await import(...)` took inside the process, beside that of an empty ES module
// file (what importing any file costs Node). `eval` reads one value of
// examples/microvm with tsden's caches warm (as every run after the first); with the
// project's compile cache empty but tsden's code cache kept (as after editing a module
// file: the module files are compiled in that run); and with no cache at all (the
// first run after installing tsden: its own code is compiled too, and its code cache
// written at exit). GNU time gives each run's CPU time in 10 ms
// steps; the mean CPU time of each command over all its runs is also shown, from the
// children's CPU time this process accumulates (Linux's /proc/self/stat), which sums
// the runs before rounding.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { showSpread, spread, timedRun } from "./measure.mjs";

const RUNS = Number(process.env.CLI_RUNS ?? 11);
const bin = new URL("../dist/cli/main.js", import.meta.url).pathname;
const example = new URL("../examples/microvm", import.meta.url).pathname;
const packageRoot = new URL("..", import.meta.url).pathname;
/** A program that imports `entry` and prints how long its `import()` took (ms). */
const timedImport = (entry) =>
  `const t = process.hrtime.bigint(); await import(${JSON.stringify(entry)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
const value = "osConfigurations.server.config.networking.hostName";

/** The CPU time (user + system, ms) of this process's waited-for children so far, or undefined off Linux. */
function childrenCpuMs() {
  if (!existsSync("/proc/self/stat")) return undefined;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100 on Linux)
}

export function runCli() {
  const warmCache = mkdtempSync(join(tmpdir(), "tsden-bench-cache-"));
  const emptyModule = pathToFileURL(join(warmCache, "empty.mjs")).href;
  writeFileSync(join(warmCache, "empty.mjs"), "");
  const env = (cache) => ({ ...process.env, XDG_CACHE_HOME: cache });
  const entries = Object.keys(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).exports).map((key) =>
    key === "." ? "tsden" : `tsden/${key.slice(2)}`,
  );
  const cases = [
    ["node -e 0", () => timedRun(process.execPath, ["-e", "0"])],
    ...[...entries, emptyModule].map((entry) => [
      `node -e 'import("${entry === emptyModule ? "an empty ES module file" : entry}")'`,
      () =>
        timedRun(process.execPath, ["--input-type=module", "-e", timedImport(entry)], {
          cwd: packageRoot,
        }),
    ]),
    ["tsden --version", () => timedRun(process.execPath, [bin, "--version"])],
    ["tsden --help", () => timedRun(process.execPath, [bin, "--help"])],
    [
      `tsden eval (warm caches)`,
      () => timedRun(process.execPath, [bin, "eval", value], { cwd: example, env: env(warmCache) }),
    ],
    [
      `tsden eval (module files changed)`,
      () => {
        // the project's compiled modules are missing, tsden's own code cache is there
        const cold = mkdtempSync(join(tmpdir(), "tsden-bench-cache-"));
        cpSync(join(warmCache, "tsden", "code"), join(cold, "tsden", "code"), { recursive: true });
        try {
          return timedRun(process.execPath, [bin, "eval", value], { cwd: example, env: env(cold) });
        } finally {
          rmSync(cold, { recursive: true, force: true });
        }
      },
    ],
    [
      `tsden eval (first run, no cache)`,
      () => {
        const cold = mkdtempSync(join(tmpdir(), "tsden-bench-cache-"));
        try {
          return timedRun(process.execPath, [bin, "eval", value], { cwd: example, env: env(cold) });
        } finally {
          rmSync(cold, { recursive: true, force: true });
        }
      },
    ],
  ];
  timedRun(process.execPath, [bin, "eval", value], { cwd: example, env: env(warmCache) }); // fills the warm cache
  const times = cases.map(() => []);
  const rss = cases.map(() => []);
  const inside = cases.map(() => []);
  const cpu = cases.map(() => []);
  const cpuTotal = cases.map(() => 0);
  for (let r = 0; r < RUNS; r++) {
    cases.forEach(([, run], i) => {
      const before = childrenCpuMs();
      const out = run();
      cpuTotal[i] += (childrenCpuMs() ?? Number.NaN) - (before ?? Number.NaN);
      times[i].push(out.seconds);
      inside[i].push(Number(out.stdout));
      rss[i].push(out.maxRssKiB / 1024);
      cpu[i].push(out.cpuSeconds);
    });
  }
  rmSync(warmCache, { recursive: true, force: true });
  const base = spread(times[0]).median;
  const cpuBase = spread(cpu[0]).median;
  console.log(`\nCLI latency: whole processes, ${RUNS} rounds of one run each, interleaved; median (least-greatest).`);
  console.log(`\`eval\` prints ${value} of examples/microvm.\n`);
  console.log(
    "| command | wall ms | against node -e 0 | CPU ms | against node -e 0 | mean CPU ms | against node -e 0 | peak MiB |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const meanBase = cpuTotal[0] / RUNS;
  cases.forEach(([name], i) => {
    const wall = `${showSpread(times[i], 0, 1000)} | ${(spread(times[i]).median / base).toFixed(2)}x`;
    const used = `${showSpread(cpu[i], 0, 1000)} | ${(spread(cpu[i]).median / cpuBase).toFixed(2)}x`;
    const mean = cpuTotal[i] / RUNS;
    const means = Number.isNaN(mean) ? "- | -" : `${mean.toFixed(1)} | ${(mean / meanBase).toFixed(2)}x`;
    console.log(`| ${name} | ${wall} | ${used} | ${means} | ${showSpread(rss[i], 0)} |`);
  });
  console.log("\nWhat importing each entry point adds to node -e 0: per round, its run minus the bare one.\n");
  console.log(
    "| entry | wall ms over node -e 0 | CPU ms over node -e 0 | mean CPU ms over node -e 0 | import() inside, ms |",
  );
  console.log("|---|---:|---:|---:|---:|");
  [...entries, emptyModule].forEach((entry, k) => {
    const i = k + 1;
    const over = (xs) =>
      showSpread(
        xs[i].map((x, r) => x - xs[0][r]),
        0,
        1000,
      );
    const mean = (cpuTotal[i] - cpuTotal[0]) / RUNS;
    const name = entry === emptyModule ? "an empty ES module file" : `\`${entry}\``;
    console.log(
      `| ${name} | ${over(times)} | ${over(cpu)} | ${Number.isNaN(mean) ? "-" : mean.toFixed(1)} | ${showSpread(inside[i], 1)} |`,
    );
  });
}
