/**
 * A guest that cannot run its job makes microvm-run fail: a volume whose file system
 * is damaged stops stage 1 with a message saying so, and qemu exits 3 (the init's
 * report through isa-debug-exit). A volume that cannot be created (no mkfs) leaves no
 * partial image. One TCG boot.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { osModules } from "../../src/os/index.js";
import { realisePackage, type Package } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { bootRunner } from "../os/rootfs-runner.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

describe.skipIf(!hasQemu)("a guest that cannot run its job", () => {
  const store = new Store();
  let state: string;
  let runner: string;

  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "tsden-guest-failure-"));
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        {
          _file: "guest-failure.test.ts",
          networking: { hostName: "mvm-broken" },
          microvm: {
            mem: 256,
            volumes: [{ image: "data.img", size: 16, mountPoint: "/data", label: "data" }],
            shares: [{ tag: "store", source: store.root, mountPoint: store.root, proto: "9p" }],
          },
          boot: { postBootCommands: "echo JOB-RAN", poweroffAfterCommands: true },
        },
      ],
      specialArgs: { store },
    }).config as unknown as { microvm: { declaredRunner: Package } };
    runner = await realisePackage(store, config.microvm.declaredRunner);
  }, 600_000);
  afterAll(async () => {
    await rm(state, { recursive: true, force: true });
  });

  it("a volume with a damaged file system: stage 1 says so and microvm-run exits 3", async () => {
    const dir = await mkdtemp(join(state, "damaged-"));
    await writeFile(join(dir, "data.img"), Buffer.alloc(16 * 1024 * 1024, 0x5a));
    const vm = bootRunner(runner, dir, 300_000);
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    expect(console_).toContain(
      "tsden-init: FAILED: no file system labelled data: its disk is missing, or the file system on it is damaged",
    );
    expect(console_).not.toContain("JOB-RAN");
    expect(result.code, console_).toBe(3);
  }, 320_000);

  it("a volume that cannot be created (no mkfs on PATH) fails the start and leaves no partial image", async () => {
    const dir = await mkdtemp(join(state, "no-mkfs-"));
    const r = spawnSync(join(runner, "bin", "microvm-run"), [], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PATH: "/nonexistent" },
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
