import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  accelKernelParams,
  chooseQemuAccel,
  microvmMachineOptions,
  probeKvm,
} from "../../../src/microvm/runners/capabilities.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

describe("capabilities", () => {
  it("keeps the PIT under TCG and drops legacy timers under KVM", () => {
    expect(microvmMachineOptions("kvm")).toBe("microvm,accel=kvm,acpi=on,mem-merge=on,pcie=on,pic=off,pit=off,usb=off");
    expect(microvmMachineOptions("tcg")).toBe("microvm,accel=tcg,acpi=on,mem-merge=on,pcie=on,pic=off,pit=on,usb=off");
  });

  it("passes the host's TSC rate to TCG guests only, and has them trust their TSC", async () => {
    expect(await accelKernelParams("kvm")).toEqual([]);
    const params = await accelKernelParams("tcg");
    expect(params[0]).toBe("tsc=reliable");
    if (params.length > 1) expect(params[1]).toMatch(/^tsc_early_khz=\d+$/);
    expect(await accelKernelParams("tcg", "/nonexistent")).toEqual(["tsc=reliable"]);
  });

  it.runIf(hasQemu)("probes KVM by running a guest and explains the verdict", async () => {
    const probe = await probeKvm();
    expect(probe.reason).not.toBe("");
    expect(await chooseQemuAccel()).toBe(probe.usable ? "kvm" : "tcg");
  });

  it("reports a missing qemu as KVM unusable", async () => {
    const probe = await probeKvm("/nonexistent/qemu", true);
    expect(probe.usable).toBe(false);
    await probeKvm(undefined, true);
  });
});
