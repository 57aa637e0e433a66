/**
 * examples/microvm as a fleet: a fresh copy of the example plus one module saying
 * where its hosts are (the server, which runs the guest `guest-microvm`, and a second
 * host with a service of its own), deployed with the real binary's `tsden deploy` to
 * two systemd-nspawn containers reached over SSH on a private network the test makes
 * (test/support/ssh-fleet.ts). The guest boots under qemu (TCG) in its container,
 * under systemd. Deploying the unchanged configuration again copies nothing and
 * restarts nothing.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { containersUnavailable, type Container } from "../support/nspawn-container.js";
import { sshFleet, type SshFleet } from "../support/ssh-fleet.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const unavailable = containersUnavailable();

interface Row {
  name: string;
  status: string;
  error?: string;
  outPath?: string;
  copiedPaths: number;
}

/** `systemctl show` properties of a unit that change when it restarts. */
const since = (c: Container, unit: string) =>
  c.sh(`systemctl show -p MainPID -p ActiveEnterTimestampMonotonic -p NRestarts ${unit}`);

describe.skipIf(unavailable !== null)("examples/microvm deployed with tsden deploy", () => {
  let fleet: SshFleet;
  let work: string;
  let dir: string;
  beforeAll(async () => {
    work = await mkdtemp(join("/var/tmp", "tsden-example-deploy-"));
    dir = join(work, "microvm");
    await cp(join(root, "examples/microvm"), dir, {
      recursive: true,
      filter: (src) => !/\/(result|[^/]*\.img|microvm\.pid|microvm-ready|microvm-control\.(in|out))$/.test(src),
    });
    fleet = await sshFleet("tsden-exdeploy", 2, 60);
    const [server, client] = fleet.hosts;
    // what a user adds to deploy the example: where the hosts are, and a second host
    await writeFile(
      join(dir, "modules", "fleet.ts"),
      `/** Where the hosts are, and a second host with a service of its own. */
import { microvmHostModule } from "tsden";

const storeRoot = ${JSON.stringify(new Store().root)};

export default {
  den: {
    hosts: { "x86_64-linux": { client: {} } },
    aspects: {
      server: { os: { deployment: { targetHost: "${server!.address}", storeRoot, confirmTimeout: 300 } } },
      client: {
        os: {
          imports: [microvmHostModule],
          deployment: { targetHost: "${client!.address}", storeRoot },
          systemd: { services: { hello: { wantedBy: ["multi-user.target"], script: "exec sleep infinity" } } },
        },
      },
    },
  },
};
`,
    );
  }, 900_000);
  afterAll(async () => {
    await fleet?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const deploy = () => {
    const r = spawnSync(process.execPath, [bin, "deploy", "--json", "--ssh-config", fleet.sshConfig], {
      cwd: dir,
      encoding: "utf8",
      timeout: 1_500_000,
    });
    const rows = r.stdout.trim() === "" ? [] : (JSON.parse(r.stdout) as Row[]);
    return { status: r.status, rows: Object.fromEntries(rows.map((row) => [row.name, row])), stderr: r.stderr };
  };

  it("deploys the server with its guest and a second host; the unchanged configuration again copies and restarts nothing", async () => {
    const [server, client] = fleet.hosts.map((h) => h.container);
    const first = deploy();
    expect(first.status, `${first.stderr}\n${JSON.stringify(first.rows)}`).toBe(0);
    expect(first.rows.server).toMatchObject({ status: "changed" });
    expect(first.rows.client).toMatchObject({ status: "changed" });
    expect(first.rows.server!.copiedPaths).toBeGreaterThan(1);
    // the guest runs under the server's systemd and has said hello on its console
    expect(await server!.sh("systemctl is-active microvm@guest-microvm.service")).toBe("active\n");
    let journal = "";
    for (let i = 0; i < 240 && !journal.includes("Hello from guest-microvm"); i++) {
      journal = await server!.journal("microvm@guest-microvm.service");
      if (!journal.includes("Hello from guest-microvm")) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(journal).toContain("Hello from guest-microvm");
    expect(await server!.sh("readlink -f /var/lib/tsden/profiles/system")).toBe(`${first.rows.server!.outPath}\n`);
    // the second host: its own service, its name
    expect(await client!.sh("systemctl is-active hello.service; cat /proc/sys/kernel/hostname")).toBe(
      "active\nclient\n",
    );
    expect(await client!.sh("readlink -f /var/lib/tsden/profiles/system")).toBe(`${first.rows.client!.outPath}\n`);

    const before = [await since(server!, "microvm@guest-microvm.service"), await since(client!, "hello.service")];
    const second = deploy();
    expect(second.status, second.stderr).toBe(0);
    expect(second.rows.server).toMatchObject({
      status: "unchanged",
      copiedPaths: 0,
      outPath: first.rows.server!.outPath,
    });
    expect(second.rows.client).toMatchObject({
      status: "unchanged",
      copiedPaths: 0,
      outPath: first.rows.client!.outPath,
    });
    expect([await since(server!, "microvm@guest-microvm.service"), await since(client!, "hello.service")]).toEqual(
      before,
    );
    expect(await server!.sh("ls /var/lib/tsden/profiles")).toBe("system\nsystem-1-link\n");
  }, 2_400_000);
});
