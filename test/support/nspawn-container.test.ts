/**
 * The container helper boots a real systemd: units run, the journal records them, tap
 * devices can be made (CAP_NET_ADMIN, in a network namespace of its own), host folders
 * are bound at the same path, and the cached tree is never changed by a container.
 */
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, CONTAINER_CACHE, containersUnavailable, debianTree, type Container } from "./nspawn-container.js";

const unavailable = containersUnavailable();

describe.skipIf(unavailable !== null)("nspawn container helper", () => {
  let c: Container;
  let shared: string;
  beforeAll(async () => {
    shared = mkdtempSync(join("/var/tmp", "tsden-nspawn-"));
    writeFileSync(join(shared, "hello"), "from the host\n");
    c = await boot("tsden-helper-test", { bindReadOnly: [shared] });
  });
  afterAll(async () => {
    await c?.stop();
    rmSync(shared, { recursive: true, force: true });
  });

  it("runs systemd as PID 1 and a transient unit whose output reaches the journal", async () => {
    expect((await c.sh("cat /proc/1/comm")).trim()).toBe("systemd");
    await c.sh("systemd-run --wait -q -u tsden-hello sh -c 'echo hello-from-unit'");
    expect(await c.journal("tsden-hello")).toContain("hello-from-unit");
  });

  it("binds host folders at the same path, read-only", async () => {
    expect(await c.sh(`cat ${shared}/hello`)).toBe("from the host\n");
    expect((await c.exec(`touch ${shared}/x`)).code).not.toBe(0);
  });

  it("makes tap devices inside its own network namespace only", async () => {
    await c.sh("ip tuntap add name tsdentap0 mode tap && ip link show tsdentap0");
    const host = await import("node:child_process").then((cp) => cp.spawnSync("ip", ["link", "show", "tsdentap0"]));
    expect(host.status).not.toBe(0);
  });

  it("leaves the cached tree as it was (volatile overlay)", async () => {
    await c.sh("echo changed > /etc/tsden-marker");
    const tree = await debianTree();
    expect(tree.startsWith(CONTAINER_CACHE)).toBe(true);
    expect(() => rmSync(join(tree, "etc", "tsden-marker"))).toThrow();
  });

  it("fails with the command's output when a command fails", async () => {
    await expect(c.sh("echo oops >&2; exit 3")).rejects.toThrow(/exited with 3[\s\S]*oops/);
  });
});
