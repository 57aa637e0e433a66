/**
 * `tsden eval` of a whole VM entry and of a whole host configuration (through the real
 * binary): serializing reads every runner without building or checking it, so a
 * guest that some hypervisors cannot run still prints.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const tsden = (args: string[], project = "examples/composition") =>
  spawnSync(process.execPath, [bin, ...args, "--project", project, "--json"], {
    cwd: root,
    encoding: "utf8",
  });

describe("tsden eval of microVMs", () => {
  it("prints a whole VM entry, with every hypervisor's runner by name", () => {
    const r = tsden(["eval", 'osConfigurations.qemu-vm.config.microvm.vms."gui-vm"']);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const vm = JSON.parse(r.stdout);
    const guest = vm.evaluatedConfig.config;
    expect(guest.networking.hostName).toBe("gui-vm");
    expect(Object.keys(guest.microvm.runner).sort()).toEqual([
      "cloud-hypervisor",
      "crosvm",
      "firecracker",
      "kvmtool",
      "qemu",
    ]);
    expect(guest.microvm.runner.firecracker).toEqual({ type: "derivation", name: "microvm-firecracker-gui-vm" });
    expect(vm.runner.name).toBe("microvm-qemu-gui-vm");
  });

  it("prints a whole VM entry declared by its modules (config), with its evaluated guest", () => {
    const r = tsden(["eval", 'osConfigurations.server.config.microvm.vms."guest-microvm"'], "examples/microvm");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const vm = JSON.parse(r.stdout);
    expect(vm.evaluatedConfig).toBe(null);
    expect(vm.config.networking.hostName).toBe("guest-microvm");
    expect(vm.config.microvm.declaredRunner).toEqual({ type: "derivation", name: "microvm-qemu-guest-microvm" });
    expect(vm.config.microvm.systemSymlink).toBe(!vm.config.microvm.storeOnDisk);
    expect(vm.runner.name).toBe("microvm-qemu-guest-microvm");
  });

  it("prints a whole host configuration", () => {
    const r = tsden(["eval", "osConfigurations.qemu-vm.config"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).microvm.vms)).toContain("gui-vm");
  });
});
