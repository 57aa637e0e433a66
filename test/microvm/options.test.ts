/** The guest module: defaults, derived file systems, unsupported combinations and hostile values. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalModules, isModuleError } from "../../src/modules/index.js";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { checkGuest, checkSupport } from "../../src/microvm/runners/check.js";
import { runnerFiles } from "../../src/microvm/runners/runner-package.js";
import { osModules } from "../../src/os/index.js";
import { Store } from "../../src/store/store.js";
import { base, files, iface, layout, share, vol } from "./fixtures.js";

const store = new Store("/tmp/tsden-options-test-store");

function evalGuest(microvm: Record<string, unknown>, hostName = "demo") {
  return evalModules({
    modules: [...osModules, microvmGuestModule, { _file: "options.test.ts", networking: { hostName }, microvm }],
    specialArgs: { store },
  }).config as any;
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("microvm guest options", () => {
  it("has the reference's defaults", () => {
    const c = evalGuest({});
    expect(c.microvm.hypervisor).toBe("qemu");
    expect(c.microvm.vcpu).toBe(1);
    expect(c.microvm.mem).toBe(512);
    expect(c.microvm.socket).toBe("demo.sock");
    expect(c.microvm.storeOnDisk).toBe(true);
    expect(c.microvm.qemu.machine).toBe("microvm");
    expect(c.microvm.declaredRunner.name).toBe("microvm-qemu-demo");
    expect(c.microvm.storeDiskType).toBe("erofs");
    expect(c.fileSystems[store.root]).toMatchObject({ device: "/dev/vda", fsType: "erofs" });
  });

  it("mounts shares and volumes and brings up interfaces", () => {
    const c = evalGuest({
      shares: [
        { tag: "store", source: store.root, mountPoint: store.root },
        { tag: "fs", source: "/srv", mountPoint: "/srv", proto: "virtiofs" },
      ],
      volumes: [
        { image: "a.img", size: 8, mountPoint: "/a" },
        { image: "b.img", size: 8, mountPoint: "/b", label: "bee" },
      ],
      interfaces: [{ type: "user", id: "u0", mac: "02:00:00:00:00:01" }],
    });
    expect(c.microvm.storeOnDisk).toBe(false);
    expect(c.microvm.shares[1].socket).toBe("demo-virtiofs-fs.sock");
    expect(c.fileSystems[store.root]).toMatchObject({ device: "store", fsType: "9p", options: ["msize=65536", "ro"] });
    expect(c.fileSystems["/a"]).toMatchObject({ device: "/dev/vda", fsType: "ext4" });
    expect(c.fileSystems["/b"]).toMatchObject({ device: "LABEL=bee" });
    expect(c.networking.interfaces.eth0.useDHCP).toBe(true);
    expect(c.boot.kernelModules).toContain("crc32c_generic");
  });

  const unsupported: [string, Record<string, unknown>, RegExp][] = [
    [
      "9p on firecracker",
      { hypervisor: "firecracker", shares: [{ tag: "t", source: "/srv", mountPoint: "/srv" }] },
      /firecracker does not support 9p shares[\s\S]*qemu, crosvm, kvmtool/,
    ],
    [
      "9p on cloud-hypervisor",
      { hypervisor: "cloud-hypervisor", shares: [{ tag: "t", source: "/srv", mountPoint: "/srv" }] },
      /9p shares work with: qemu, crosvm, kvmtool/,
    ],
    [
      "virtiofs on firecracker",
      { hypervisor: "firecracker", shares: [{ tag: "t", source: "/srv", mountPoint: "/srv", proto: "virtiofs" }] },
      /virtiofs shares work with: qemu, cloud-hypervisor, crosvm/,
    ],
    [
      "user networking on cloud-hypervisor",
      { hypervisor: "cloud-hypervisor", interfaces: [{ type: "user", id: "u", mac: "02:00:00:00:00:01" }] },
      /user networking work with: qemu, kvmtool/,
    ],
    [
      "user networking on crosvm",
      { hypervisor: "crosvm", interfaces: [{ type: "user", id: "u", mac: "02:00:00:00:00:01" }] },
      /crosvm does not support user networking/,
    ],
    [
      "forwardPorts on kvmtool",
      {
        hypervisor: "kvmtool",
        interfaces: [{ type: "user", id: "u", mac: "02:00:00:00:00:01" }],
        forwardPorts: [{ host: { port: 2222 }, guest: { port: 22 } }],
      },
      /forwardPorts work with: qemu/,
    ],
    [
      "forwardPorts without user networking",
      { forwardPorts: [{ host: { port: 2222 }, guest: { port: 22 } }] },
      /works only with qemu and one network interface with `type = "user"`/,
    ],
    ["a stratovirt runner", { hypervisor: "stratovirt" }, /no runner for stratovirt/],
  ];
  for (const [what, microvm, message] of unsupported) {
    it(`rejects ${what} when the runner is read`, () => {
      const c = evalGuest(microvm);
      expect(c.microvm.vcpu).toBe(1);
      const e = errorOf(() => c.microvm.declaredRunner);
      expect(isModuleError(e), String(e)).toBe(true);
      expect(e.message).toMatch(message);
    });
  }

  it("reads every runner, checking each when it is built (as a derivation fails only when built)", async () => {
    const c = evalGuest({ hypervisor: "firecracker", shares: [{ tag: "t", source: "/srv", mountPoint: "/srv" }] });
    expect(c.microvm.runner.qemu.name).toBe("microvm-qemu-demo");
    expect(c.microvm.runner.firecracker.name).toBe("microvm-firecracker-demo");
    await expect(c.microvm.runner.firecracker.derivation()).rejects.toThrow(/firecracker does not support 9p/);
    expect(() => c.microvm.declaredRunner).toThrow(/firecracker does not support 9p/);
  });

  it("checks ids, tags and images", () => {
    const long = evalGuest({ interfaces: [{ type: "tap", id: "a-very-long-tap-name", mac: "02:00:00:00:00:01" }] });
    expect(() => long.microvm.declaredRunner).toThrow(/longer than the maximum length of 15 characters/);
    const dup = evalGuest({ interfaces: [1, 2].map(() => ({ type: "tap", id: "tap0", mac: "02:00:00:00:00:01" })) });
    expect(() => dup.microvm.declaredRunner).toThrow(/interface id "tap0" is used more than once/);
    const tags = evalGuest({ shares: [1, 2].map((i) => ({ tag: "t", source: `/s${i}`, mountPoint: `/m${i}` })) });
    expect(() => tags.microvm.declaredRunner).toThrow(/share tag "t" is used more than once/);
    const bridge = evalGuest({ interfaces: [{ type: "bridge", id: "b0", mac: "02:00:00:00:00:01" }] });
    expect(() => bridge.microvm.declaredRunner).toThrow(/doesn't have a bridge to attach to/);
  });
});

describe("hostile values", () => {
  const hostile = ["$(touch /tmp/pwned)", "`id`", "a'b", 'a"b', "a\nb", "a b", "../../etc", "x;rm -rf /"];
  it("rejects them in names and paths with a clear error", () => {
    for (const value of hostile) {
      const cases = [
        { ...base, interfaces: [iface({ type: "tap", id: value, mac: "02:00:00:00:00:01" })] },
        { ...base, shares: [share({ tag: value, source: "/srv", mountPoint: "/srv" })] },
        { ...base, hostName: value },
        { ...base, user: value },
      ];
      for (const guest of cases)
        expect(() => checkGuest(guest), JSON.stringify(value)).toThrow(
          /is not|not a usable path|not valid|longer than/,
        );
    }
    // Paths may hold spaces and quotes (they are quoted), never "..", line breaks or commas.
    for (const source of ["/srv/../etc", "/srv/a\nb", "/srv/a,b", "relative/dir"]) {
      const guest = { ...base, shares: [share({ tag: "t", source, mountPoint: "/srv" })] };
      expect(() => checkGuest(guest), source).toThrow(/not a usable path|not an absolute path/);
    }
    expect(() => checkGuest({ ...base, socket: "../demo.sock" })).toThrow(/not a usable path/);
    expect(() => checkGuest({ ...base, volumes: [vol({ image: "a,b.img", size: 1 })] })).toThrow(/not a usable path/);
  });

  it("quotes what may contain them: images, preStart-free values, kernel params, extra args", () => {
    const marker = "/tmp/tsden-hostile-marker";
    const value = `$(touch ${marker})'"; \`touch ${marker}\``;
    const guest = {
      ...base,
      kernelParams: [value],
      qemu: { ...base.qemu, extraArgs: [value, "a b"] },
      volumes: [vol({ image: "my disk $(x) 'q'.img", size: 1, mkfsExtraArgs: [value] })],
    };
    checkGuest(guest);
    checkSupport(guest, "qemu");
    const script = runnerFiles(guest, files, layout)["bin/microvm-run"]!.text;
    const syntax = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(syntax.status, syntax.stderr).toBe(0);
    // Each hostile word survives as exactly one argument: run the exec line with `printf`.
    const probe = script
      .replace(/exec -a 'microvm@demo' 'qemu-system-x86_64'/g, "printf '<%s>\\n'")
      .replace(/^if \[ ! -e[\s\S]*?^fi$/m, "");
    // in a folder of its own: the script writes its pid file and FIFOs where it runs
    const cwd = mkdtempSync(join(tmpdir(), "tsden-probe-"));
    const out = spawnSync("bash", ["-c", probe.replace("kvm_works; then", "false; then")], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, MICROVM_ACCEL: "tcg", PATH: process.env.PATH },
    });
    rmSync(cwd, { recursive: true, force: true });
    expect(out.stdout).toContain(`<${value}>`);
    expect(out.stdout).toContain("<a b>");
    expect(out.stdout).toContain(`earlyprintk=ttyS0 console=ttyS0 reboot=t panic=-1 ${value}`);
    expect(spawnSync("test", ["-e", marker]).status).not.toBe(0);
  });
});
