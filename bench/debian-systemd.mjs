// Debian-base guest benchmark: a microVM with system.base = "debian"
// (mmdebstrap root, systemd as init) running busybox httpd as a systemd service behind
// a qemu user-networking forwarded port:
// (a) build times of its runner: cold (an empty store: Debian's kernel fetched with apt,
//     the base made by mmdebstrap, the modules, configuration and store images, the
//     initramfs) and warm (a fresh evaluation, every output present; median of RUNS);
// (b) boot time: from starting `bin/microvm-run` to the page being served through the
//     forwarded port (median of RUNS), under qemu (KVM when it works, else TCG).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store, evalModules, microvmGuestModule, osModules, realisePackage } from "../dist/index.js";

const RUNS = Number(process.env.DEBIAN_SYSTEMD_BENCH_RUNS ?? 3);
const PORT = 18180;
const PAGE = "<h1>tsden bench</h1>\n";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const guestModule = {
  _file: "bench/debian-systemd.mjs",
  system: { base: "debian", debian: { packages: ["busybox"] } },
  networking: { hostName: "bench-web" },
  microvm: {
    mem: 512,
    interfaces: [{ type: "user", id: "usernet", mac: "02:00:00:00:20:01" }],
    forwardPorts: [{ from: "host", host: { address: "127.0.0.1", port: PORT }, guest: { port: 80 } }],
  },
  environment: { etc: { "www/index.html": { text: PAGE } } },
  systemd: {
    services: {
      web: {
        wantedBy: ["multi-user.target"],
        after: ["network.target"],
        script: "exec busybox httpd -f -p 80 -h /etc/www",
      },
    },
  },
};

async function buildRunner(store) {
  const start = performance.now();
  const config = evalModules({
    modules: [...osModules, microvmGuestModule, guestModule],
    specialArgs: { store },
  }).config;
  const runner = await realisePackage(store, config.microvm.declaredRunner);
  return { runner, ms: performance.now() - start };
}

const fetchPage = () =>
  new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port: PORT, path: "/", timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(body));
    });
    req.on("error", () => resolve(""));
    req.on("timeout", () => req.destroy());
  });

async function bootToPage(runner, cwd, timeoutMs = 300_000) {
  const start = performance.now();
  const child = spawn(join(runner, "bin/microvm-run"), [], { cwd, stdio: ["ignore", "ignore", "ignore"] });
  try {
    while (performance.now() - start < timeoutMs && child.exitCode === null) {
      if ((await fetchPage()) === PAGE) return performance.now() - start;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error("the guest never served its page");
  } finally {
    child.kill("SIGKILL");
    await new Promise((r) => (child.exitCode !== null ? r() : child.on("close", r)));
  }
}

export async function runDebianSystemd() {
  console.log('\n## debian-systemd: a Debian guest with systemd running an HTTP service (system.base = "debian")\n');
  const work = mkdtempSync(join(tmpdir(), "tsden-bench-debian-systemd-"));
  try {
    const store = new Store(join(work, "store"));
    const cold = await buildRunner(store);
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push((await buildRunner(store)).ms);
    const boots = [];
    for (let i = 0; i < RUNS; i++) boots.push(await bootToPage(cold.runner, mkdtempSync(join(work, "state-"))));
    console.log("| measure | time |");
    console.log("|---|---|");
    console.log(
      `| build, cold (empty store: kernel via apt, mmdebstrap base, module/config/store images) | ${fmt(cold.ms)} |`,
    );
    console.log(`| build, warm (fresh evaluation, all outputs present; median of ${RUNS}) | ${fmt(median(warm))} |`);
    console.log(
      `| boot to the service's page via the forwarded port (median of ${RUNS}: ${boots.map(fmt).join(", ")}) | ${fmt(median(boots))} |`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDebianSystemd();
