/**
 * The cloud-hypervisor, firecracker, crosvm and kvmtool command lines (and firecracker's
 * configuration file) use only flags, keys and values their own parsers accept
 * (`hypervisor-flags.ts` says where each list comes from), for a spread of guests.
 */
import { describe, expect, it } from "vitest";
import type { Guest, Hypervisor } from "../../../src/microvm/guest.js";
import { checkGuest, checkSupport } from "../../../src/microvm/runners/check.js";
import { cloudHypervisorCommand } from "../../../src/microvm/runners/cloud-hypervisor.js";
import { crosvmCommand } from "../../../src/microvm/runners/crosvm.js";
import { firecrackerCommand, firecrackerConfig } from "../../../src/microvm/runners/firecracker.js";
import { kvmtoolCommand } from "../../../src/microvm/runners/kvmtool.js";
import { renderTapUp } from "../../../src/microvm/runners/scripts.js";
import { base, filesWithStoreDisk, goldenGuests, iface, share, vol } from "../fixtures.js";
import * as table from "./hypervisor-flags.js";

/** Splits `a=1,b=[x,y],c` at top-level commas. */
function splitTop(value: string, sep = ","): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of value) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The problems of `args` (without the program) under `t`; `positional` says which bare words are fine. */
function problems(
  t: table.FlagTable,
  args: readonly string[],
  positional: (word: string, i: number) => boolean,
  implicitFirst: readonly string[] = [],
): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (!flag.startsWith("-")) {
      if (!positional(flag, i)) found.push(`unexpected word ${JSON.stringify(flag)}`);
      continue;
    }
    const arity = t.flags[flag];
    if (arity === undefined) {
      found.push(`unknown flag ${flag}`);
      continue;
    }
    if (arity === "switch") continue;
    const values: string[] = [];
    if (eq > 0) values.push(word.slice(eq + 1));
    else {
      do values.push(args[++i] ?? "");
      while (arity === "many" && i + 1 < args.length && !args[i + 1]!.startsWith("-"));
    }
    const keys = t.keys[flag];
    if (keys === undefined) continue;
    for (const value of values) {
      splitTop(value).forEach((part, j) => {
        const key = part.includes("=") ? part.slice(0, part.indexOf("=")) : part;
        if (j === 0 && !part.includes("=") && implicitFirst.includes(flag)) return;
        if (!keys.includes(key)) found.push(`${flag}: unknown key ${JSON.stringify(key)} in ${JSON.stringify(value)}`);
      });
    }
  }
  return found;
}

const tap = iface({ type: "tap", id: "vm-demo", mac: "02:00:00:00:00:01" });
const macvtap = iface({
  type: "macvtap",
  id: "mvt0",
  mac: "02:00:00:00:00:03",
  macvtap: { link: "eth0", mode: "bridge" },
});
const virtiofs = share({
  tag: "fs",
  source: "/srv/fs",
  mountPoint: "/fs",
  proto: "virtiofs",
  socket: "demo-virtiofs-fs.sock",
});
const p9 = share({ tag: "data", source: "/srv/data", mountPoint: "/data" });

/** Guests per hypervisor: the fixtures' one and variants with each option that changes the command line. */
const guests: Record<Exclude<Hypervisor, "qemu">, Guest[]> = {
  "cloud-hypervisor": [
    goldenGuests["cloud-hypervisor"],
    {
      ...base,
      hypervisor: "cloud-hypervisor",
      vcpu: 4,
      interfaces: [tap, macvtap],
      balloon: true,
      initialBalloonMem: 64,
      hotplugMem: 512,
      hotpluggedMem: 256,
      hugepageMem: true,
      vsockCid: 9,
      storeOnDisk: true,
      cloudHypervisor: { extraArgs: [], platformOEMStrings: ["io.systemd.credential:A=b"] },
      volumes: [vol({ image: "q.qcow2", imageType: "qcow2", autoCreate: false, serial: "s1", direct: true })],
      devices: [{ bus: "pci", path: "0000:01:00.0", deviceExtraArgs: null, qemuId: null, qemuBus: null }],
    },
  ],
  firecracker: [
    goldenGuests.firecracker,
    {
      ...base,
      hypervisor: "firecracker",
      vcpu: 2,
      interfaces: [tap],
      vsockCid: 4,
      firecracker: {
        cpu: { cpuid_modifiers: [] },
        driveIoEngine: "Sync",
        extraArgs: ["--enable-pci"],
        extraConfig: { "machine-config": { track_dirty_pages: true } },
      },
    },
  ],
  crosvm: [
    goldenGuests.crosvm,
    {
      ...base,
      hypervisor: "crosvm",
      vcpu: 2,
      interfaces: [tap, macvtap],
      balloon: true,
      storeOnDisk: true,
      shares: [p9, virtiofs],
      volumes: [vol({ image: "v.img", serial: "s1", readOnly: true, direct: true })],
      crosvm: { extraArgs: [], pivotRoot: "/var/empty" },
      devices: [{ bus: "pci", path: "0000:01:00.0", deviceExtraArgs: null, qemuId: null, qemuBus: null }],
    },
  ],
  kvmtool: [
    goldenGuests.kvmtool,
    {
      ...base,
      hypervisor: "kvmtool",
      vcpu: 2,
      interfaces: [tap, macvtap],
      balloon: true,
      vsockCid: 6,
      volumes: [vol({ image: "a.img", direct: true }), vol({ image: "b.img", readOnly: true })],
      devices: [{ bus: "pci", path: "0000:01:00.0", deviceExtraArgs: null, qemuId: null, qemuBus: null }],
    },
  ],
};

describe("command lines the hypervisors' parsers accept", () => {
  for (const guest of guests["cloud-hypervisor"]) {
    it(`cloud-hypervisor: ${guest.interfaces.length} interfaces, ${guest.volumes.length} volumes, vsock ${guest.vsockCid}`, () => {
      checkGuest(guest);
      checkSupport(guest, "cloud-hypervisor");
      const args = cloudHypervisorCommand(guest, filesWithStoreDisk).slice(1);
      // --api-socket takes a bare path too (main.rs: parse_api_socket falls back to the whole value)
      expect(problems(table.cloudHypervisor, args, () => false, ["--api-socket"])).toEqual([]);
      expect(table.cloudHypervisorSeccomp).toContain(args[args.indexOf("--seccomp") + 1]);
      // one fd per queue for macvtap
      const net = args.find((a) => a.startsWith("fd=["));
      if (guest.vcpu > 1 && net !== undefined)
        expect(net).toMatch(new RegExp(`fd=\\[${Array.from({ length: guest.vcpu }, (_, i) => 10 + i).join(",")}\\]`));
    });
  }

  for (const guest of guests.firecracker) {
    it(`firecracker: flags and configuration fields (vsock ${guest.vsockCid})`, () => {
      checkGuest(guest);
      checkSupport(guest, "firecracker");
      expect(problems(table.firecracker, firecrackerCommand(guest, "/c.json").slice(1), () => false)).toEqual([]);
      const config = firecrackerConfig(guest, filesWithStoreDisk, "/cpu.json");
      for (const [section, value] of Object.entries(config)) {
        expect(Object.keys(table.firecrackerConfig), section).toContain(section);
        const fields = table.firecrackerConfig[section];
        if (fields === null || fields === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value])
          for (const k of Object.keys(item as object)) expect(fields, `${section}.${k}`).toContain(k);
      }
    });
  }

  for (const guest of guests.crosvm) {
    it(`crosvm run: ${guest.shares.length} shares, ${guest.interfaces.length} interfaces`, () => {
      checkGuest(guest);
      checkSupport(guest, "crosvm");
      const args = crosvmCommand(guest, filesWithStoreDisk).slice(1);
      expect(args[0]).toBe("run");
      const last = args.length - 1;
      expect(
        problems(table.crosvm, args, (w, i) => (i === 0 && w === "run") || i === last, ["--block", "--vfio"]),
      ).toEqual([]);
      for (let i = 0; i < args.length; i++) {
        if (args[i] !== "--shared-dir") continue;
        const [, , ...opts] = args[i + 1]!.split(":");
        for (const o of opts) expect(table.crosvmSharedDirKeys).toContain(o.split("=")[0]);
      }
      // multi-queue taps are only for qemu and cloud-hypervisor: crosvm opens a single-queue tap
      expect(args.join(" ")).not.toMatch(/vq-pairs|multi_queue/);
    });
  }

  for (const guest of guests.kvmtool) {
    it(`lkvm run: ${guest.volumes.length} volumes, ${guest.interfaces.length} interfaces`, () => {
      checkGuest(guest);
      checkSupport(guest, "kvmtool");
      const args = kvmtoolCommand(guest, filesWithStoreDisk).slice(1);
      expect(args[0]).toBe("run");
      expect(problems(table.kvmtool, args, (w, i) => i === 0 && w === "run")).toEqual([]);
      const disks = args.filter((a) => a === "-d").length;
      expect(disks).toBeLessThanOrEqual(table.KVMTOOL_MAX_DISKS);
    });
  }

  it("makes multi-queue taps only for qemu and cloud-hypervisor (the others open a tap single-queue: EINVAL on a multi-queue one)", () => {
    for (const hypervisor of ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool"] as const) {
      const script = renderTapUp({ ...base, hypervisor, vcpu: 2, interfaces: [tap] });
      expect(script.includes("multi_queue"), hypervisor).toBe(
        hypervisor === "qemu" || hypervisor === "cloud-hypervisor",
      );
    }
  });

  it("kvmtool refuses more disks than it has slots for, at evaluation", () => {
    const guest = {
      ...base,
      hypervisor: "kvmtool" as const,
      storeOnDisk: true,
      volumes: ["a", "b", "c", "d"].map((n) => vol({ image: `${n}.img` })),
    };
    expect(() => checkSupport(guest, "kvmtool")).toThrow(/at most 4 disks/);
  });
});
