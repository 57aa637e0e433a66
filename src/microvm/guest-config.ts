/** The conversion of an evaluated `microvm.*` to the runners' `Guest`, and the programs its `*.package` options name. */
import { isPackage, type Package } from "../store/index.js";
import { DEFAULT_BINARIES, type Guest, type GuestBinaries, type GuestDevice } from "./guest.js";
import type { MicrovmConfig, MicrovmOptions } from "./options.js";

/** A `*.package` option's value: a package or a command. */
export type Tool = Package | string;

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
