// Deployment benchmark: `tsden deploy` to 1, 2 and 4 hosts. The hosts are
// systemd-nspawn containers running sshd on a private network the benchmark makes
// (test/support/ssh-fleet.ts: veth pairs, generated host and client keys), reached
// with the system's OpenSSH client. Each host's configuration has a user, a service
// and an /etc file (the host's own configuration) and no guests. For each size:
// (a) the first deployment (every store path of the host output copied, the
//     activation creating the user, installing and starting the service);
// (b) a changed configuration (a new /etc file text: only the new host output travels,
//     the activation replaces one file), median of RUNS;
// (c) an unchanged configuration (nothing copied, nothing activated), median of RUNS.
// Reported: wall time of the command, and per host (the slowest) the copy time (probe
// and transfer) and the activation time (switch plus confirmation excluded).
// Needs root, systemd-nspawn and mmdebstrap (skipped otherwise).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";

const root = join(import.meta.dirname, "..");
const bin = join(root, "dist/cli/main.js");
const RUNS = Number(process.env.DEPLOY_BENCH_RUNS ?? 3);
const SIZES = [1, 2, 4];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

function writeProject(dir, addresses, storeRoot, note) {
  mkdirSync(join(dir, "modules"), { recursive: true });
  const aspects = Object.fromEntries(
    addresses.map((address, i) => [
      `host${i + 1}`,
      {
        deployment: { targetHost: address, storeRoot },
        users: { users: { alice: { isNormalUser: true, createHome: true, home: "/home/alice" } } },
        systemd: { services: { hello: { wantedBy: ["multi-user.target"], script: "exec sleep infinity" } } },
        environment: { etc: { "bench-note": { text: `${note}\n` } } },
      },
    ]),
  );
  writeFileSync(
    join(dir, "modules", "hosts.ts"),
    `import { microvmHostModule, osClassModule } from "tsden";
const aspects: Record<string, Record<string, unknown>> = ${JSON.stringify(aspects)};
export default {
  imports: [osClassModule],
  den: {
    hosts: { "x86_64-linux": Object.fromEntries(Object.keys(aspects).map((n) => [n, {}])) },
    aspects: Object.fromEntries(Object.entries(aspects).map(([n, os]) => [n, { os: { imports: [microvmHostModule], ...os } }])),
  },
};
`,
  );
}

function deploy(project, sshConfig, storeRoot, n) {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [bin, "deploy", "--json", "--parallel", String(n), "--ssh-config", sshConfig, "-p", project],
    {
      encoding: "utf8",
      env: { ...process.env, TSDEN_STORE: storeRoot },
    },
  );
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`tsden deploy failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const rows = JSON.parse(r.stdout);
  return {
    wall,
    copy: Math.max(...rows.map((x) => x.copyMs)),
    activate: Math.max(...rows.map((x) => x.activateMs)),
    paths: Math.max(...rows.map((x) => x.copiedPaths)),
  };
}

export async function runDeploy() {
  const { containersUnavailable } = await tsImport("../test/support/nspawn-container.ts", import.meta.url);
  const why = containersUnavailable();
  console.log("\n# deploy: tsden deploy to 1, 2 and 4 hosts (systemd-nspawn containers over SSH)");
  if (why !== null) {
    console.log(`skipped: ${why}`);
    return;
  }
  const { sshFleet } = await tsImport("../test/support/ssh-fleet.ts", import.meta.url);
  const work = mkdtempSync(join("/var/tmp", "tsden-bench-deploy-"));
  const fleet = await sshFleet("tsden-bench", Math.max(...SIZES), 40);
  try {
    console.log("hosts  case        wall      copy (slowest host)  activate (slowest host)  paths copied");
    for (const n of SIZES) {
      const storeRoot = join(work, `store-${n}`);
      const project = join(work, `project-${n}`);
      const addresses = fleet.hosts.slice(0, n).map((h) => h.address);
      // every size starts from hosts without this store: reset them
      await Promise.all(fleet.hosts.map((h) => h.container.sh(`rm -rf ${storeRoot}`)));
      writeProject(project, addresses, storeRoot, "first");
      const first = deploy(project, fleet.sshConfig, storeRoot, n);
      const changed = [];
      const unchanged = [];
      for (let i = 0; i < RUNS; i++) {
        writeProject(project, addresses, storeRoot, `run ${i}`);
        changed.push(deploy(project, fleet.sshConfig, storeRoot, n));
        unchanged.push(deploy(project, fleet.sshConfig, storeRoot, n));
      }
      const row = (label, xs) =>
        console.log(
          `${String(n).padEnd(6)} ${label.padEnd(11)} ${fmt(median(xs.map((x) => x.wall))).padEnd(9)} ${fmt(median(xs.map((x) => x.copy))).padEnd(20)} ${fmt(median(xs.map((x) => x.activate))).padEnd(24)} ${median(xs.map((x) => x.paths))}`,
        );
      row("first", [first]);
      row("changed", changed);
      row("unchanged", unchanged);
    }
  } finally {
    await fleet.stop();
    spawnSync("chmod", ["-R", "u+w", work]);
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDeploy();
