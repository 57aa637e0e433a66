/**
 * A guest whose kernel panics ends microvm-run with status 1: the runner gives qemu a
 * pvpanic device and `-action panic=exit-failure` (this machine's qemu 7.2 has it),
 * stage 1 loads the guest's pvpanic driver first, and the panic (forced here through
 * /proc/sysrq-trigger once the guest has booted) reaches qemu instead of the silent
 * reboot `panic=-1` asks for, which qemu counted as a power-off (status 0). One boot,
 * under TCG (MICROVM_ACCEL=tcg: a nested /dev/kvm can pass the runner's probe and still
 * not boot a guest); `tsden run` returns microvm-run's status.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { evalModules } from "../../src/modules/index.js";
import { osModules } from "../../src/os/index.js";
import { type Package, realisePackage } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { bootRunner } from "../os/rootfs-runner.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

describe.skipIf(!hasQemu)("a guest whose kernel panics", () => {
  const store = new Store();
  let state: string;
  let runner: string;

  const accel = process.env.MICROVM_ACCEL;

  beforeAll(async () => {
    process.env.MICROVM_ACCEL = "tcg";
    state = await mkdtemp(join(tmpdir(), "tsden-guest-panic-"));
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        {
          _file: "guest-panic.test.ts",
          networking: { hostName: "mvm-panics" },
          microvm: {
            mem: 256,
            shares: [{ tag: "store", source: store.root, mountPoint: store.root, proto: "9p" }],
          },
          boot: {
            postBootCommands: "echo ABOUT-TO-PANIC; echo c > /proc/sysrq-trigger; echo STILL-RUNNING",
            poweroffAfterCommands: true,
          },
        },
      ],
      specialArgs: { store },
    }).config as unknown as { microvm: { declaredRunner: Package } };
    runner = await realisePackage(store, config.microvm.declaredRunner);
  }, 600_000);
  afterAll(async () => {
    if (accel === undefined) delete process.env.MICROVM_ACCEL;
    else process.env.MICROVM_ACCEL = accel;
    await rm(state, { recursive: true, force: true });
  });

  it("microvm-run exits 1, not 0", async () => {
    const vm = bootRunner(runner, state, 600_000);
    const result = await vm.exited;
    const console_ = vm.lines.map((l) => l.text).join("\n");
    expect(console_).toContain("ABOUT-TO-PANIC");
    expect(console_).toContain("Kernel panic - not syncing");
    expect(console_).not.toContain("STILL-RUNNING");
    expect(console_).not.toContain("tsden-init: powering off");
    expect(result.signal, console_).toBeNull();
    expect(result.code, console_).toBe(1);
  }, 620_000);
});
