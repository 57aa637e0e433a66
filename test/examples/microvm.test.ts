/**
 * examples/microvm through the real binary (dist/cli/main.js), from a fresh copy of
 * the folder: `tsden build osConfigurations.server` builds the units and the guest's
 * runner; `tsden run runnable-microvm` boots the guest under qemu (TCG here), which
 * prints its line and powers off.
 */
import { spawnSync } from "node:child_process";
import { cp, lstat, mkdtemp, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeShareProto } from "../../src/microvm/store-share.js";
import { bootRunner } from "../os/rootfs-runner.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
let dir: string;
let serverRunner: string | undefined;

function tsden(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 280_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "tsden-example-")), "microvm");
  await cp(join(root, "examples/microvm"), dir, {
    recursive: true,
    filter: (src) => !/\/(result|[^/]*\.img|microvm\.pid|microvm-ready|microvm-control\.(in|out))$/.test(src),
  });
});
afterAll(async () => {
  await rm(join(dir, ".."), { recursive: true, force: true });
});

describe("examples/microvm", () => {
  it("tsden build osConfigurations.server: units, the guest's runner, the store share", async () => {
    const r = tsden(["build", "osConfigurations.server"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout.trim();
    expect(await readlink(join(dir, "result"))).toBe(out);
    const units = join(out, "etc/systemd/system");
    const microvm = await readFile(join(units, "microvm@.service"), "utf8");
    expect(microvm).toContain("TimeoutSec=300");
    expect(microvm).toContain('ExecStart="/var/lib/microvms/%i/current/bin/microvm-run"');
    expect(await readFile(join(units, "microvms.target"), "utf8")).toContain("Wants=microvm@guest-microvm.service");
    const runner = await readlink(join(out, "vms/guest-microvm"));
    expect((await lstat(join(runner, "bin/microvm-run"))).isFile()).toBe(true);
    expect(await readFile(join(units, "install-microvm-guest-microvm.service"), "utf8")).toContain(runner);
    // the host's store, shared read-only over virtiofs (when this host has virtiofsd; else 9p)
    if (storeShareProto() === "virtiofs") {
      expect((await lstat(join(runner, "bin/virtiofsd-run"))).isFile()).toBe(true);
      expect(await readFile(join(runner, "share/microvm/virtiofs/ro-store/source"), "utf8")).toContain("store");
    } else {
      expect(await readFile(join(runner, "bin/microvm-run"), "utf8")).toContain("mount_tag=ro-store");
    }
    // the guest's system packages: Debian's cowsay and its closure, in the guest's profile
    const profile = await readFile(join(runner, "bin/microvm-run"), "utf8");
    expect(profile).toContain("initramfs-guest-microvm");
    serverRunner = runner;
    const manifest = JSON.parse(await readFile(join(out, "share/microvm/host.json"), "utf8"));
    expect(manifest.vms["guest-microvm"]).toEqual({ runner, autostart: true, restartIfChanged: true });
  });

  it.skipIf(!hasQemu || storeShareProto() !== "9p")(
    "the server's guest boots with Debian's cowsay installed and runs it",
    async () => {
      expect(serverRunner, "the build test runs first").toBeDefined();
      const boot = bootRunner(serverRunner!, dir, 240_000);
      try {
        await boot.waitFor("tsden-init: commands finished");
      } finally {
        boot.kill();
      }
      const text = boot.lines.map((l) => l.text).join("\n");
      expect(text).toContain("< Hello from guest-microvm >");
      expect(text).toMatch(/^ +\\ +\(oo\)\\_______$/m);
      expect(text).toContain("tsden-init: command 1 exited with status 0");
    },
    260_000,
  );

  it("tsden eval packages: the runnable microVM's runner", () => {
    const r = tsden(["eval", "packages", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      "x86_64-linux": { "runnable-microvm": { type: "derivation", name: "microvm-qemu-runnable-microvm" } },
    });
  });

  it.skipIf(!hasQemu)("tsden run runnable-microvm boots the guest, shows its line, ends cleanly", async () => {
    const r = tsden(["run", "runnable-microvm"]);
    const console = r.stdout + r.stderr;
    expect(console).toMatch(/^Hello from runnable-microvm, a tsden microVM running Linux \S+!$/m);
    expect(console).toMatch(/^\/dev\/vda .* \/var$/m);
    expect(console).toContain("tsden-init: powering off");
    expect(r.code, console).toBe(0);
    // the volume image was created in the working folder, once; a second run keeps it
    const first = await lstat(join(dir, "var.img"));
    expect(first.size).toBe(256 * 1024 * 1024);
    const again = tsden(["run", "runnable-microvm"]);
    expect(again.code).toBe(0);
    expect((await lstat(join(dir, "var.img"))).ino).toBe(first.ino);
  });

  it("tsden run passes the exit code and arguments of the program through; unknown names are errors", () => {
    const r = tsden(["run", "no-such-vm"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[UNKNOWN_OUTPUT]");
    expect(r.stderr).toContain("runnable-microvm");
  });
});
