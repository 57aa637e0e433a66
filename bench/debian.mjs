// Debian-package guest benchmark, on examples/microvm's declared guest
// (guest-microvm: environment.systemPackages = [pkgs.cowsay], the host's store shared
// over virtiofs or 9p, cowsay run by init once booted):
// (a) build times of `tsden build osConfigurations.server`: cold (an empty store: the
//     kernel and cowsay's closure fetched with apt, unpacked, the profile, initramfs and
//     runner built) and warm (every output present; median of 3);
// (b) boot time: from starting the guest's `bin/microvm-run` to cowsay's speech bubble
//     on the console (median of 3), under qemu (KVM when it works, else TCG).
import { readLines } from "./console-lines.mjs";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = join(root, "dist/cli/main.js");
const RUNS = Number(process.env.DEBIAN_BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

function build(dir, env) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [bin, "build", "osConfigurations.server"], { cwd: dir, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsden build failed:\n${r.stderr}`);
  return performance.now() - start;
}

/** Starts the runner; resolves with the ms to a console line matching `mark`, then kills the VM. */
function bootTo(runner, cwd, mark, timeoutMs = 240_000) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(join(runner, "bin/microvm-run"), [], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let done = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const onLine = (line) => {
      if (!done && mark.test(line)) {
        done = true;
        resolve(performance.now() - start);
        child.kill("SIGKILL");
      }
    };
    // the console comes on stdout; qemu's own messages on stderr count as lines too
    const all = readLines(child.stdout, onLine);
    const errors = readLines(child.stderr, onLine);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      if (!done) reject(new Error(`the guest ended before ${mark}:\n${(all() + errors()).slice(-2000)}`));
    });
  });
}

export async function runDebian() {
  console.log("\n## debian: a guest with Debian's cowsay (examples/microvm, guest-microvm)\n");
  const work = mkdtempSync(join(tmpdir(), "tsden-bench-debian-"));
  try {
    const dir = join(work, "microvm");
    cpSync(join(root, "examples/microvm"), dir, {
      recursive: true,
      filter: (src) => !/\/(result|[^/]*\.img)$/.test(src),
    });
    const env = { ...process.env, TSDEN_STORE: join(work, "store") };
    const cold = build(dir, env);
    const warm = median(Array.from({ length: RUNS }, () => build(dir, env)));
    const runner = readlinkSync(join(dir, "result/vms/guest-microvm"));
    const boots = [];
    for (let i = 0; i < RUNS; i++) boots.push(await bootTo(runner, work, /< Hello from guest-microvm >/));
    console.log("| measure | time |");
    console.log("|---|---|");
    console.log(`| build, cold (empty store: kernel and cowsay's closure fetched with apt) | ${fmt(cold)} |`);
    console.log(`| build, warm (median of ${RUNS}) | ${fmt(warm)} |`);
    console.log(
      `| boot to cowsay's output (median of ${RUNS}: ${boots.map(fmt).join(", ")}) | ${fmt(median(boots))} |`,
    );
  } finally {
    spawnSync("chmod", ["-R", "u+w", work]);
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDebian();
