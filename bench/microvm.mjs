// MicroVM benchmark, on examples/microvm:
// (a) boot latency: the time from starting `tsden run runnable-microvm` to the guest's
//     first line of output (and to its "Hello from" line), against the same qemu command
//     run by hand with the same kernel, initramfs and volume. The qemu command is the
//     one the runner executes, recorded by a stand-in `qemu-system-x86_64` on PATH.
//     Runs alternate between the two sides; medians are reported. Target: tsden at most
//     10% slower.
// (b) build times of the example: cold (an empty store: the kernel is fetched with apt,
//     busybox and the initramfs are built) and warm (every output present), for
//     `tsden build osConfigurations.server` and `tsden build packages.<system>.runnable-microvm`.
import { readLines } from "./console-lines.mjs";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = join(root, "dist/cli/main.js");
const RUNS = Number(process.env.MICROVM_BENCH_RUNS ?? 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Spawns a command and resolves with the ms to its first stdout line, to a line matching `mark`, and to exit. */
function timeRun(command, args, options) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let first;
    let marked;
    const all = readLines(
      child.stdout,
      (line) => {
        const now = performance.now() - start;
        if (first === undefined && line.trim() !== "") first = now;
        if (marked === undefined && options.mark.test(line)) marked = now;
      },
      [child.stderr],
    );
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || first === undefined || marked === undefined)
        reject(new Error(`${command} exited with ${code}:\n${all().slice(-2000)}`));
      else resolve({ first, marked, exit: performance.now() - start });
    });
  });
}

/** The qemu argv the runner executes, recorded by a stand-in qemu first on PATH. */
function recordQemuArgs(cwd, env) {
  const shimDir = mkdtempSync(join(tmpdir(), "tsden-qemu-shim-"));
  const log = join(shimDir, "argv.json");
  const shim = join(shimDir, "qemu-system-x86_64");
  writeFileSync(
    shim,
    `#!/usr/bin/env node\nconst args = process.argv.slice(2);\nif (args.includes("-kernel")) require("node:fs").writeFileSync(${JSON.stringify(log)}, JSON.stringify(args));\nsetTimeout(() => process.exit(args.includes("-kernel") ? 0 : 1), args.includes("-kernel") ? 0 : 2000);\n`,
  );
  chmodSync(shim, 0o755);
  const r = spawnSync(process.execPath, [bin, "run", "runnable-microvm"], {
    cwd,
    env: { ...env, PATH: `${shimDir}:${env.PATH}`, MICROVM_ACCEL: process.env.MICROVM_ACCEL ?? "" },
    encoding: "utf8",
  });
  try {
    return JSON.parse(readFileSync(log, "utf8"));
  } catch {
    throw new Error(`the runner did not call qemu: ${r.stderr}`);
  } finally {
    rmSync(shimDir, { recursive: true, force: true });
  }
}

async function bootLatency() {
  const cwd = join(mkdtempSync(join(tmpdir(), "tsden-bench-microvm-")), "microvm");
  cpSync(join(root, "examples/microvm"), cwd, {
    recursive: true,
    filter: (src) => !/\/(result|[^/]*\.img)$/.test(src),
  });
  const env = { ...process.env };
  const mark = /^Hello from runnable-microvm/;
  // warm-up: builds what is missing and creates the volume image, so both sides find it
  await timeRun(process.execPath, [bin, "run", "runnable-microvm"], { cwd, env, mark });
  const qemuArgs = recordQemuArgs(cwd, env);
  const tsden = [];
  const byHand = [];
  for (let i = 0; i < RUNS; i++) {
    tsden.push(await timeRun(process.execPath, [bin, "run", "runnable-microvm"], { cwd, env, mark }));
    byHand.push(await timeRun("qemu-system-x86_64", qemuArgs, { cwd, env, mark }));
  }
  rmSync(join(cwd, ".."), { recursive: true, force: true });
  const row = (name, runs) => {
    const m = (k) => median(runs.map((r) => r[k]));
    return { name, first: m("first"), marked: m("marked"), exit: m("exit") };
  };
  const a = row("tsden run runnable-microvm", tsden);
  const b = row("qemu by hand (same command)", byHand);
  const accel = qemuArgs.find((x) => /accel=/.test(x))?.match(/accel=(\w+)/)?.[1] ?? "?";
  console.log(`\n== microvm: boot latency (examples/microvm, qemu ${accel}, median of ${RUNS}) ==`);
  console.log(`${"".padEnd(30)} ${"first line".padStart(11)} ${"Hello line".padStart(11)} ${"exit".padStart(9)}`);
  for (const r of [a, b])
    console.log(
      `${r.name.padEnd(30)} ${fmt(r.first).padStart(11)} ${fmt(r.marked).padStart(11)} ${fmt(r.exit).padStart(9)}`,
    );
  const over = (k) => `${(((a[k] - b[k]) / b[k]) * 100).toFixed(1)}% (${fmt(a[k] - b[k])})`;
  console.log(`tsden overhead: first line +${over("first")}, Hello line +${over("marked")}; target: at most 10%`);
}

function buildTimes() {
  const store = mkdtempSync(join(tmpdir(), "tsden-bench-store-"));
  const cwd = join(root, "examples/microvm");
  const env = { ...process.env, TSDEN_STORE: store };
  const system = process.arch === "x64" ? "x86_64-linux" : `${process.arch}-linux`;
  const targets = ["osConfigurations.server", `packages.${system}.runnable-microvm`];
  const time = (target) => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, "build", target, "--no-link"], { cwd, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tsden build ${target} failed:\n${r.stderr}`);
    return performance.now() - start;
  };
  console.log(`\n== microvm: build times of examples/microvm ==`);
  try {
    for (const target of targets) {
      const cold = time(target);
      const warm = median([time(target), time(target), time(target)]);
      console.log(`tsden build ${target.padEnd(40)} cold ${fmt(cold).padStart(8)}   warm ${fmt(warm).padStart(7)}`);
    }
    console.log("(cold: empty store for the first target; the second reuses the kernel and busybox it built)");
  } finally {
    spawnSync("chmod", ["-R", "u+w", store]);
    rmSync(store, { recursive: true, force: true });
  }
}

/** Runs the microVM benchmark. */
export async function runMicrovm() {
  if (spawnSync("qemu-system-x86_64", ["--version"]).status !== 0) {
    console.log("\n== microvm: skipped (qemu-system-x86_64 is not installed) ==");
    return;
  }
  await bootLatency();
  buildTimes();
}
