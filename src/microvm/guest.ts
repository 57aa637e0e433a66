/**
 * A microVM guest as the runners see it: a plain snapshot of the evaluated `microvm.*`
 * options (plus the host name), and the checks every runner shares. Runners are pure
 * functions of a `Guest` and the store paths of its boot files.
 */

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

/** A PCIe root port of qemu (hot-plug slots, fixed addresses). */
export interface PcieRootPort {
  readonly id: string;
  readonly bus: string | null;
  readonly chassis: number | null;
  readonly slot: string | null;
  readonly addr: string | null;
}

/** The guest's graphics (qemu's display backend, the vhost-user GPU socket). */
export interface GuestGraphics {
  readonly enable: boolean;
  readonly backend: "gtk" | "cocoa" | "headless";
  readonly socket: string;
  readonly vulkan: "venus" | "drm_native_context" | null;
  readonly hostmem: string;
}

/** A network interface of the guest; `id` names it on the host. */
export interface GuestInterface {
  readonly type: "user" | "tap" | "macvtap" | "bridge";
  readonly id: string;
  readonly mac: string;
  readonly bridge: string | null;
  readonly macvtap: { readonly link: string | null; readonly mode: string | null };
  /** vhost-net for tap interfaces (qemu). */
  readonly tap: { readonly vhost: boolean };
}

/** A port forwarded by qemu's user networking. */
export interface ForwardPort {
  readonly from: "host" | "guest";
  readonly proto: "tcp" | "udp";
  readonly host: { readonly address: string; readonly port: number };
  readonly guest: { readonly address: string; readonly port: number };
}

/** A disk image attached as a block device. */
export interface GuestVolume {
  readonly image: string;
  readonly size: number | null;
  readonly mountPoint: string | null;
  readonly label: string | null;
  readonly fsType: string;
  readonly autoCreate: boolean;
  readonly readOnly: boolean;
  readonly direct: boolean;
  readonly serial: string | null;
  readonly mkfsExtraArgs: readonly string[];
  /** The image's format as the hypervisor is told it (creation always makes raw images). */
  readonly imageType: "raw" | "qcow2" | "vhd" | "vhdx";
}

/** A host directory shared with the guest over 9p or virtiofs. */
export interface GuestShare {
  readonly tag: string;
  readonly source: string;
  readonly mountPoint: string;
  readonly proto: "9p" | "virtiofs";
  readonly securityModel: "passthrough" | "none" | "mapped" | "mapped-file";
  /** The virtiofsd socket (virtiofs only). */
  readonly socket: string | null;
  readonly readOnly: boolean;
  /** virtiofsd's cache policy (virtiofs only). */
  readonly cache: "auto" | "always" | "metadata" | "never";
  /** virtiofsd `--posix-acl --xattr`. */
  readonly posixAcl: boolean;
  /** More virtiofsd arguments for this share. */
  readonly extraArgs: readonly string[];
}

/** A host device passed through. */
export interface GuestDevice {
  readonly bus: "pci" | "usb";
  readonly path: string;
  readonly deviceExtraArgs: string | null;
  /** qemu's device id and bus for it. */
  readonly qemuId: string | null;
  readonly qemuBus: string | null;
}

/** Everything a runner needs to know about a guest. */
export interface Guest {
  readonly hostName: string;
  readonly hypervisor: Hypervisor;
  readonly vcpu: number;
  /** MiB. */
  readonly mem: number;
  readonly interfaces: readonly GuestInterface[];
  readonly forwardPorts: readonly ForwardPort[];
  readonly volumes: readonly GuestVolume[];
  readonly shares: readonly GuestShare[];
  readonly devices: readonly GuestDevice[];
  readonly socket: string | null;
  readonly kernelParams: readonly string[];
  readonly storeOnDisk: boolean;
  readonly balloon: boolean;
  /** MiB the balloon holds at start (cloud-hypervisor). */
  readonly initialBalloonMem: number;
  readonly deflateOnOOM: boolean;
  /** MiB of virtio-mem hot-plug memory, and how much of it is plugged at start. */
  readonly hotplugMem: number;
  readonly hotpluggedMem: number;
  /** Hugepages as guest memory (cloud-hypervisor). */
  readonly hugepageMem: boolean;
  /** The CPU model to emulate (qemu), or null for the host's. */
  readonly cpu: string | null;
  readonly vsockCid: number | null;
  /**
   * Whether the guest reports its boot over vsock (with `vsockCid`, on a guest base
   * that can: see `runners/notify.ts`).
   */
  readonly notifyOverVsock: boolean;
  readonly user: string | null;
  readonly preStart: string;
  /** A command whose output (one line) is appended to the hypervisor's arguments at start. */
  readonly extraArgsScript: string | null;
  /** Start the hypervisor as `microvm@<hostName>`. */
  readonly prettyProcnames: boolean;
  /** The SMBIOS system UUID (qemu) and machined id. */
  readonly machineId: string | null;
  readonly registerWithMachined: boolean;
  /** systemd credentials: name to host file. */
  readonly credentialFiles: Readonly<Record<string, string>>;
  readonly graphics: GuestGraphics;
  readonly qemu: {
    readonly machine: string;
    readonly machineOpts: Readonly<Record<string, string>> | null;
    readonly extraArgs: readonly string[];
    readonly serialConsole: boolean;
    readonly pcieRootPorts: readonly PcieRootPort[];
  };
  readonly cloudHypervisor: { readonly extraArgs: readonly string[]; readonly platformOEMStrings: readonly string[] };
  readonly crosvm: { readonly extraArgs: readonly string[]; readonly pivotRoot: string | null };
  readonly firecracker: {
    readonly cpu: Readonly<Record<string, unknown>> | null;
    readonly driveIoEngine: "Async" | "Sync";
    readonly extraArgs: readonly string[];
    readonly extraConfig: Readonly<Record<string, unknown>>;
  };
  readonly virtiofsd: {
    readonly threadPoolSize: number | null;
    readonly inodeFileHandles: "never" | "prefer" | "mandatory" | null;
    readonly group: string | null;
    readonly extraArgs: readonly string[];
  };
  /** Extra scripts placed in the runner's `bin/`. */
  readonly binScripts: Readonly<Record<string, string>>;
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
