/**
 * examples/composition's microVM settings, as Ghaf sets them: a vsock CID per VM from
 * the host's table (laptops), the persistent virtiofs share, the store on an erofs disk
 * with Ghaf's flags, no closure optimizations, and an app VM's memory from its balloon
 * ratio with the balloon on; the runners the qemu-vm target builds carry them.
 */
import { describe, expect, it } from "vitest";
import { denModule, evalModules } from "tsden";
import hosts from "../../examples/composition/modules/hosts.js";
import osClass from "../../examples/composition/modules/os-class.js";
import packages from "../../examples/composition/modules/packages.js";

const host = (name: string): any =>
  evalModules({ modules: [denModule, hosts, osClass, packages] }).config.flake.osConfigurations[name].config;

describe("examples/composition: Ghaf's microVM settings", () => {
  it("gives each laptop VM its vsock CID from the host's table, and the persistent share", () => {
    const x1 = host("lenovo-x1");
    const table = x1.ghaf.networking.hosts;
    const cids = Object.keys(x1.microvm.vms).map((vm) => {
      const m = x1.microvm.vms[vm].evaluation.config.microvm;
      expect(m.vsock.cid).toBe(table[vm].cid);
      expect(m.shares).toContainEqual(
        expect.objectContaining({ tag: "ghaf-common", source: "/persist/common", proto: "virtiofs", cache: "auto" }),
      );
      return m.vsock.cid;
    });
    expect(new Set(cids).size).toBe(cids.length);
  });

  it("puts every VM's store on an erofs disk with Ghaf's flags, without the closure optimizations", () => {
    const q = host("qemu-vm");
    for (const vm of Object.keys(q.microvm.vms)) {
      const m = q.microvm.vms[vm].evaluation.config.microvm;
      expect(m.storeOnDisk).toBe(true);
      expect(m.storeDiskType).toBe("erofs");
      expect(m.storeDiskErofsFlags).toEqual(["-zlz4hc", "-Eztailpacking", "-Efragments"]);
      expect(m.optimize.enable).toBe(false);
      const fileSystems = Object.values(q.microvm.vms[vm].evaluation.config.fileSystems) as {
        device: string;
        fsType: string;
      }[];
      expect(fileSystems).toContainEqual(expect.objectContaining({ device: "/dev/vda", fsType: "erofs" }));
    }
  });

  it("sizes an app VM by its balloon ratio and turns its balloon on", () => {
    const x1 = host("lenovo-x1");
    const chromium = x1.microvm.vms["chromium-vm"].evaluation.config.microvm;
    expect(chromium.mem).toBe(1024 * 3);
    expect(chromium.balloon).toBe(true);
    expect(chromium.deflateOnOOM).toBe(true);
  });
});
