/**
 * What this machine can run: KVM is usable only when /dev/kvm opens read-write and a
 * qemu vCPU actually starts under it (a nested /dev/kvm can open yet fail on the first
 * MSR write). Decided when a VM starts, cached per process.
 */
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import type { Hypervisor } from "../guest.js";

/** The result of probing KVM, with the reason when it is not usable. */
export interface KvmProbe {
  readonly usable: boolean;
  readonly reason: string;
}

/** qemu's accelerator choice. */
export type QemuAccel = "kvm" | "tcg";

/** How long a KVM guest must survive for KVM to count as working. */
const PROBE_MS = 1500;

let cached: Promise<KvmProbe> | undefined;

/** Probes KVM once per process (pass `fresh` to probe again). */
export function probeKvm(qemu = "qemu-system-x86_64", fresh = false): Promise<KvmProbe> {
  if (cached === undefined || fresh) cached = probe(qemu);
  return cached;
}

/** True when qemu can run a guest with KVM here. */
export async function kvmUsable(qemu = "qemu-system-x86_64"): Promise<boolean> {
  return (await probeKvm(qemu)).usable;
}

/** `kvm` when it works, otherwise `tcg` (software emulation). */
export async function chooseQemuAccel(qemu = "qemu-system-x86_64"): Promise<QemuAccel> {
  return (await kvmUsable(qemu)) ? "kvm" : "tcg";
}

async function probe(qemu: string): Promise<KvmProbe> {
  try {
    const handle = await open("/dev/kvm", constants.O_RDWR);
    await handle.close();
  } catch (error) {
    return { usable: false, reason: `/dev/kvm cannot be opened read-write: ${(error as Error).message}` };
  }
  const args = ["-M", "microvm,accel=kvm", "-cpu", "host", "-m", "32", "-nodefaults", "-no-user-config"];
  args.push("-display", "none", "-no-reboot", "-serial", "none", "-monitor", "none");
  return new Promise((resolve) => {
    const child = spawn(qemu, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ usable: true, reason: `a KVM guest ran for ${PROBE_MS} ms` });
    }, PROBE_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ usable: false, reason: `cannot start ${qemu}: ${error.message}` });
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") return;
      const last =
        stderr
          .trim()
          .split("\n")
          .filter((l) => !l.includes("warning"))
          .slice(-1)[0] ?? "";
      resolve({ usable: false, reason: `a KVM guest stopped at once (${signal ?? `exit ${code}`}): ${last}` });
    });
  });
}

/**
 * qemu's `-M microvm` options for `accel`. Under TCG the guest has no kvm-clock, so the
 * PIT stays on for TSC calibration (with `pit=off` Debian's kernel hangs at boot).
 */
export function microvmMachineOptions(accel: QemuAccel, bus: { pcie?: boolean; usb?: boolean } = {}): string {
  const timers = accel === "kvm" ? "pic=off,pit=off" : "pic=off,pit=on";
  const onOff = (b: boolean | undefined, fallback: boolean) => ((b ?? fallback) ? "on" : "off");
  return `microvm,accel=${accel},acpi=on,mem-merge=on,pcie=${onOff(bus.pcie, true)},${timers},usb=${onOff(bus.usb, false)}`;
}

/** A guest feature whose support differs between hypervisors. */
export type Feature =
  | "share-9p"
  | "share-virtiofs"
  | "interface-user"
  | "interface-tap"
  | "interface-macvtap"
  | "interface-bridge"
  | "forward-ports"
  | "device-pci"
  | "device-usb"
  | "volume-serial"
  | "volume-direct"
  | "balloon"
  | "vsock"
  | "user"
  | "graphics"
  | "no-socket"
  | "cpu"
  | "credential-files"
  | "hotplug-mem"
  | "initial-balloon-mem"
  | "share-9p-read-only"
  | "tap-vhost"
  | "image-type"
  | "pcie-root-ports";

/** Which hypervisors support each feature (as the reference's runners do). */
export const SUPPORT: Readonly<Record<Feature, readonly Hypervisor[]>> = {
  "share-9p": ["qemu", "crosvm", "kvmtool"],
  "share-virtiofs": ["qemu", "cloud-hypervisor", "crosvm"],
  "interface-user": ["qemu", "kvmtool"],
  "interface-tap": ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool"],
  "interface-macvtap": ["qemu", "cloud-hypervisor", "crosvm", "kvmtool"],
  "interface-bridge": ["qemu"],
  "forward-ports": ["qemu"],
  "device-pci": ["qemu", "cloud-hypervisor", "crosvm", "kvmtool"],
  "device-usb": ["qemu"],
  "volume-serial": ["qemu", "cloud-hypervisor", "crosvm"],
  "volume-direct": ["qemu", "cloud-hypervisor", "crosvm", "kvmtool"],
  balloon: ["qemu", "cloud-hypervisor", "crosvm", "kvmtool"],
  vsock: ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool"],
  user: ["qemu"],
  graphics: ["qemu"],
  "no-socket": ["qemu", "cloud-hypervisor", "crosvm", "kvmtool"],
  cpu: ["qemu"],
  "credential-files": ["qemu"],
  "hotplug-mem": ["qemu", "cloud-hypervisor"],
  "initial-balloon-mem": ["cloud-hypervisor"],
  "share-9p-read-only": ["qemu"],
  "tap-vhost": ["qemu"],
  "image-type": ["qemu", "cloud-hypervisor"],
  "pcie-root-ports": ["qemu"],
};

/** Hypervisors with a graceful shutdown through their control socket. */
export const GRACEFUL_SHUTDOWN: readonly Hypervisor[] = ["qemu", "cloud-hypervisor", "firecracker", "crosvm"];

/**
 * Kernel parameters a guest needs under `accel`. Under TCG the guest reads the host's
 * TSC, and calibrating it against the emulated PIT fails when the host is busy (the
 * kernel then hangs at boot), so the host's TSC rate is passed as `tsc_early_khz`; and
 * `tsc=reliable`, since on a busy host the clocksource watchdog can find qemu's steady
 * TSC "unstable" and fall back to jiffies, after which an idle guest may wait forever
 * for a timer tick (the runners' `microvm-run` passes the same).
 */
export async function accelKernelParams(accel: QemuAccel, cpuinfo = "/proc/cpuinfo"): Promise<string[]> {
  if (accel === "kvm") return [];
  const text = await readFile(cpuinfo, "utf8").catch(() => "");
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(text)?.[1]);
  return ["tsc=reliable", ...(Number.isFinite(mhz) && mhz > 0 ? [`tsc_early_khz=${Math.round(mhz * 1000)}`] : [])];
}
