/**
 * The host's guest units under a real systemd (a systemd-nspawn container with the store
 * bound at the same path), with light qemu guests (TCG here):
 * - microvm-virtiofsd@ counts as started once its sockets exist, so microvm@ waits for
 *   it even when virtiofsd is slow to make them, and the guest uses the share;
 * - a virtiofsd that fails makes the VM's start fail: switch names the VM and shows
 *   virtiofsd's own error, and neither unit restarts in a loop;
 * - a guest that powers off by design ends inactive (dead), not failed, and is not
 *   restarted;
 * - a macvtap-only guest starts (its tap unit makes the macvtap and, where no udev does
 *   it, its device node), boots with the interface, and leaves no macvtap once stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../../src/store/store.js";
import { boot, type Container, containersUnavailable } from "../../support/nspawn-container.js";
import { buildHost, MACVTAP_MAC, waitForJournal } from "./switch-fixtures.js";

const unavailable = containersUnavailable();
const STC = "bin/switch-to-configuration";

/** systemd's properties of `unit` inside the container. */
async function props(c: Container, unit: string, names: readonly string[]): Promise<Record<string, string>> {
  const out = await c.sh(`systemctl show '${unit}' ${names.map((n) => `-p ${n}`).join(" ")}`);
  return Object.fromEntries(
    out
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/** Waits until `unit` is no longer active or activating (or throws after `ms`). */
async function waitInactive(c: Container, unit: string, ms = 240_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = (await c.exec(`systemctl is-active '${unit}'`)).stdout.trim();
    if (state === "inactive" || state === "failed") return;
    if (Date.now() > deadline) throw new Error(`${unit} is still ${state}:\n${await c.journal(unit)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe.skipIf(unavailable !== null)("the guest units under systemd", () => {
  const store = new Store();
  let c: Container;
  const out: Record<string, string> = {};

  beforeAll(async () => {
    out.vfs = await buildHost(store, {
      vfs: {
        mem: 192,
        virtiofs: "/srv/vfs-share",
        commands: "cat /shared/from-host\necho guest-wrote > /shared/from-guest\nsync",
      },
    });
    out.vfsBroken = await buildHost(store, { vfsbad: { mem: 192, virtiofs: "/srv/not-a-folder" } });
    out.once = await buildHost(store, { once: { mem: 128, poweroff: true, commands: "echo job-done" } });
    out.pair = await buildHost(store, {
      alpha: { mem: 128, poweroff: true, commands: "echo alpha-done" },
      beta: { mem: 128, preStart: "sleep 15" },
    });
    out.macvtap = await buildHost(store, {
      mvt: { mem: 128, macvtap: { id: "mvt-guest", link: "mvtlink0" }, commands: "cat /sys/class/net/eth0/address" },
    });
    c = await boot("tsden-guest-units-test", { bindReadOnly: [store.root] });
  }, 900_000);
  afterAll(async () => {
    await c?.stop();
  }, 600_000);

  it("microvm@ waits for virtiofsd's sockets (even from a virtiofsd slow to make them); the guest reads and writes the share", async () => {
    await c.sh("mkdir -p /srv/vfs-share && echo host-says-hello > /srv/vfs-share/from-host");
    // virtiofsd takes 6 s before it even starts: microvm@ must not start before its socket exists
    await c.sh(
      [
        "mkdir -p /etc/systemd/system/microvm-virtiofsd@vfs.service.d",
        "printf '[Service]\\nExecStart=\\nExecStart=/bin/sh -c \"sleep 6; exec current/bin/virtiofsd-run\"\\n' > /etc/systemd/system/microvm-virtiofsd@vfs.service.d/slow.conf",
      ].join(" && "),
    );
    const r = await c.exec(`${out.vfs}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm vfs: ready");
    const fsd = await props(c, "microvm-virtiofsd@vfs.service", [
      "ActiveState",
      "InactiveExitTimestampMonotonic",
      "ActiveEnterTimestampMonotonic",
    ]);
    const vm = await props(c, "microvm@vfs.service", ["ActiveState", "ExecMainStartTimestampMonotonic"]);
    expect(fsd.ActiveState).toBe("active");
    expect(vm.ActiveState).toBe("active");
    // virtiofsd counted as started only once its socket was there, after the delay...
    expect(
      Number(fsd.ActiveEnterTimestampMonotonic) - Number(fsd.InactiveExitTimestampMonotonic),
    ).toBeGreaterThanOrEqual(6_000_000);
    // ...and the hypervisor started after that
    expect(Number(vm.ExecMainStartTimestampMonotonic)).toBeGreaterThanOrEqual(
      Number(fsd.ActiveEnterTimestampMonotonic),
    );
    await waitForJournal(c, "microvm@vfs.service", "host-says-hello");
    // the guest writes after it has read (its next command): wait for the file's content
    const wrote = await c.exec(
      'for i in $(seq 240); do [ "$(cat /srv/vfs-share/from-guest 2>/dev/null)" = guest-wrote ] && exit 0; sleep 0.5; done; cat /srv/vfs-share/from-guest; exit 1',
    );
    expect(wrote.code, `from-guest holds: ${wrote.stdout}`).toBe(0);
  }, 600_000);

  it("a virtiofsd that fails: the VM's start fails, switch names it with virtiofsd's error, nothing restarts in a loop", async () => {
    // the share source exists and is not a folder: virtiofsd cannot share it
    await c.sh("mkdir -p /srv && echo not-a-folder > /srv/not-a-folder");
    const r = await c.exec(`${out.vfsBroken}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/microvm vfsbad: did not start: a unit it needs failed/);
    expect(r.stdout).not.toContain("microvm vfsbad: ready");
    // virtiofsd's own last words are shown
    const said = (
      await c.sh(
        "journalctl -q --no-pager -o cat _SYSTEMD_UNIT=microvm-virtiofsd@vfsbad.service | grep -v '^$' | tail -n 1",
      )
    ).trim();
    expect(said).not.toBe("");
    expect(r.stderr).toContain(said);
    // three restart intervals (RestartSec=5s) later: both units have settled, none restarted
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    const fsd = await props(c, "microvm-virtiofsd@vfsbad.service", ["ActiveState", "NRestarts", "MainPID"]);
    const vm = await props(c, "microvm@vfsbad.service", ["ActiveState", "NRestarts", "MainPID"]);
    expect(fsd).toEqual({ ActiveState: "failed", NRestarts: "0", MainPID: "0" });
    expect(vm.NRestarts).toBe("0");
    expect(vm.MainPID).toBe("0");
    expect(["inactive", "failed"]).toContain(vm.ActiveState);
    // no hypervisor was ever started for it
    expect((await c.sh("ps -eo args | grep -c '^microvm@vfsbad ' || true")).trim()).toBe("0");
  }, 600_000);

  it("a guest that powers off by design ends inactive (dead), not failed, and is not restarted", async () => {
    const r = await c.exec(`${out.once}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/microvm once: ready/);
    await waitForJournal(c, "microvm@once.service", "job-done");
    await waitInactive(c, "microvm@once.service");
    // longer than RestartSec (5 s): a restart would have happened by now
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const vm = await props(c, "microvm@once.service", ["ActiveState", "SubState", "Result", "NRestarts", "MainPID"]);
    expect(vm).toEqual({ ActiveState: "inactive", SubState: "dead", Result: "success", NRestarts: "0", MainPID: "0" });
    expect((await c.exec("systemctl is-failed microvm@once.service")).stdout.trim()).toBe("inactive");
    // it booted once: one greeting in its journal
    expect((await c.journal("microvm@once.service")).match(/hello-from-once/g)).toHaveLength(1);
  }, 600_000);

  it("a guest powering off by design while switch waits for another is reported as booted, not as failed", async () => {
    // alpha boots, reports, and powers off with a slow stop, while switch still waits for
    // beta (its runner sleeps first): when switch looks at alpha it is still stopping
    await c.sh(
      "mkdir -p /etc/systemd/system/microvm@alpha.service.d && printf '[Service]\\nExecStopPost=/bin/sleep 25\\n' > /etc/systemd/system/microvm@alpha.service.d/slow-stop.conf",
    );
    const r = await c.exec(`${out.pair}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm alpha: ready, then powered off by itself");
    expect(r.stdout).toContain("microvm beta: ready");
    expect(await c.journal("microvm@alpha.service")).toContain("alpha-done");
    await c.sh("systemctl stop microvm@beta.service; rm -r /etc/systemd/system/microvm@alpha.service.d/slow-stop.conf");
  }, 600_000);

  it("a macvtap-only guest starts with its interface, and its macvtap is gone once it stops", async () => {
    // the macvtap's lower interface: one end of a veth pair inside the container
    await c.sh(
      "ip link add mvtlink0 type veth peer name mvtpeer0 && ip link set mvtlink0 up && ip link set mvtpeer0 up",
    );
    const r = await c.exec(`${out.macvtap}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm mvt: ready");
    expect(await c.sh("ip -d -o link show mvt-guest")).toContain("macvtap");
    // the guest's eth0 is the macvtap's queue: it has the declared MAC
    await waitForJournal(c, "microvm@mvt.service", MACVTAP_MAC);
    await c.sh("systemctl stop microvm@mvt.service");
    const gone = await c.exec(
      "for i in $(seq 50); do ip link show mvt-guest >/dev/null 2>&1 || exit 0; sleep 0.2; done; exit 1",
    );
    expect(gone.code, "mvt-guest is still there 10 s after the stop").toBe(0);
    expect((await c.sh("systemctl is-active microvm-tap-interfaces@mvt.service || true")).trim()).toBe("inactive");
    expect((await c.sh("ls /dev | grep '^tap' || true")).trim()).toBe("");
  });
});
