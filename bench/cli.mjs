// CLI latency: whole processes of the `tsden` binary against a bare `node -e 0`, runs
// interleaved (one of each per round), medians and ranges. `eval` reads one value of
// examples/microvm with the compile cache warm (as every run after the first), and
// cold (an empty cache folder each time: the module files are compiled in that run).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { showSpread, spread, timedRun } from "./measure.mjs";

const RUNS = Number(process.env.CLI_RUNS ?? 11);
const bin = new URL("../dist/cli/main.js", import.meta.url).pathname;
const example = new URL("../examples/microvm", import.meta.url).pathname;
const value = "osConfigurations.server.config.networking.hostName";

export function runCli() {
  const warmCache = mkdtempSync(join(tmpdir(), "tsden-bench-cache-"));
  const env = (cache) => ({ ...process.env, XDG_CACHE_HOME: cache });
  const cases = [
    ["node -e 0", () => timedRun(process.execPath, ["-e", "0"])],
    [
      "node -e 'import(\"tsden\")'",
      () =>
        timedRun(process.execPath, ["--input-type=module", "-e", 'await import("tsden")'], {
          cwd: example.replace(/examples\/microvm$/, ""),
        }),
    ],
    [
      "node -e 'import(\"tsden/modules\")'",
      () =>
        timedRun(process.execPath, ["--input-type=module", "-e", 'await import("tsden/modules")'], {
          cwd: example.replace(/examples\/microvm$/, ""),
        }),
    ],
    ["tsden --version", () => timedRun(process.execPath, [bin, "--version"])],
    ["tsden --help", () => timedRun(process.execPath, [bin, "--help"])],
    [
      `tsden eval (warm cache)`,
      () => timedRun(process.execPath, [bin, "eval", value], { cwd: example, env: env(warmCache) }),
    ],
    [
      `tsden eval (cold cache)`,
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
  const cpu = cases.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    cases.forEach(([, run], i) => {
      const out = run();
      times[i].push(out.seconds);
      rss[i].push(out.maxRssKiB / 1024);
      cpu[i].push(out.cpuSeconds);
    });
  }
  rmSync(warmCache, { recursive: true, force: true });
  const base = spread(times[0]).median;
  const cpuBase = spread(cpu[0]).median;
  console.log(`\nCLI latency: whole processes, ${RUNS} rounds of one run each, interleaved; median (least-greatest).`);
  console.log(`\`eval\` prints ${value} of examples/microvm.\n`);
  console.log("| command | wall ms | against node -e 0 | CPU ms | against node -e 0 | peak MiB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  cases.forEach(([name], i) => {
    const wall = `${showSpread(times[i], 0, 1000)} | ${(spread(times[i]).median / base).toFixed(2)}x`;
    const used = `${showSpread(cpu[i], 0, 1000)} | ${(spread(cpu[i]).median / cpuBase).toFixed(2)}x`;
    console.log(`| ${name} | ${wall} | ${used} | ${showSpread(rss[i], 0)} |`);
  });
}
