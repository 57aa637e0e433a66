/**
 * What this machine can run: KVM is usable only when /dev/kvm opens read-write and a
 * kernel really boots under it (a nested /dev/kvm can open, fail on the first MSR write,
 * or run a vCPU yet hang a kernel once it leaves real mode). Decided when a VM starts,
 * cached per process and kernel.
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

/** How long the guest's kernel may take to print its banner under KVM. */
const PROBE_MS = 5000;

const cached = new Map<string, Promise<KvmProbe>>();

/**
 * Probes KVM once per process and kernel (pass `fresh` to probe again): `kernel` is booted
 * under KVM without a root file system and must reach the end of its boot (its panic
 * for want of one) within `timeoutMs` (5 s by default).
 * @example const { usable, reason } = await probeKvm(kernel.image);
 */
export function probeKvm(
  kernel: string,
  qemu = "qemu-system-x86_64",
  fresh = false,
  timeoutMs = PROBE_MS,
): Promise<KvmProbe> {
  const key = `${qemu}\0${kernel}`;
  let probed = cached.get(key);
  if (probed === undefined || fresh) cached.set(key, (probed = probe(kernel, qemu, timeoutMs)));
  return probed;
}

/** True when qemu can run `kernel` with KVM here. */
export async function kvmUsable(kernel: string, qemu = "qemu-system-x86_64"): Promise<boolean> {
  return (await probeKvm(kernel, qemu)).usable;
}

/** `kvm` when it works, otherwise `tcg` (software emulation). */
export async function chooseQemuAccel(kernel: string, qemu = "qemu-system-x86_64"): Promise<QemuAccel> {
  return (await kvmUsable(kernel, qemu)) ? "kvm" : "tcg";
}

/**
 * What a kernel booted without a root file system prints when it has run its whole boot,
 * at `loglevel=5` (its banner, a notice, is not shown there; the panic always is).
 */
const BOOTED = /Kernel panic|Linux version/;

async function probe(kernel: string, qemu: string, timeoutMs: number): Promise<KvmProbe> {
  try {
    const handle = await open("/dev/kvm", constants.O_RDWR);
    await handle.close();
  } catch (error) {
    return { usable: false, reason: `/dev/kvm cannot be opened read-write: ${(error as Error).message}` };
  }
  const args = ["-M", "microvm,accel=kvm", "-cpu", "host", "-m", "128", "-nodefaults", "-no-user-config"];
  args.push("-display", "none", "-no-reboot", "-monitor", "none", "-serial", "stdio");
  args.push("-kernel", kernel, "-append", "console=ttyS0 panic=-1 loglevel=5");
  return new Promise((resolve) => {
    const child = spawn(qemu, args, { stdio: ["ignore", "pipe", "pipe"] });
    let console = "";
    let stderr = "";
    const done = (verdict: KvmProbe) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve(verdict);
    };
    const timer = setTimeout(
      () =>
        done({
          usable: false,
          reason: `a kernel under KVM did not finish booting in ${timeoutMs} ms (a nested KVM that hangs)`,
        }),
      timeoutMs,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      console = (console + chunk.toString("latin1")).slice(-4096);
      if (BOOTED.test(console)) done({ usable: true, reason: "a kernel booted under KVM" });
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => done({ usable: false, reason: `cannot start ${qemu}: ${error.message}` }));
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") return;
      const last =
        stderr
          .trim()
          .split("\n")
          .filter((l) => !l.includes("warning"))
          .slice(-1)[0] ?? "";
      done({
        usable: false,
        reason: `a KVM guest stopped before its kernel ran (${signal ?? `exit ${code}`}): ${last}`,
      });
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
 * kernel then hangs at boot), so the host's TSC rate is passed as `tsc_early_khz`.
 */
export async function accelKernelParams(accel: QemuAccel, cpuinfo = "/proc/cpuinfo"): Promise<string[]> {
  if (accel === "kvm") return [];
  const text = await readFile(cpuinfo, "utf8").catch(() => "");
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(text)?.[1]);
  return Number.isFinite(mhz) && mhz > 0 ? [`tsc_early_khz=${Math.round(mhz * 1000)}`] : [];
}
