/**
 * Hostile values on the runner side: a socket path never names anything but a socket
 * (clashes are evaluation errors; the scripts remove only sockets), relative paths
 * starting with `-` are never read as options, and what no command line can carry
 * (commas in qemu.machine, NUL, `:` in a crosvm 9p source, overlong paths) is refused
 * at evaluation, naming the option.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Guest } from "../../../src/microvm/guest.js";
import { checkGuest, checkSupport } from "../../../src/microvm/runners/check.js";
import { createVolumeScript, removeStaleSocket } from "../../../src/microvm/runners/scripts.js";
import { base, share, vol } from "../fixtures.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-hostile-runner-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rejects = (guest: Guest, message: RegExp, hypervisor = guest.hypervisor) =>
  expect(() => {
    checkGuest(guest);
    checkSupport(guest, hypervisor);
  }).toThrow(message);

describe("socket paths", () => {
  it("refuses a control socket that is a volume image, a shared folder or another socket", () => {
    rejects(
      { ...base, socket: "var.img", volumes: [vol({ image: "var.img" })] },
      /the control socket "var.img" is also the volume image/,
    );
    rejects(
      {
        ...base,
        socket: "/var/lib/microvms/demo/var.img",
        volumes: [vol({ image: "/var/lib/microvms/demo/var.img" })],
      },
      /is also the volume image/,
    );
    rejects(
      { ...base, socket: "/srv/data", shares: [share({ tag: "d", source: "/srv/data", mountPoint: "/d" })] },
      /is also the shared folder/,
    );
    const virtiofs = share({ tag: "fs", source: "/srv/fs", mountPoint: "/fs", proto: "virtiofs", socket: "demo.sock" });
    rejects({ ...base, shares: [virtiofs] }, /the virtiofsd socket "demo.sock" is also the control socket/);
    rejects(
      { ...base, shares: [{ ...virtiofs, socket: "data.img" }], volumes: [vol({ image: "data.img" })] },
      /is also the volume image/,
    );
  });

  it("removes a stale socket, and refuses (exit 1, file kept) when something else is there", async () => {
    const cwd = await mkdtemp(join(dir, "sock-"));
    await writeFile(join(cwd, "demo.sock"), "a volume, not a socket");
    const r = spawnSync("bash", ["-c", `set -eu\n${removeStaleSocket("demo.sock")}echo went-on`], {
      cwd,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exists and is not a socket; refusing to remove it/);
    expect(readFileSync(join(cwd, "demo.sock"), "utf8")).toBe("a volume, not a socket");
    await rm(join(cwd, "demo.sock"));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(cwd, "demo.sock"), resolve));
    const s = spawnSync("bash", ["-c", `set -eu\n${removeStaleSocket("demo.sock")}echo went-on`], {
      cwd,
      encoding: "utf8",
    });
    server.close();
    expect(s.stdout).toContain("went-on");
    expect(existsSync(join(cwd, "demo.sock"))).toBe(false);
  });

  it("refuses a socket path longer than a unix socket can have", () => {
    rejects({ ...base, socket: `/run/${"s".repeat(120)}.sock` }, /longer than the 107 bytes/);
  });
});

describe("paths that look like options", () => {
  it.runIf(spawnSync("mkfs.ext4", ["-V"]).status === 0)(
    "creates a relative volume whose name starts with - (never read as an option)",
    async () => {
      const cwd = await mkdtemp(join(dir, "dash-"));
      const script = createVolumeScript(vol({ image: "-rf.img", size: 8, label: "data" }));
      const r = spawnSync("bash", ["-c", `set -eu\n${script}`], { cwd, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(statSync(join(cwd, "-rf.img")).size).toBe(8 * 1024 * 1024);
      expect(existsSync(join(cwd, "-rf.img.tsden-new."))).toBe(false);
    },
  );
});

describe("values no command line can carry", () => {
  it("refuses commas in qemu.machine (they would add -M properties)", () => {
    rejects(
      { ...base, qemu: { ...base.qemu, machine: "microvm,accel=kvm" } },
      /microvm\.qemu\.machine: "microvm,accel=kvm" is not a qemu machine name/,
    );
  });

  it("refuses NUL in qemu.extraArgs, qemu.machine and virtiofsd.extraArgs, naming the option", () => {
    rejects(
      { ...base, qemu: { ...base.qemu, extraArgs: ["-a", "b\0c"] } },
      /microvm\.qemu\.extraArgs: argument 1 contains a NUL character/,
    );
    rejects({ ...base, qemu: { ...base.qemu, machine: "micro\0vm" } }, /microvm\.qemu\.machine/);
    rejects(
      { ...base, virtiofsd: { ...base.virtiofsd, extraArgs: ["x\0"] } },
      /microvm\.virtiofsd\.extraArgs: argument 0 contains a NUL character/,
    );
    rejects(
      {
        ...base,
        shares: [
          share({
            tag: "fs",
            source: "/srv",
            mountPoint: "/fs",
            proto: "virtiofs",
            socket: "fs.sock",
            extraArgs: ["\0"],
          }),
        ],
      },
      /microvm\.shares\.0\.extraArgs/,
    );
  });

  it("refuses : in a crosvm 9p share source (crosvm splits --shared-dir at :)", () => {
    const guest = {
      ...base,
      hypervisor: "crosvm" as const,
      shares: [share({ tag: "d", source: "/srv/a:type=fs", mountPoint: "/d" })],
    };
    rejects(guest, /cannot contain ":"/);
    // qemu takes the same share
    checkSupport({ ...guest, hypervisor: "qemu" }, "qemu");
  });

  it("refuses absurdly long paths at evaluation", () => {
    const long = `/srv/${"a".repeat(100_000)}`;
    const started = Date.now();
    rejects(
      { ...base, shares: [share({ tag: "d", source: long, mountPoint: "/d" })] },
      /microvm\.shares\.0\.source: the path "\/srv\/a+\.\.\.a+" is too long \(100005 bytes\)/,
    );
    rejects({ ...base, volumes: [vol({ image: `${"b".repeat(300)}.img` })] }, /too long/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
