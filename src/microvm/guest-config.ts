/** The evaluated shape of `microvm.*` and its conversion to the runners' `Guest`. */
import type { Package } from "../store/package.js";
import type { ForwardPort, Guest, GuestDevice, GuestInterface, GuestShare, GuestVolume, Hypervisor } from "./guest.js";

/** `microvm.*` after evaluation. */
export interface MicrovmOptions {
  readonly guest: { readonly enable: boolean };
  readonly hypervisor: Hypervisor;
  readonly vcpu: number;
  readonly mem: number;
  readonly balloon: boolean;
  readonly deflateOnOOM: boolean;
  readonly interfaces: readonly GuestInterface[];
  readonly forwardPorts: readonly ForwardPort[];
  readonly volumes: readonly GuestVolume[];
  readonly shares: readonly GuestShare[];
  readonly devices: readonly { readonly bus: "pci" | "usb"; readonly path: string; readonly qemu: { readonly deviceExtraArgs: string | null } }[];
  readonly socket: string | null;
  readonly user: string | null;
  readonly preStart: string;
  readonly kernel: Package | string;
  readonly initrd: Package | string;
  readonly kernelParams: readonly string[];
  readonly storeOnDisk: boolean;
  readonly storeDiskType: "erofs" | "squashfs";
  readonly storeDisk: Package;
  readonly writableStoreOverlay: string | null;
  readonly vsock: { readonly cid: number | null };
  readonly graphics: { readonly enable: boolean };
  readonly qemu: { readonly machine: string; readonly extraArgs: readonly string[] };
  readonly "cloud-hypervisor": { readonly extraArgs: readonly string[] };
  readonly crosvm: { readonly extraArgs: readonly string[] };
  readonly virtiofsd: { readonly threadPoolSize: number | null; readonly extraArgs: readonly string[] };
  readonly runner: Readonly<Record<Hypervisor, Package>>;
  readonly declaredRunner: Package;
}

/** The parts of an `os` configuration with the guest module that the microVM layer reads. */
export interface MicrovmConfig {
  readonly microvm: MicrovmOptions;
  readonly networking: { readonly hostName: string };
  readonly boot: { readonly kernelParams: readonly string[] };
  readonly system: { readonly build: { readonly kernel: Package; readonly initialRamdisk: Package; readonly toplevel: Package } };
}

/** A plain snapshot of `config.microvm` for the runners (boot packages excluded). */
export function guestOf(config: MicrovmConfig): Guest {
  const m = config.microvm;
  const plain = <T>(xs: readonly T[]): T[] => xs.map((x) => JSON.parse(JSON.stringify(x)) as T);
  const devices: GuestDevice[] = m.devices.map((d) => ({ bus: d.bus, path: d.path, deviceExtraArgs: d.qemu.deviceExtraArgs }));
  return {
    hostName: config.networking.hostName,
    hypervisor: m.hypervisor,
    vcpu: m.vcpu,
    mem: m.mem,
    interfaces: plain(m.interfaces),
    forwardPorts: plain(m.forwardPorts),
    volumes: plain(m.volumes),
    shares: plain(m.shares),
    devices,
    socket: m.socket,
    kernelParams: [...m.kernelParams],
    storeOnDisk: m.storeOnDisk,
    balloon: m.balloon,
    deflateOnOOM: m.deflateOnOOM,
    vsockCid: m.vsock.cid,
    user: m.user,
    preStart: m.preStart,
    graphics: m.graphics.enable,
    qemu: { machine: m.qemu.machine, extraArgs: [...m.qemu.extraArgs] },
    cloudHypervisorExtraArgs: [...m["cloud-hypervisor"].extraArgs],
    crosvmExtraArgs: [...m.crosvm.extraArgs],
    virtiofsd: { threadPoolSize: m.virtiofsd.threadPoolSize, extraArgs: [...m.virtiofsd.extraArgs] },
  };
}
