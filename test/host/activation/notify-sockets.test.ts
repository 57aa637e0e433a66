/**
 * `microvm.host.useNotifySockets` under a real systemd (a systemd-nspawn container with
 * socat, the store bound at the same path) with a light qemu guest (TCG): `microvm@` is
 * a Type=notify unit, switch waits for it, and it becomes active only when the runner's
 * microvm-notify relays the guest's boot report (qemu's readiness port here: this
 * machine has no /dev/vhost-vsock); its virtiofsd, which sends no readiness, is started by
 * its sockets as without notify sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../../src/store/store.js";
import { boot, CONTAINER_PACKAGES, type Container, containersUnavailable } from "../../support/nspawn-container.js";
import { lightVm, realiseHost } from "./switch-fixtures.js";

const unavailable = containersUnavailable();

function buildHost(store: Store): Promise<string> {
  return realiseHost(store, {
    _file: "notify-sockets.test.ts",
    networking: { hostName: "notifyhost" },
    microvm: {
      host: { startupTimeout: 240, useNotifySockets: true },
      vms: { gamma: lightVm("gamma", { virtiofs: "/srv/notify-share" }) },
    },
  });
}

describe.skipIf(unavailable !== null)("useNotifySockets under systemd", () => {
  const store = new Store();
  let c: Container;
  let out = "";

  beforeAll(async () => {
    out = await buildHost(store);
    c = await boot("tsden-notify-test", { bindReadOnly: [store.root], packages: [...CONTAINER_PACKAGES, "socat"] });
  }, 1_800_000);
  afterAll(async () => {
    await c?.stop();
  });

  it("microvm@ is a notify unit, active once the guest has booted, as the runner relays it", async () => {
    await c.sh("mkdir -p /srv/notify-share");
    const r = await c.exec(`${out}/bin/switch-to-configuration switch`, { timeoutMs: 600_000 });
    expect(r.code, `${r.stdout}${r.stderr}\n${await c.journal("microvm@gamma.service")}`).toBe(0);
    expect(r.stdout).toContain("microvm gamma: ready");
    const show = await c.sh(
      "systemctl show -p Type -p NotifyAccess -p ActiveState -p StatusText microvm@gamma.service",
    );
    expect(show).toContain("Type=notify");
    expect(show).toContain("NotifyAccess=all");
    expect(show).toContain("ActiveState=active");
    expect(show).toContain("StatusText=the guest has booted");
    expect(await c.sh("cat /var/lib/microvms/gamma/microvm-ready")).toContain("READY");
    // its virtiofsd (which never notifies) is started by its sockets, not left waiting for READY=1
    expect(await c.sh("systemctl show -p Type -p ActiveState microvm-virtiofsd@gamma.service")).toBe(
      "Type=simple\nActiveState=active\n",
    );
  }, 900_000);
});
