/**
 * A microVM guest as the runners see it: a plain snapshot of the evaluated `microvm.*`
 * options (plus the host name), and the checks every runner shares. Runners are pure
 * functions of a `Guest` and the store paths of its boot files.
 */

import type { MicrovmOptions } from "./options.js";

/** The hypervisors tsden builds runners for (the reference's, in its order, less the ones below). */
export const HYPERVISORS = ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool"] as const;

/**
 * The reference's other hypervisors, with why tsden has no runner for them: asking for
 * one is an evaluation error that says so.
 */
export const UNSUPPORTED_HYPERVISORS: Readonly<Record<string, string>> = {
  stratovirt:
    "stratovirt is not packaged for Debian and its command line changes between releases; no runner could be checked against it",
  alioth: "alioth is not packaged for Debian and has no stable command line yet; no runner could be checked against it",
  vfkit: "vfkit runs only on macOS (Apple's Virtualization framework)",
};

/** One of {@link HYPERVISORS}. */
export type Hypervisor = (typeof HYPERVISORS)[number];

/** The hypervisors tsden builds runners for. */
export const IMPLEMENTED_HYPERVISORS: readonly Hypervisor[] = HYPERVISORS;

/** The host programs a runner starts; each is a command name or an absolute path. */
export interface GuestBinaries {
  readonly qemu: string;
  readonly "cloud-hypervisor": string;
  readonly firecracker: string;
  readonly crosvm: string;
  readonly kvmtool: string;
  /** Empty: the runner looks for `virtiofsd` on PATH, then in /usr/libexec and /usr/lib/qemu. */
  readonly virtiofsd: string;
}

/** The programs used when no `*.package` option names another. */
export const DEFAULT_BINARIES: GuestBinaries = {
  qemu: "qemu-system-x86_64",
  "cloud-hypervisor": "cloud-hypervisor",
  firecracker: "firecracker",
  crosvm: "crosvm",
  kvmtool: "lkvm",
  virtiofsd: "",
};

/** `microvm.*` as evaluated: the options a guest snapshot is taken from. */
type Options = MicrovmOptions;

/** A PCIe root port of qemu (hot-plug slots, fixed addresses). */
export type PcieRootPort = Options["qemu"]["pcieRootPorts"][number];

/** The guest's graphics (qemu's display backend, the vhost-user GPU socket). */
export type GuestGraphics = Omit<Options["graphics"], "crosvmPackage">;

/** A network interface of the guest; `id` names it on the host. */
export type GuestInterface = Options["interfaces"][number];

/** A port forwarded by qemu's user networking. */
export type ForwardPort = Options["forwardPorts"][number];

/** A disk image attached as a block device. */
export type GuestVolume = Options["volumes"][number];

/** A host directory shared with the guest over 9p or virtiofs. */
export type GuestShare = Options["shares"][number];

type Device = Options["devices"][number];

/** A host device passed through, its qemu settings flattened (`qemuId`, `qemuBus`). */
export interface GuestDevice extends Pick<Device, "bus" | "path"> {
  readonly deviceExtraArgs: Device["qemu"]["deviceExtraArgs"];
  readonly qemuId: Device["qemu"]["id"];
  readonly qemuBus: Device["qemu"]["bus"];
}

/** A hypervisor's options without the package that provides it (the runner gets `bin`). */
type Settings<K extends keyof Options> = Omit<Options[K], "package">;

/**
 * Everything a runner needs to know about a guest: the `microvm.*` options it reads
 * (their meaning is in their declarations), the host name, and the programs to run.
 */
export interface Guest
  extends Pick<
    Options,
    | "mem"
    | "vcpu"
    | "interfaces"
    | "forwardPorts"
    | "volumes"
    | "shares"
    | "socket"
    | "kernelParams"
    | "storeOnDisk"
    | "balloon"
    | "initialBalloonMem"
    | "deflateOnOOM"
    | "hotplugMem"
    | "hotpluggedMem"
    | "hugepageMem"
    | "cpu"
    | "user"
    | "preStart"
    | "extraArgsScript"
    | "prettyProcnames"
    | "machineId"
    | "registerWithMachined"
    | "credentialFiles"
    | "binScripts"
  > {
  readonly hostName: string;
  readonly hypervisor: Hypervisor;
  readonly devices: readonly GuestDevice[];
  /** `microvm.vsock.cid`. */
  readonly vsockCid: Options["vsock"]["cid"];
  /**
   * Whether the guest reports its boot over vsock (with `vsockCid`, on a guest base
   * that can: see `runners/notify.ts`).
   */
  readonly notifyOverVsock: boolean;
  readonly graphics: GuestGraphics;
  readonly qemu: Settings<"qemu">;
  readonly cloudHypervisor: Settings<"cloud-hypervisor">;
  readonly crosvm: Settings<"crosvm">;
  readonly firecracker: Settings<"firecracker">;
  /** `threadPoolSize` null: the host's CPU count. */
  readonly virtiofsd: Omit<Settings<"virtiofsd">, "threadPoolSize"> & { readonly threadPoolSize: number | null };
  readonly bin: GuestBinaries;
}

/** The files a guest boots from, as absolute paths on the host. */
export interface BootFiles {
  /** A bzImage (qemu, kvmtool, crosvm). */
  readonly kernel: string;
  /** The uncompressed ELF image cloud-hypervisor and firecracker load on x86_64. */
  readonly vmlinux: string;
  readonly initrd: string;
  /** The read-only store image, when `storeOnDisk`. */
  readonly storeDisk: string | null;
  /** The relay qemu runs for each connection of a guest-side forward (inside the runner). */
  readonly guestForward?: string;
  /**
   * Store paths the guest reads from the host's store share at boot (its top level):
   * the run script refuses to start, exit code 1, when one is missing.
   */
  readonly requires?: readonly string[];
}

/** A volume with the guest device it shows up as (`/dev/vdX`). */
export interface LetteredVolume extends GuestVolume {
  readonly letter: string;
}

/** Volumes with their drive letters: the store disk, when there is one, is `vda`. */
export function withDriveLetters(guest: Pick<Guest, "volumes" | "storeOnDisk">): LetteredVolume[] {
  const offset = guest.storeOnDisk ? 1 : 0;
  return guest.volumes.map((volume, i) => ({ ...volume, letter: driveLetters(i + offset) }));
}

/** `a`..`z`, then `aa`, `ab`... as Linux names virtio disks. */
export function driveLetters(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** Whether any share uses `proto`. */
export function hasShareProto(guest: Pick<Guest, "shares">, proto: GuestShare["proto"]): boolean {
  return guest.shares.some((s) => s.proto === proto);
}

/** Hypervisors that open a multi-queue tap with one queue per vCPU (others fail with EINVAL on it). */
export const MULTI_QUEUE_TAP: readonly Hypervisor[] = ["qemu", "cloud-hypervisor"];

/** Whether the guest's taps are multi-queue: more than one vCPU, on a hypervisor that opens them so. */
export function tapMultiQueue(guest: Pick<Guest, "vcpu" | "hypervisor">): boolean {
  return guest.vcpu > 1 && MULTI_QUEUE_TAP.includes(guest.hypervisor);
}

/** How many queues (file descriptors) each macvtap interface opens. */
export function macvtapQueues(guest: Pick<Guest, "vcpu" | "hypervisor">): number {
  return tapMultiQueue(guest) ? guest.vcpu : 1;
}

/**
 * The file descriptors the runner script opens a macvtap interface's device on: from
 * 10 on, one per queue, interfaces one after the other.
 */
export function macvtapFds(guest: Pick<Guest, "interfaces" | "vcpu" | "hypervisor">, id: string): number[] {
  const macvtaps = guest.interfaces.filter((i) => i.type === "macvtap");
  const queues = macvtapQueues(guest);
  const first = 10 + macvtaps.findIndex((i) => i.id === id) * queues;
  return Array.from({ length: queues }, (_, q) => first + q);
}

/** The first of {@link macvtapFds}. */
export function macvtapFd(guest: Pick<Guest, "interfaces" | "vcpu" | "hypervisor">, id: string): number {
  return macvtapFds(guest, id)[0]!;
}
