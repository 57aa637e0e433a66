/**
 * A microVM guest as the runners see it: a plain snapshot of the evaluated `microvm.*`
 * options (plus the host name), and the checks every runner shares. Runners are pure
 * functions of a `Guest` and the store paths of its boot files.
 */

/** The hypervisors of the reference, in its order. */
export const HYPERVISORS = ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool", "stratovirt", "alioth"] as const;

/** One of {@link HYPERVISORS}. */
export type Hypervisor = (typeof HYPERVISORS)[number];

/** The hypervisors tsden builds runners for. */
export const IMPLEMENTED_HYPERVISORS: readonly Hypervisor[] = ["qemu", "cloud-hypervisor", "firecracker", "crosvm", "kvmtool"];

/** A network interface of the guest; `id` names it on the host. */
export interface GuestInterface {
  readonly type: "user" | "tap" | "macvtap" | "bridge";
  readonly id: string;
  readonly mac: string;
  readonly bridge: string | null;
  readonly macvtap: { readonly link: string | null; readonly mode: string | null };
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
}

/** A host device passed through. */
export interface GuestDevice {
  readonly bus: "pci" | "usb";
  readonly path: string;
  readonly deviceExtraArgs: string | null;
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
  readonly deflateOnOOM: boolean;
  readonly vsockCid: number | null;
  readonly user: string | null;
  readonly preStart: string;
  readonly graphics: boolean;
  readonly qemu: { readonly machine: string; readonly extraArgs: readonly string[] };
  readonly cloudHypervisorExtraArgs: readonly string[];
  readonly crosvmExtraArgs: readonly string[];
  readonly virtiofsd: { readonly threadPoolSize: number | null; readonly extraArgs: readonly string[] };
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

/** The file descriptor the runner script opens a macvtap interface's device on (10, 11, ...). */
export function macvtapFd(guest: Pick<Guest, "interfaces">, id: string): number {
  const macvtaps = guest.interfaces.filter((i) => i.type === "macvtap");
  return 10 + macvtaps.findIndex((i) => i.id === id);
}
