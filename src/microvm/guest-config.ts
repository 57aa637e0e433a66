/** The evaluated shape of `microvm.*` and its conversion to the runners' `Guest`. */
import { isPackage, type Package } from "../store/package.js";
import {
  DEFAULT_BINARIES,
  type ForwardPort,
  type Guest,
  type GuestBinaries,
  type GuestDevice,
  type GuestGraphics,
  type GuestInterface,
  type GuestShare,
  type GuestVolume,
  type Hypervisor,
} from "./guest.js";

/** A `*.package` option's value: a package or a command. */
export type Tool = Package | string;

/** `microvm.*` after evaluation. */
export interface MicrovmOptions {
  readonly guest: { readonly enable: boolean };
  readonly optimize: { readonly enable: boolean };
  readonly cpu: string | null;
  readonly hypervisor: Hypervisor;
  readonly vcpu: number;
  readonly mem: number;
  readonly hugepageMem: boolean;
  readonly hotplugMem: number;
  readonly hotpluggedMem: number;
  readonly balloon: boolean;
  readonly initialBalloonMem: number;
  readonly deflateOnOOM: boolean;
  readonly interfaces: readonly GuestInterface[];
  readonly forwardPorts: readonly ForwardPort[];
  readonly volumes: readonly GuestVolume[];
  readonly shares: readonly GuestShare[];
  readonly devices: readonly {
    readonly bus: "pci" | "usb";
    readonly path: string;
    readonly qemu: { readonly id: string | null; readonly bus: string | null; readonly deviceExtraArgs: string | null };
  }[];
  readonly socket: string | null;
  readonly user: string | null;
  readonly preStart: string;
  readonly extraArgsScript: string | null;
  readonly prettyProcnames: boolean;
  readonly registerWithMachined: boolean;
  readonly machineId: string | null;
  readonly credentialFiles: Readonly<Record<string, string>>;
  readonly kernel: Package | string;
  readonly initrd: Package | string;
  readonly initrdPath: string | null;
  readonly kernelParams: readonly string[];
  readonly storeOnDisk: boolean;
  readonly storeDiskType: "erofs" | "squashfs";
  readonly storeDiskErofsFlags: readonly string[];
  readonly storeDiskSquashfsFlags: readonly string[];
  readonly storeDisk: Package;
  readonly writableStoreOverlay: string | null;
  readonly vsock: { readonly cid: number | null; readonly ssh: { readonly enable: boolean } };
  readonly graphics: GuestGraphics & { readonly crosvmPackage: Tool };
  readonly qemu: Guest["qemu"] & { readonly package: Tool };
  readonly "cloud-hypervisor": {
    readonly platformOEMStrings: readonly string[];
    readonly extraArgs: readonly string[];
    readonly package: Tool;
  };
  readonly crosvm: { readonly extraArgs: readonly string[]; readonly pivotRoot: string | null; readonly package: Tool };
  readonly firecracker: Guest["firecracker"] & { readonly package: Tool };
  readonly kvmtool: { readonly package: Tool };
  readonly virtiofsd: {
    readonly inodeFileHandles: "never" | "prefer" | "mandatory" | null;
    readonly threadPoolSize: number | string | null;
    readonly group: string | null;
    readonly extraArgs: readonly string[];
    readonly package: Tool;
  };
  readonly systemSymlink: boolean;
  readonly binScripts: Readonly<Record<string, string>>;
  readonly runner: Readonly<Record<Hypervisor, Package>>;
  readonly declaredRunner: Package;
}

/** The parts of an `os` configuration with the guest module that the microVM layer reads. */
export interface MicrovmConfig {
  readonly microvm: MicrovmOptions;
  readonly networking: { readonly hostName: string };
  readonly boot: { readonly kernelParams: readonly string[] };
  readonly system: {
    /** The guest base (`system.base`); absent in configurations without one. */
    readonly base?: string;
    readonly build: { readonly kernel: Package; readonly initialRamdisk: Package; readonly toplevel: Package };
  };
}

/** The program inside a tool package (`<out>/bin/<program>`). */
export const TOOL_PROGRAMS: Readonly<Record<keyof GuestBinaries, string>> = {
  qemu: "qemu-system-x86_64",
  "cloud-hypervisor": "cloud-hypervisor",
  firecracker: "firecracker",
  crosvm: "crosvm",
  kvmtool: "lkvm",
  virtiofsd: "virtiofsd",
};

function tools(m: MicrovmOptions): Record<keyof GuestBinaries, Tool> {
  return {
    qemu: m.qemu.package,
    "cloud-hypervisor": m["cloud-hypervisor"].package,
    firecracker: m.firecracker.package,
    crosvm: m.crosvm.package,
    kvmtool: m.kvmtool.package,
    virtiofsd: m.virtiofsd.package,
  };
}

/** The `*.package` options set to packages (their paths are known only when built). */
export function toolPackages(config: MicrovmConfig): Partial<Record<keyof GuestBinaries, Package>> {
  const out: Partial<Record<keyof GuestBinaries, Package>> = {};
  for (const [tool, value] of Object.entries(tools(config.microvm)) as [keyof GuestBinaries, Tool][]) {
    if (isPackage(value)) out[tool] = value;
  }
  return out;
}

/** The commands the guest's `*.package` options name (a package's default until built). */
function binaries(m: MicrovmOptions): GuestBinaries {
  const out = { ...DEFAULT_BINARIES } as Record<keyof GuestBinaries, string>;
  for (const [tool, value] of Object.entries(tools(m)) as [keyof GuestBinaries, Tool][]) {
    if (typeof value === "string" && !(tool === "virtiofsd" && value === "virtiofsd")) out[tool] = value;
  }
  return out;
}

/** A plain snapshot of `config.microvm` for the runners (boot packages excluded). */
export function guestOf(config: MicrovmConfig): Guest {
  const m = config.microvm;
  const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const devices: GuestDevice[] = m.devices.map((d) => ({
    bus: d.bus,
    path: d.path,
    deviceExtraArgs: d.qemu.deviceExtraArgs,
    qemuId: d.qemu.id,
    qemuBus: d.qemu.bus,
  }));
  const threads = m.virtiofsd.threadPoolSize;
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
    initialBalloonMem: m.initialBalloonMem,
    deflateOnOOM: m.deflateOnOOM,
    hotplugMem: m.hotplugMem,
    hotpluggedMem: m.hotpluggedMem,
    hugepageMem: m.hugepageMem,
    cpu: m.cpu,
    vsockCid: m.vsock.cid,
    notifyOverVsock: m.vsock.cid !== null && config.system.base === "debian",
    user: m.user,
    preStart: m.preStart,
    extraArgsScript: m.extraArgsScript,
    prettyProcnames: m.prettyProcnames,
    machineId: m.machineId,
    registerWithMachined: m.registerWithMachined,
    credentialFiles: { ...m.credentialFiles },
    graphics: {
      enable: m.graphics.enable,
      backend: m.graphics.backend,
      socket: m.graphics.socket,
      vulkan: m.graphics.vulkan,
      hostmem: m.graphics.hostmem,
    },
    qemu: {
      machine: m.qemu.machine,
      machineOpts: m.qemu.machineOpts === null ? null : { ...m.qemu.machineOpts },
      extraArgs: [...m.qemu.extraArgs],
      serialConsole: m.qemu.serialConsole,
      pcieRootPorts: plain(m.qemu.pcieRootPorts),
    },
    cloudHypervisor: {
      extraArgs: [...m["cloud-hypervisor"].extraArgs],
      platformOEMStrings: [...m["cloud-hypervisor"].platformOEMStrings],
    },
    crosvm: { extraArgs: [...m.crosvm.extraArgs], pivotRoot: m.crosvm.pivotRoot },
    firecracker: {
      cpu: m.firecracker.cpu === null ? null : plain(m.firecracker.cpu),
      driveIoEngine: m.firecracker.driveIoEngine,
      extraArgs: [...m.firecracker.extraArgs],
      extraConfig: plain(m.firecracker.extraConfig),
    },
    virtiofsd: {
      threadPoolSize: typeof threads === "number" ? threads : null,
      inodeFileHandles: m.virtiofsd.inodeFileHandles,
      group: m.virtiofsd.group,
      extraArgs: [...m.virtiofsd.extraArgs],
    },
    binScripts: { ...m.binScripts },
    bin: binaries(m),
  };
}
