/** The host's systemd units: golden files, and hostile values quoted or refused. */
import { describe, expect, it } from "vitest";
import { renderHostUnits, type HostUnitsSpec } from "../../src/microvm/render/host-units.js";

const spec: HostUnitsSpec = {
  stateDir: "/var/lib/microvms",
  startupTimeout: 300,
  vms: [
    {
      name: "guest-microvm",
      runner: "/store/aaaa-microvm-qemu-guest-microvm",
      autostart: true,
      restartIfChanged: true,
    },
    { name: "batch", runner: "/store/bbbb-microvm-qemu-batch", autostart: false, restartIfChanged: false },
  ],
};

describe("host units", () => {
  it("renders the reference's units (golden files)", async () => {
    const files = renderHostUnits(spec);
    expect(Object.keys(files)).toEqual([
      "install-microvm-batch.service",
      "install-microvm-guest-microvm.service",
      "microvm-tap-interfaces@.service",
      "microvm-virtiofsd@.service",
      "microvm@.service",
      "microvm@batch.service.d/restart.conf",
      "microvm@guest-microvm.service.d/restart.conf",
      "microvms.target",
    ]);
    for (const [name, text] of Object.entries(files)) {
      await expect(text).toMatchFileSnapshot(`golden/host-units/${name.replace("/", "__")}`);
    }
  });

  it("microvm@ runs current/bin/microvm-run, waits for the guest's boot report, stops with booted/bin/microvm-shutdown, times out at startupTimeout", () => {
    const unit = renderHostUnits(spec)["microvm@.service"]!;
    expect(unit).toContain('ExecStart="/var/lib/microvms/%i/current/bin/microvm-run"');
    expect(unit).toContain('ExecStartPost="/bin/sh" "-c" "f=$$(cat booted/share/microvm/ready-file');
    expect(unit).toContain("exec booted/bin/microvm-shutdown");
    expect(unit).toContain("TimeoutSec=300");
    // a guest that powers off by design is not restarted; failures are, with no start limit
    expect(unit).toContain("Restart=on-failure");
    expect(unit).toContain("StartLimitIntervalSec=0");
    expect(unit).not.toContain("StartLimitBurst");
    expect(unit).toContain("WorkingDirectory=/var/lib/microvms/%i");
  });

  it("with useNotifySockets, microvm@ is a notify unit the runner's relay makes active (no waiting script)", async () => {
    const unit = renderHostUnits({ ...spec, useNotifySockets: true })["microvm@.service"]!;
    await expect(unit).toMatchFileSnapshot("golden/host-units/notify__microvm@.service");
    expect(unit).toContain("Type=notify\nNotifyAccess=all\n");
    expect(unit).not.toContain("ExecStartPost=");
    // the relay listens on vsock where the host has vhost-vsock
    expect(unit).toContain("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_VSOCK\n");
    expect(renderHostUnits(spec)["microvm@.service"]).toContain("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n");
    expect(renderHostUnits(spec)["microvm@.service"]).toContain("Type=exec\n");
    expect(renderHostUnits(spec)["microvm@.service"]).not.toContain("NotifyAccess");
  });

  it("with useNotifySockets, microvm-virtiofsd@ stays a simple unit started once its sockets exist (virtiofsd sends no READY)", () => {
    for (const useNotifySockets of [false, true]) {
      const unit = renderHostUnits({ ...spec, useNotifySockets })["microvm-virtiofsd@.service"]!;
      expect(unit).toContain("Type=simple\n");
      expect(unit).not.toContain("NotifyAccess");
      expect(unit).toMatch(/^ExecStartPost=.*-S /m);
    }
  });

  it("microvms.target wants the autostart VMs only", () => {
    const target = renderHostUnits(spec)["microvms.target"]!;
    expect(target).toContain("Wants=microvm@guest-microvm.service\n");
    expect(target).not.toContain("microvm@batch.service");
  });

  it("quotes a hostile state folder everywhere", () => {
    const stateDir = `/srv/my vms/$(touch pwned)/"q"/100%`;
    const files = renderHostUnits({ ...spec, stateDir });
    const unit = files["microvm@.service"]!;
    expect(unit).toContain(`ExecStart="/srv/my vms/$$(touch pwned)/\\"q\\"/100%%/%i/current/bin/microvm-run"`);
    expect(unit).toContain(`WorkingDirectory=/srv/my vms/$(touch pwned)/"q"/100%%/%i`);
    expect(files["install-microvm-batch.service"]).toContain(
      `ExecStart="/bin/mkdir" "-p" "/srv/my vms/$$(touch pwned)/\\"q\\"/100%%/batch"`,
    );
    for (const text of Object.values(files)) for (const line of text.split("\n")) expect(line).not.toMatch(/^\s/);
  });

  it.each([
    ["a newline", "/var/lib/x\nExecStart=/bin/evil", /control character/],
    ["a relative path", "var/lib", /not a clean absolute path/],
    ["..", "/var/../etc", /not a clean absolute path/],
    ["a backslash", "/var/a\\b", /backslash/],
  ])("refuses a state folder with %s", (_what, stateDir, error) => {
    expect(() => renderHostUnits({ ...spec, stateDir })).toThrow(error);
  });

  it.each(["../etc", "a b", "$(reboot)", "x\ny", "", "-rf", "a@b", `q"uote`, "a/b", "a..b"])(
    "refuses the VM name %j",
    (name) => {
      expect(() => renderHostUnits({ ...spec, vms: [{ ...spec.vms[0]!, name }] })).toThrow(/invalid microVM name/);
    },
  );

  it("refuses a VM declared twice and a timeout that is not positive", () => {
    expect(() => renderHostUnits({ ...spec, vms: [spec.vms[0]!, spec.vms[0]!] })).toThrow(/declared twice/);
    expect(() => renderHostUnits({ ...spec, startupTimeout: 0 })).toThrow(/positive/);
  });
});
