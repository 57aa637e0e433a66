/**
 * Boot tests: a guest evaluated from a microvm configuration, its runner realised in
 * the store and started as `bin/microvm-run` (qemu; TCG here, KVM where it works).
 * Console marker, a volume the host reads after power-off (debugfs), the host store
 * through a read-only 9p share, `microvm-shutdown`, and a second start keeping data.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { osModules } from "../../src/os/index.js";
import { realisePackage, type Package } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { bootRunner } from "../os/rootfs-runner.js";

const hasTools = ["qemu-system-x86_64 --version", "debugfs -V", "mkfs.ext4 -V"].every((c) => {
  const [cmd, ...args] = c.split(" ");
  return spawnSync(cmd!, args).status === 0;
});

/** The C virtiofsd (Debian 12, in /usr/lib/qemu) needs root for its namespace sandbox. */
const hasVirtiofsd =
  process.getuid?.() === 0 &&
  (["/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd"].some((p) => existsSync(p)) ||
    spawnSync("sh", ["-c", "command -v virtiofsd"]).status === 0);

/** Starts a runner's microvm-run, collecting its console (shared with the root-fs boot tests). */
const start = (runner: string, cwd: string, timeoutMs = 150_000) => bootRunner(runner, cwd, timeoutMs);

function debugfsCat(image: string, file: string): string {
  const r = spawnSync("debugfs", ["-R", `cat ${file}`, image], { encoding: "utf8" });
  return r.stdout;
}

describe.skipIf(!hasTools)("microvm runner boots under qemu", () => {
  const store = new Store();
  let state: string;
  let runner: string;
  let idleRunner: string;

  const guest = (extra: Record<string, unknown>, hostName: string) => {
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        {
          _file: "boot.test.ts",
          networking: { hostName },
          microvm: {
            mem: 256,
            volumes: [{ image: "data.img", size: 16, mountPoint: "/data", label: "data" }],
            shares: [{ tag: "store", source: store.root, mountPoint: store.root, proto: "9p" }],
          },
          ...extra,
        },
      ],
      specialArgs: { store },
    }).config as unknown as { microvm: { declaredRunner: Package; storeOnDisk: boolean } };
    expect(config.microvm.storeOnDisk).toBe(false);
    return realisePackage(store, config.microvm.declaredRunner);
  };

  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "tsden-microvm-"));
    const commands = [
      "echo MICROVM-MARKER-$((6 * 7))",
      "n=$(cat /data/count 2>/dev/null || echo 0); echo $((n + 1)) > /data/count; echo COUNT=$((n + 1))",
      "uname -r > /data/uname",
      `for f in ${store.root}/*-linux-*/kernel.json; do [ -s "$f" ] && echo STORE-VISIBLE && break; done`,
      `touch ${store.root}/probe 2>/dev/null && echo STORE-WRITABLE || echo STORE-READ-ONLY`,
      "sync",
    ].join("\n");
    const started = performance.now();
    runner = await guest({ boot: { postBootCommands: commands, poweroffAfterCommands: true } }, "mvm-test");
    idleRunner = await guest(
      { boot: { postBootCommands: "echo IDLE-READY", poweroffAfterCommands: false } },
      "mvm-idle",
    );
    console.log(`runners ready in ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => {
    await rm(state, { recursive: true, force: true });
  });

  it("prints a marker, writes a volume the host reads after power-off, sees the store read-only", async () => {
    const vm = start(runner, state);
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    const marker = vm.lines.find((l) => l.text === "MICROVM-MARKER-42");
    console.log(`first start: marker after ${Math.round(marker?.ms ?? -1)} ms, exit after ${Math.round(result.ms)} ms`);
    expect(marker, console_).toBeDefined();
    expect(console_).toContain("COUNT=1");
    expect(console_).toContain("STORE-VISIBLE");
    expect(console_).toContain("STORE-READ-ONLY");
    expect(console_).not.toContain("tsden-init: FAILED");
    expect(result.code, console_).toBe(0);
    expect(debugfsCat(join(state, "data.img"), "/count").trim()).toBe("1");
    expect(debugfsCat(join(state, "data.img"), "/uname").trim()).toMatch(/-amd64$/);
  });

  it("keeps the volume's data on a second start", async () => {
    const vm = start(runner, state);
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    expect(console_).toContain("COUNT=2");
    expect(result.code, console_).toBe(0);
    expect(debugfsCat(join(state, "data.img"), "/count").trim()).toBe("2");
  });

  it("boots with the store on a read-only erofs disk by default", async () => {
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        {
          _file: "boot.test.ts",
          networking: { hostName: "mvm-disk" },
          microvm: { mem: 256 },
          boot: {
            postBootCommands: `ls ${store.root} | grep -q -- -tsden-system-mvm-disk && echo STORE-DISK-OK`,
            poweroffAfterCommands: true,
          },
        },
      ],
      specialArgs: { store },
    }).config as unknown as { microvm: { declaredRunner: Package; storeOnDisk: boolean } };
    expect(config.microvm.storeOnDisk).toBe(true);
    const diskRunner = await realisePackage(store, config.microvm.declaredRunner);
    const vm = start(diskRunner, await mkdtemp(join(state, "disk-")));
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    expect(console_).toContain("STORE-DISK-OK");
    expect(result.code, console_).toBe(0);
  });

  it.runIf(hasVirtiofsd)(
    "shares a host folder over virtiofs with the virtiofsd this machine has (the runner's virtiofsd-run)",
    async () => {
      const dir = await mkdtemp(join(state, "virtiofs-"));
      const shared = await mkdtemp(join(state, "shared-"));
      await writeFile(join(shared, "from-host"), "HOST-SAYS-HELLO\n");
      const config = evalModules({
        modules: [
          ...osModules,
          microvmGuestModule,
          {
            _file: "boot.test.ts",
            networking: { hostName: "mvm-vfs" },
            microvm: {
              mem: 256,
              shares: [{ tag: "shared", source: shared, mountPoint: "/shared", proto: "virtiofs" }],
            },
            boot: {
              postBootCommands: "cat /shared/from-host\necho GUEST-WROTE > /shared/from-guest\nsync",
              poweroffAfterCommands: true,
            },
          },
        ],
        specialArgs: { store },
      }).config as unknown as { microvm: { declaredRunner: Package } };
      const vfsRunner = await realisePackage(store, config.microvm.declaredRunner);
      const daemon = spawn(join(vfsRunner, "bin", "virtiofsd-run"), [], { cwd: dir, stdio: "ignore", detached: true });
      try {
        for (let i = 0; i < 200 && !existsSync(join(dir, "mvm-vfs-virtiofs-shared.sock")); i++)
          await new Promise((r) => setTimeout(r, 50));
        const vm = start(vfsRunner, dir);
        const result = await vm.exited;
        const console_ = vm.lines.map((l) => l.text).join("\n");
        expect(console_).toContain("HOST-SAYS-HELLO");
        expect(result.code, console_).toBe(0);
        expect(readFileSync(join(shared, "from-guest"), "utf8")).toBe("GUEST-WROTE\n");
      } finally {
        if (daemon.exitCode === null && daemon.pid !== undefined) process.kill(-daemon.pid, "SIGTERM");
      }
    },
  );

  it("stops on microvm-shutdown within the timeout", async () => {
    const dir = await mkdtemp(join(state, "idle-"));
    const vm = start(idleRunner, dir);
    await vm.waitFor("ctrl-alt-del or SIGTERM powers off");
    const sent = performance.now();
    const shutdown = spawnSync(join(idleRunner, "bin", "microvm-shutdown"), [], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, MICROVM_SHUTDOWN_TIMEOUT: "60" },
    });
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    console.log(`microvm-shutdown to exit: ${Math.round(performance.now() - sent)} ms`);
    expect(shutdown.status, shutdown.stderr).toBe(0);
    expect(console_).toContain("tsden-init: powering off");
    expect(result.code, console_).toBe(0);
  });
});
