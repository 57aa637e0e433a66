// Fleet benchmark: N hosts of four modules each, as whole processes side by side with
// nixpkgs lib.evalModules under Nix (node start-up and tsden's import included, module
// values built per host, configurations kept unread and the fleet serialized at the end,
// as `nix-instantiate --eval --strict --json` of a list does); runs interleaved, medians
// and ranges. Then, in one process (labelled so): the steady-state cost of a host and
// the cost of extendModules with one small module against a full evaluation.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import { hostModules, nixFleet } from "./fleet-workload.mjs";
import { showSpread, spread, timedRun } from "./measure.mjs";
import { evalModules, evaluationStats } from "../dist/index.js";

const sizes = (process.env.FLEET_SIZES ?? "1,100,300,1000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Number(process.env.FLEET_RUNS ?? 5);

function nixLib() {
  const state = join(process.env.XDG_STATE_HOME ?? join(homedir(), ".local/state"), "nix-oracle/lib");
  return existsSync(state) ? readFileSync(state, "utf8").trim() : null;
}

const child = new URL("./fleet-process.mjs", import.meta.url).pathname;
const tsdenRun = (n) => timedRun(process.execPath, [child, String(n)]);
const nixRun = (n, file, lib) =>
  timedRun("nix-instantiate", [
    "--eval",
    "--strict",
    "--json",
    "-I",
    `nixlib=${lib}/lib`,
    file,
    "--arg",
    "n",
    String(n),
  ]);

/** The whole-process table: every size, tsden and Nix alternately (which goes first alternates too). */
function wholeProcess(haveNix, file, lib) {
  const cells = new Map(sizes.map((n) => [n, { tsden: [], nix: [] }]));
  const same = new Map();
  for (let r = 0; r < RUNS; r++) {
    for (const n of sizes) {
      const cell = cells.get(n);
      const order = r % 2 === 0 ? ["nix", "tsden"] : ["tsden", "nix"];
      for (const side of order) {
        if (side === "nix" && !haveNix) continue;
        const out = side === "nix" ? nixRun(n, file, lib) : tsdenRun(n);
        cell[side].push(out);
        if (r === 0 && haveNix) same.set(n, [...(same.get(n) ?? []), JSON.stringify(JSON.parse(out.stdout))]);
      }
    }
  }
  console.log(
    `Whole processes, ${RUNS} runs per cell, interleaved (tsden and Nix alternately, size by size): median (least-greatest).`,
  );
  console.log(
    'tsden: `node bench/fleet-process.mjs N` (Node start-up, `import "tsden/modules"`, module values built per host, configurations',
  );
  console.log(
    "kept unread, the fleet serialized at the end); Nix: `nix-instantiate --eval --strict --json` of `map host (range 1 N)`.",
  );
  console.log("Peak memory: maximum resident set size of the process.\n");
  console.log("| hosts | same JSON | Nix s | tsden s | speed-up | Nix peak MiB | tsden peak MiB | memory |");
  console.log("|---:|:---:|---:|---:|---:|---:|---:|---:|");
  for (const n of sizes) {
    const { tsden, nix } = cells.get(n);
    const secs = (xs) => xs.map((x) => x.seconds);
    const mib = (xs) => xs.map((x) => x.maxRssKiB / 1024);
    const sameJson = haveNix ? (same.get(n)[0] === same.get(n)[1] ? "yes" : "NO") : "-";
    const speed = haveNix ? `${(spread(secs(nix)).median / spread(secs(tsden)).median).toFixed(1)}x` : "-";
    const mem = haveNix ? (spread(mib(tsden)).median / spread(mib(nix)).median).toFixed(2) : "-";
    console.log(
      `| ${n} | ${sameJson} | ${haveNix ? showSpread(secs(nix)) : "-"} | ${showSpread(secs(tsden))} | ${speed} | ${haveNix ? showSpread(mib(nix), 0) : "-"} | ${showSpread(mib(tsden), 0)} | ${mem} |`,
    );
  }
  if (sizes.length >= 2) {
    const [a, b] = [sizes[0], sizes[sizes.length - 1]];
    const per = (side) =>
      ((spread(cells.get(b)[side].map((x) => x.seconds)).median -
        spread(cells.get(a)[side].map((x) => x.seconds)).median) /
        (b - a)) *
      1000;
    const perMem = (side) =>
      (spread(cells.get(b)[side].map((x) => x.maxRssKiB)).median -
        spread(cells.get(a)[side].map((x) => x.maxRssKiB)).median) /
      (b - a);
    console.log(
      `\nPer host between ${a} and ${b} hosts (medians): tsden ${per("tsden").toFixed(2)} ms and ${perMem("tsden").toFixed(0)} KiB` +
        (haveNix ? `, Nix ${per("nix").toFixed(2)} ms and ${perMem("nix").toFixed(0)} KiB.` : "."),
    );
  }
}

export function runFleet() {
  const lib = nixLib();
  const haveNix = lib && spawnSync("nix-instantiate", ["--version"]).status === 0;
  let file;
  if (haveNix) {
    file = join(mkdtempSync(join(tmpdir(), "tsden-bench-")), "fleet.nix");
    writeFileSync(file, nixFleet());
  } else {
    console.log("fleet: Nix reference not set up (../shared/tools/nix-oracle setup DIR); tsden only");
  }
  wholeProcess(haveNix, file, lib);
  console.log("\nIn one process (not what a user runs; for following the evaluator's own cost):");
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
  console.log(
    `\nSteady state (best of 5 times 1000 hosts after 500, streamed): ${whole.toFixed(0)} us per host, of which ${making.toFixed(0)} us make its module values.`,
  );
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
    for (const [k, read] of [
      [0, (c) => JSON.stringify(c)],
      [2, (c) => c.packages],
    ]) {
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
  console.log(
    `\nextendModules with one small module (median of ${rounds - 1} rounds of ${reps}, after one warm-up round; module values made`,
  );
  console.log(
    `before timing; full and extension timed alternately; ${evaluationStats(ext).reused} option values reused from the base):`,
  );
  for (const [what, [full, extd]] of Object.entries(rows)) {
    const f = median(full);
    const e = median(extd);
    console.log(
      `  ${what === "whole" ? "whole configuration read" : "changed value read      "}: extension ${e.toFixed(3)} ms, full evaluation ${f.toFixed(3)} ms, ratio ${((100 * e) / f).toFixed(0)}%`,
    );
  }
}
