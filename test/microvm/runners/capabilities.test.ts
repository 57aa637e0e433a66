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

  it("passes the host's TSC rate to TCG guests only", async () => {
    expect(await accelKernelParams("kvm")).toEqual([]);
    const params = await accelKernelParams("tcg");
    if (params.length > 0) expect(params[0]).toMatch(/^tsc_early_khz=\d+$/);
    expect(await accelKernelParams("tcg", "/nonexistent")).toEqual([]);
  });

  it.runIf(hasQemu)(
    "counts KVM only when a kernel boots under it: a vCPU that runs no kernel is not enough",
    async () => {
      const probe = await probeKvm("/dev/null");
      expect(probe.usable).toBe(false);
      expect(probe.reason).not.toBe("");
      expect(await chooseQemuAccel("/dev/null")).toBe("tcg");
    },
  );

  it("reports a missing qemu as KVM unusable", async () => {
    const probe = await probeKvm("/dev/null", "/nonexistent/qemu", true);
    expect(probe.usable).toBe(false);
  });
});
