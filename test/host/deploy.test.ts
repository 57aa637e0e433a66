/**
 * Deploying to real hosts: systemd-nspawn containers running sshd on a private network
 * this test makes (veth pairs, host keys and a client key it generates; see
 * test/support/ssh-fleet.ts), reached with the system's OpenSSH client through
 * `--ssh-config`. The containers are shared by the tests below, which run in order.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyPaths, probeTarget } from "../../src/host/deploy/copy.js";
import { Store } from "../../src/store/store.js";
import { containersUnavailable } from "../support/nspawn-container.js";
import { sshFleet, type SshFleet } from "../support/ssh-fleet.js";

const exec = promisify(execFile);
const unavailable = containersUnavailable();

describe.skipIf(unavailable !== null)("tsden deploy to containers over SSH", () => {
  let fleet: SshFleet;
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join("/var/tmp", "tsden-deploy-test-"));
    store = new Store(join(dir, "store"));
    fleet = await sshFleet("tsden-deploy", 2, 10);
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    await exec("chmod", ["-R", "u+w", dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("copies only the store paths of a closure that the target lacks, dependencies with their reference records", async () => {
    const text = (name: string, body: string) => store.realise({ name, builder: "test.text/1", inputs: { body }, build: (out) => writeFile(out, body) });
    const lib = await text("lib", "shared\n");
    const one = await store.realise({
      name: "one",
      builder: "test.tree/1",
      inputs: { lib },
      build: async (out) => {
        await mkdir(join(out, "bin"), { recursive: true });
        await writeFile(join(out, "bin", "hello"), `#!/bin/sh\ncat ${lib}\n`, { mode: 0o755 });
      },
    });
    const two = await text("two", `also uses ${lib}\n`);
    const target = { host: fleet.hosts[0]!.address, user: "root", port: null };
    const ssh = { configFile: fleet.sshConfig };
    const first = await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", one);
    expect(first).toEqual({ current: "", missing: [basename(lib), basename(one)] });
    await copyPaths(target, ssh, store.root, first.missing);
    const c = fleet.hosts[0]!.container;
    expect(await c.sh(`${one}/bin/hello`)).toBe("shared\n");
    expect(await c.sh(`cat ${store.root}/.refs/${basename(one)}`)).toBe(`${basename(lib)}\n`);
    expect((await c.sh(`stat -c %a ${one}/bin/hello ${one}`)).split("\n").slice(0, 2)).toEqual(["555", "555"]);
    expect(await c.sh(`ls -A ${store.root}`)).toBe(`.refs\n${[basename(lib), basename(one)].sort().join("\n")}\n`);
    // the shared dependency does not travel again
    expect((await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", two)).missing).toEqual([basename(two)]);
    expect((await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", one)).missing).toEqual([]);
  });
});
