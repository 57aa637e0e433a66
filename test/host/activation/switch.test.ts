/**
 * bin/switch-to-configuration under a real systemd (a systemd-nspawn container with the
 * store bound at the same path), with light qemu guests (TCG here): switch starts the
 * guests and waits for their boot reports; a second switch changes nothing; a changed
 * guest is restarted on its new runner; an added guest starts alone; a removed guest is
 * stopped, its units and tap go, its volume stays with its data; rollback brings the
 * previous set back; a guest whose runner fails makes switch exit non-zero naming it;
 * dry-activate changes nothing; runs killed with SIGKILL midway are finished by the
 * next switch. The hypervisors run as the unprivileged user microvm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../../src/store/store.js";
import { boot, containersUnavailable, type Container } from "../../support/nspawn-container.js";
import { buildHost, fingerprint, mainPid, waitForJournal } from "./switch-fixtures.js";

const unavailable = containersUnavailable();
const STC = "bin/switch-to-configuration";

describe.skipIf(unavailable !== null)("switch-to-configuration under systemd", () => {
  const store = new Store();
  let c: Container;
  const out: Record<string, string> = {};
  let afterFirst = "";
  let afterChange = "";

  beforeAll(async () => {
    out.one = await buildHost(store, { alpha: { tap: "vm-alpha" } });
    out.changed = await buildHost(store, { alpha: { tap: "vm-alpha", mem: 288 } });
    out.added = await buildHost(store, { alpha: { tap: "vm-alpha", mem: 288 }, beta: {} });
    out.removed = await buildHost(store, { beta: {} });
    out.failing = await buildHost(store, { beta: {}, broken: { preStart: "echo broken-runner-fails >&2; exit 3" } });
    c = await boot("tsden-switch-test", { bindReadOnly: [store.root] });
  }, 900_000);
  afterAll(async () => {
    await c?.stop();
  });

  it("switch: installs the units, starts the guest, waits for its boot report, records generation 1", async () => {
    const r = await c.exec(`${out.one}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("generation 1:");
    expect(r.stdout).toContain("microvm alpha: start");
    expect(r.stdout).toContain("microvm alpha: ready");
    expect((await c.sh("systemctl is-active microvm@alpha.service")).trim()).toBe("active");
    // ready means booted: the guest's report is there already
    expect(await c.sh("cat /var/lib/microvms/alpha/microvm-ready")).toContain("READY");
    await waitForJournal(c, "microvm@alpha.service", "hello-from-alpha");
    expect(await c.sh("ip -o link show vm-alpha")).toContain("vm-alpha");
    // the hypervisor runs as the unprivileged user microvm; its folder stays root's (group kvm, sticky)
    expect((await c.sh(`stat -c %U /proc/${await mainPid(c, "alpha")}`)).trim()).toBe("microvm");
    expect((await c.sh("stat -c '%U:%G %a' /var/lib/microvms/alpha")).trim()).toBe("root:kvm 1775");
    expect((await c.sh("stat -c %U:%G /var/lib/microvms/alpha/data.img")).trim()).toBe("microvm:kvm");
    expect((await c.sh("stat -c %U /var/lib/microvms/alpha/current")).trim()).toBe("root");
    afterFirst = await fingerprint(c);
  });

  it("switch again: nothing restarted, no new generation", async () => {
    const pid = await mainPid(c, "alpha");
    const r = await c.exec(`${out.one}/${STC} switch`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm alpha: running, unchanged");
    expect(r.stdout).not.toMatch(/unit .*: (installed|updated)/);
    expect(await mainPid(c, "alpha")).toBe(pid);
    expect(await fingerprint(c)).toBe(afterFirst);
    expect((await c.sh("ls /var/lib/tsden/profiles")).trim().split("\n")).toEqual(["system", "system-1-link"]);
  });

  it("dry-activate: prints the plan and changes nothing", async () => {
    const pid = await mainPid(c, "alpha");
    const r = await c.exec(`${out.changed}/${STC} dry-activate`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm alpha: restart");
    expect(r.stdout).toContain("generation 2:");
    expect(await fingerprint(c)).toBe(afterFirst);
    expect(await mainPid(c, "alpha")).toBe(pid);
  });

  it("a changed guest (memory) is restarted on its new runner", async () => {
    const pid = await mainPid(c, "alpha");
    const r = await c.exec(`${out.changed}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm alpha: restart");
    const runner = (await c.sh(`readlink ${out.changed}/vms/alpha`)).trim();
    expect((await c.sh("readlink /var/lib/microvms/alpha/booted")).trim()).toBe(runner);
    expect(await mainPid(c, "alpha")).not.toBe(pid);
    expect(await c.sh(`cat /proc/${await mainPid(c, "alpha")}/cmdline | tr '\\0' ' '`)).toContain("-m 288");
    afterChange = await fingerprint(c);
  });

  it("an added guest starts alone", async () => {
    const pid = await mainPid(c, "alpha");
    const r = await c.exec(`${out.added}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm beta: start");
    expect(r.stdout).toContain("microvm alpha: running, unchanged");
    expect(await mainPid(c, "alpha")).toBe(pid);
    expect((await c.sh("systemctl is-active microvm@beta.service")).trim()).toBe("active");
  });

  it("a removed guest is stopped, its units and tap are gone, its volume keeps the guest's data", async () => {
    await waitForJournal(c, "microvm@alpha.service", "hello-from-alpha");
    const r = await c.exec(`${out.removed}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("microvm alpha: stop (no longer declared)");
    expect(r.stdout).toMatch(/microvm alpha: removed \(kept in \/var\/lib\/microvms\/alpha: .*data\.img/);
    expect((await c.exec("systemctl is-active microvm@alpha.service")).stdout.trim()).toBe("inactive");
    expect(
      (await c.exec("ls /etc/systemd/system/install-microvm-alpha.service /etc/systemd/system/microvm@alpha.service.d"))
        .code,
    ).not.toBe(0);
    expect((await c.exec("ip link show vm-alpha")).code).not.toBe(0);
    expect(await c.sh("ls -A /var/lib/microvms/alpha")).not.toMatch(/current|booted/);
    expect(await c.sh("debugfs -R 'cat /proof' /var/lib/microvms/alpha/data.img 2>/dev/null")).toContain(
      "written-by-alpha",
    );
  });

  it("rollback: the previous generation's guests run again, on the volume they had", async () => {
    const r = await c.exec(`${out.removed}/${STC} rollback`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("rolling back from generation 4 to generation 3");
    expect(r.stdout).toContain("microvm alpha: start");
    expect((await c.sh("readlink /var/lib/tsden/profiles/system")).trim()).toBe("system-3-link");
    expect((await c.sh("systemctl is-active microvm@alpha.service microvm@beta.service")).trim().split("\n")).toEqual([
      "active",
      "active",
    ]);
    await waitForJournal(c, "microvm@alpha.service", "previous: written-by-alpha");
  });

  it("a guest whose runner fails: switch exits non-zero, names it and shows its journal; the others run", async () => {
    const r = await c.exec(`${out.failing}/${STC} switch`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/microvm broken: did not become ready/);
    expect(r.stderr).toContain("broken-runner-fails");
    expect((await c.sh("systemctl is-active microvm@beta.service")).trim()).toBe("active");
  });

  it("switch runs killed with SIGKILL midway are finished by the next switch (same end state as a clean switch)", async () => {
    for (const delay of [0.3, 1, 2.5]) {
      await c.exec(
        `${out.changed}/${STC} switch >/dev/null 2>&1 & pid=$!; sleep ${delay}; kill -9 $pid; wait $pid; true`,
      );
    }
    const r = await c.exec(`${out.changed}/${STC} switch`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await fingerprint(c)).toBe(afterChange);
  });

  it("a tap guest stopped by hand leaves no tap device", async () => {
    expect(await c.sh("ip -o link show vm-alpha")).toContain("vm-alpha");
    await c.sh("systemctl stop microvm@alpha.service");
    // the tap unit stops right after the VM (PartOf): its own job, which systemctl stop does not wait for
    const gone = await c.exec(
      "for i in $(seq 50); do ip link show vm-alpha >/dev/null 2>&1 || exit 0; sleep 0.2; done; exit 1",
    );
    expect(gone.code, "vm-alpha is still there 10 s after the stop").toBe(0);
    expect((await c.sh("systemctl is-active microvm-tap-interfaces@alpha.service || true")).trim()).toBe("inactive");
    expect((await c.sh("systemctl is-active microvm@alpha.service || true")).trim()).toBe("inactive");
  });
});
