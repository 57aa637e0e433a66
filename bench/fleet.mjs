// Fleet benchmark (issue 2): hosts per second and peak memory of tsden against
// nixpkgs lib.evalModules under Nix, on the same four modules per host; and the cost
// of extendModules with one small module against a full evaluation.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import { evalHost, hostModules, nixFleet } from "./fleet-workload.mjs";
import { evalModules, evaluationStats } from "../dist/index.js";

const sizes = (process.env.FLEET_SIZES ?? "25,100,400,1000").split(",").map(Number).filter((n) => n > 0);

function nixLib() {
  const state = join(process.env.XDG_STATE_HOME ?? join(homedir(), ".local/state"), "nix-oracle/lib");
  return existsSync(state) ? readFileSync(state, "utf8").trim() : null;
}

const RUNS = Number(process.env.FLEET_RUNS ?? 3);

/** The median run (by time) of `RUNS` runs of `run`: single runs of this machine vary by a third. */
function medianRun(run) {
  const runs = Array.from({ length: RUNS }, run).sort((a, b) => a.seconds - b.seconds);
  return runs[runs.length >> 1];
}

function tsden(n, mode) {
  return medianRun(() => {
    const out = execFileSync(process.execPath, [new URL("./fleet-child.mjs", import.meta.url).pathname, String(n), mode]);
    return JSON.parse(out.toString());
  });
}

function nix(n, file, lib) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "nix-instantiate", "--eval", "--strict", "--json", "-I", `nixlib=${lib}/lib`, file, "--arg", "n", String(n)], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  const [secs, kib] = r.stderr.toString().trim().split("\n").pop().split(" ").map(Number);
  return { seconds: secs, maxRssKiB: kib, stdout: r.stdout.toString() };
}

export function runFleet() {
  const lib = nixLib();
  const haveNix = lib && spawnSync("nix-instantiate", ["--version"]).status === 0;
  let file;
  if (haveNix) {
    file = join(mkdtempSync(join(tmpdir(), "tsden-bench-")), "fleet.nix");
    writeFileSync(file, nixFleet());
    const ours = JSON.stringify([1, 2, 3].map((i) => JSON.parse(evalHost(i).json)));
    const theirs = JSON.stringify(JSON.parse(nix(3, file, lib).stdout));
    console.log(`fleet: same configuration as nixpkgs lib for 3 hosts: ${ours === theirs ? "yes" : "NO"}`);
  } else {
    console.log("fleet: Nix reference not set up (../shared/tools/nix-oracle setup DIR); tsden only");
  }
  console.log(`\nMedian of ${RUNS} runs per cell (one process each). Retained: as the Nix side (--eval --strict of the list), each`);
  console.log("configuration read in full when evaluated (deepSeq) and kept until the fleet is printed. Streamed: each");
  console.log("configuration printed when evaluated, then dropped.");
  console.log("\n| hosts | nix hosts/s | nix peak MiB | tsden retained hosts/s | peak MiB | speed-up | memory | tsden streamed hosts/s | peak MiB | speed-up | memory |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const n of sizes) {
    const x = haveNix ? medianRun(() => nix(n, file, lib)) : undefined;
    const row = [n, x ? (n / x.seconds).toFixed(0) : "-", x ? (x.maxRssKiB / 1024).toFixed(0) : "-"];
    for (const mode of ["retain", "stream"]) {
      const t = tsden(n, mode);
      row.push((n / t.seconds).toFixed(0), (t.maxRssKiB / 1024).toFixed(0));
      row.push(x ? `${(x.seconds / t.seconds).toFixed(1)}x` : "-", x ? (t.maxRssKiB / x.maxRssKiB).toFixed(2) : "-");
    }
    console.log(`| ${row.join(" | ")} |`);
  }
  // Steady state: what a host costs once V8 has optimized the hot paths (in this process,
  // after 500 hosts), and how much of it is making the host's module values.
  const perHost = (f) => {
    for (let i = 1; i <= 500; i++) f(i);
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 1; i <= 1000; i++) f(i);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const whole = perHost((i) => JSON.stringify(evalModules({ modules: hostModules(i) }).config));
  const making = perHost((i) => hostModules(i));
  console.log(`\nSteady state (best of 5 times 1000 hosts after 500, streamed): ${whole.toFixed(0)} us per host, of which ${making.toFixed(0)} us make its module values.`);
  // extendModules with one small module against a full evaluation of the same modules.
  // Both read the whole configuration (JSON), or only the value the small module changes.
  // The module values are made before the clock starts (for both), and the two are timed
  // call by call, interleaved, so that both see the same heap (a block of full
  // evaluations leaves garbage that the next block would pay for).
  const reps = 400;
  const extra = () => ({ packages: ["extra"] });
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const rows = { whole: [[], []], one: [[], []] };
  const rounds = 9;
  for (let round = 0; round < rounds; round++) {
    const bases = Array.from({ length: reps }, (_, i) => {
      const b = evalModules({ modules: hostModules(i) });
      JSON.stringify(b.config);
      return b;
    });
    const sums = [0, 0, 0, 0];
    for (const [k, read] of [[0, (c) => JSON.stringify(c)], [2, (c) => c.packages]]) {
      const lists = Array.from({ length: reps }, (_, i) => [...hostModules(i), extra()]);
      const extras = Array.from({ length: reps }, () => [extra()]);
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        read(evalModules({ modules: lists[i] }).config);
        const t1 = performance.now();
        read(bases[i].extendModules({ modules: extras[i] }).config);
        const t2 = performance.now();
        sums[k] += t1 - t0;
        sums[k + 1] += t2 - t1;
      }
    }
    // The first round warms the code paths up and is not counted.
    if (round === 0) continue;
    rows.whole[0].push(sums[0] / reps);
    rows.whole[1].push(sums[1] / reps);
    rows.one[0].push(sums[2] / reps);
    rows.one[1].push(sums[3] / reps);
  }
  const probe = evalModules({ modules: hostModules(1) });
  JSON.stringify(probe.config);
  const ext = probe.extendModules({ modules: [extra()] });
  JSON.stringify(ext.config);
  console.log(`\nextendModules with one small module (median of ${rounds - 1} rounds of ${reps}, after one warm-up round; module values made`);
  console.log(`before timing; full and extension timed alternately; ${evaluationStats(ext).reused} option values reused from the base):`);
  for (const [what, [full, extd]] of Object.entries(rows)) {
    const f = median(full);
    const e = median(extd);
    console.log(`  ${what === "whole" ? "whole configuration read" : "changed value read      "}: extension ${e.toFixed(3)} ms, full evaluation ${f.toFixed(3)} ms, ratio ${((100 * e) / f).toFixed(0)}%`);
  }
}
