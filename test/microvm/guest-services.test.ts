/**
 * The Debian base's services for its host: the boot report (readiness port, and vsock
 * with a CID), SSH on vsock; the busybox base refuses vsock SSH; vsock SSH needs a CID.
 */
import { describe, expect, it } from "vitest";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { evalModules, isModuleError } from "../../src/modules/index.js";
import { debianRootFiles } from "../../src/os/builders/debian-base-files.js";
import { osModules } from "../../src/os/index.js";
import { Store } from "../../src/store/store.js";

const store = new Store("/tmp/tsden-guest-services-test-store");

function guest(system: Record<string, unknown>, microvm: Record<string, unknown>) {
  return evalModules({
    modules: [
      ...osModules,
      microvmGuestModule,
      { _file: "guest.ts", networking: { hostName: "demo" }, system, microvm },
    ],
    specialArgs: { store },
  }).config as any;
}
const debian = { base: "debian" };

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("a Debian-base guest tells its host it has booted", () => {
  it("on qemu's readiness port, once multi-user.target is reached", () => {
    const c = guest(debian, {});
    const ready = c.systemd.services["microvm-ready"];
    expect(ready.wantedBy).toEqual(["multi-user.target"]);
    expect(ready.after).toEqual(["multi-user.target"]);
    expect(ready.unitConfig.DefaultDependencies).toBe(false);
    expect(ready.script).toContain("org.tsden.ready");
    expect(ready.script).not.toContain("VSOCK");
    expect(c.system.debian.packages).not.toContain("socat");
  });

  it("and over vsock to the host's port for its CID and hypervisor, with socat installed", () => {
    expect(guest(debian, { vsock: { cid: 5 } }).systemd.services["microvm-ready"].script).toContain(
      "socat -u - VSOCK-CONNECT:2:8893",
    );
    const chv = guest(debian, { hypervisor: "cloud-hypervisor", vsock: { cid: 5 } });
    expect(chv.systemd.services["microvm-ready"].script).toContain("VSOCK-CONNECT:2:8888");
    expect(chv.system.debian.packages).toContain("socat");
  });

  it("as a unit file of the Debian root", () => {
    const files = debianRootFiles(guest(debian, { vsock: { cid: 5 } }));
    const unit = files.find((f) => f.path === "etc/systemd/system/microvm-ready.service");
    expect(unit?.kind === "file" && unit.text).toContain("DefaultDependencies=false");
    expect(files.some((f) => f.path === "etc/systemd/system/multi-user.target.wants/microvm-ready.service")).toBe(true);
  });

  it("the busybox base reports in its init instead: no services", () => {
    expect(guest({}, { vsock: { cid: 5 } }).systemd.services).toEqual({});
  });
});

describe("microvm.vsock.ssh.enable", () => {
  it("runs sshd on vsock port 22 on the Debian base, after ssh.service made the host keys", () => {
    const c = guest(debian, { vsock: { cid: 5, ssh: { enable: true } } });
    expect(c.services.openssh.enable).toBe(true);
    const sshd = c.systemd.services["microvm-vsock-sshd"];
    expect(sshd.serviceConfig.ExecStart).toBe('/usr/bin/socat VSOCK-LISTEN:22,fork,reuseaddr EXEC:"/usr/sbin/sshd -i"');
    expect(sshd.after).toEqual(["ssh.service"]);
    expect(c.microvm.declaredRunner.name).toBe("microvm-qemu-demo");
  });

  it("needs a CID, and a base with an SSH server", () => {
    const noCid = errorOf(() => guest(debian, { vsock: { ssh: { enable: true } } }).microvm.declaredRunner);
    expect(isModuleError(noCid, "ASSERTION_FAILED")).toBe(true);
    expect(noCid.message).toContain("requires microvm.vsock.cid");
    const busybox = errorOf(() => guest({}, { vsock: { cid: 5, ssh: { enable: true } } }).microvm.declaredRunner);
    expect(busybox.message).toContain("the busybox base does not have");
  });
});
