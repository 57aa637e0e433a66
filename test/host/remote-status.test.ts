/**
 * `tsden status HOST` of a remote host: a systemd-nspawn container running sshd on a
 * private network (test/support/ssh-fleet.ts) with the store bound at the same path,
 * where a host output with one light guest was switched. Status reads it over SSH, as
 * `tsden deploy` reaches it, with no Node or tsden on the host; unknown and unreachable
 * hosts are clear errors.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteHostStatus } from "../../src/host/status.js";
import { Store } from "../../src/store/store.js";
import { containersUnavailable } from "../support/nspawn-container.js";
import { type SshFleet, sshFleet } from "../support/ssh-fleet.js";
import { buildHost, waitForJournal } from "./activation/switch-fixtures.js";

const unavailable = containersUnavailable();
const bin = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

describe.skipIf(unavailable !== null)("tsden status of a remote host over SSH", () => {
  const store = new Store();
  let fleet: SshFleet;
  let dir: string;
  let output: string;
  const address = () => fleet.hosts[0]!.address;

  beforeAll(async () => {
    output = await buildHost(store, { solo: { mem: 128 } });
    fleet = await sshFleet("tsden-status", 1, 60, { bindReadOnly: [store.root] });
    const c = fleet.hosts[0]!.container;
    await c.sh(`${output}/bin/switch-to-configuration switch`, { timeoutMs: 600_000 });
    await waitForJournal(c, "microvm@solo.service", "hello-from-solo");
    dir = await mkdtemp(join("/var/tmp", "tsden-status-test-"));
    await mkdir(join(dir, "modules"));
    const hosts = { remote: address(), gone: fleet.deadAddress };
    await writeFile(
      join(dir, "modules", "hosts.ts"),
      `import { osClassModule } from "tsden";
const hosts: Record<string, string> = ${JSON.stringify(hosts)};
export default {
  imports: [osClassModule],
  den: {
    hosts: { "x86_64-linux": Object.fromEntries(Object.keys(hosts).map((n) => [n, {}])) },
    aspects: Object.fromEntries(Object.entries(hosts).map(([n, a]) => [n, { os: { deployment: { targetHost: a } } }])),
  },
};
`,
    );
  }, 900_000);
  afterAll(async () => {
    await fleet?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, "status", ...args, "--ssh-config", fleet.sshConfig, "-p", dir], {
      encoding: "utf8",
      timeout: 300_000,
    });

  it("reads the host over SSH: its guest, unit, runners, volume and generation", async () => {
    const s = await remoteHostStatus({ host: address(), user: "root", port: null }, { configFile: fleet.sshConfig });
    const c = fleet.hosts[0]!.container;
    expect(s.output).toBe(output);
    expect(s.stateDir).toBe("/var/lib/microvms");
    expect(s.vms).toHaveLength(1);
    const vm = s.vms[0]!;
    expect([vm.name, vm.declared, vm.autostart, vm.unit, vm.upToDate]).toEqual([
      "solo",
      true,
      true,
      "active/running",
      true,
    ]);
    expect(vm.booted).toBe((await c.sh("readlink /var/lib/microvms/solo/booted")).trim());
    expect(vm.since).not.toBeNull();
    expect(vm.files.map((f) => [f.name, f.size])).toEqual([["data.img", 16 * 1024 * 1024]]);
    expect(s.generations.map((g) => [g.number, g.path, g.current])).toEqual([[1, output, true]]);
  });

  it("tsden status HOST --json: the host's deployment options say where it is", () => {
    const r = cli("remote", "--json");
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { output: string; vms: { name: string; unit: string }[] };
    expect(s.output).toBe(output);
    expect(s.vms.map((v) => [v.name, v.unit])).toEqual([["solo", "active/running"]]);
    const text = cli("remote");
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("microvm solo: declared, active/running");
    expect(text.stdout).toContain("data.img");
  });

  it("an unknown host and an unreachable one are errors saying so", () => {
    const unknown = cli("nosuch");
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('there is no host "nosuch"');
    expect(unknown.stderr).toContain("remote");
    const gone = cli("gone");
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain(`cannot reach root@${fleet.deadAddress}`);
  }, 120_000);
});
