/** Guests for runner tests: plain `Guest` values, one per hypervisor, with fixed boot paths. */
import {
  DEFAULT_BINARIES,
  type BootFiles,
  type Guest,
  type GuestInterface,
  type GuestShare,
  type GuestVolume,
  type Hypervisor,
} from "../../src/microvm/guest.js";

export const files: BootFiles = {
  kernel: "/store/k-linux/bzImage",
  vmlinux: "/store/v-vmlinux/vmlinux",
  initrd: "/store/i-initramfs-demo/initrd",
  storeDisk: null,
  guestForward: "/store/r-microvm-demo/share/microvm/guestfwd.cjs",
};

export const layout = { out: "/store/r-microvm-demo" };

export const base: Guest = {
  hostName: "demo",
  hypervisor: "qemu",
  vcpu: 1,
  mem: 512,
  interfaces: [],
  forwardPorts: [],
  volumes: [],
  shares: [],
  devices: [],
  socket: "demo.sock",
  kernelParams: ["quiet"],
  storeOnDisk: false,
  balloon: false,
  initialBalloonMem: 0,
  deflateOnOOM: true,
  hotplugMem: 0,
  hotpluggedMem: 0,
  hugepageMem: false,
  cpu: null,
  vsockCid: null,
  notifyOverVsock: false,
  user: null,
  preStart: "",
  extraArgsScript: null,
  prettyProcnames: true,
  machineId: null,
  registerWithMachined: false,
  credentialFiles: {},
  graphics: { enable: false, backend: "gtk", socket: "demo-gpu.sock", vulkan: null, hostmem: "256M" },
  qemu: { machine: "microvm", machineOpts: null, extraArgs: [], serialConsole: true, pcieRootPorts: [] },
  cloudHypervisor: { extraArgs: [], platformOEMStrings: [] },
  crosvm: { extraArgs: [], pivotRoot: null },
  firecracker: { cpu: null, driveIoEngine: "Async", extraArgs: [], extraConfig: {} },
  virtiofsd: { threadPoolSize: null, inodeFileHandles: "prefer", group: "kvm", extraArgs: [] },
  binScripts: {},
  bin: DEFAULT_BINARIES,
};

/** An interface with the defaults of the options it leaves out. */
export const iface = (i: Pick<GuestInterface, "type" | "id" | "mac"> & Partial<GuestInterface>): GuestInterface => ({
  bridge: null,
  macvtap: { link: null, mode: null },
  tap: { vhost: false },
  ...i,
});
/** A volume with the defaults of the options it leaves out. */
export const vol = (v: Pick<GuestVolume, "image"> & Partial<GuestVolume>): GuestVolume => ({
  size: 256,
  mountPoint: null,
  label: null,
  fsType: "ext4",
  autoCreate: true,
  readOnly: false,
  direct: false,
  serial: null,
  mkfsExtraArgs: [],
  imageType: "raw",
  ...v,
});
/** A share with the defaults of the options it leaves out. */
export const share = (s: Pick<GuestShare, "tag" | "source" | "mountPoint"> & Partial<GuestShare>): GuestShare => ({
  proto: "9p",
  securityModel: "none",
  socket: null,
  readOnly: false,
  cache: "auto",
  posixAcl: true,
  extraArgs: [],
  ...s,
});

const tap = iface({ type: "tap", id: "vm-demo", mac: "02:00:00:00:00:01" });
const volume = vol({ image: "var.img", mountPoint: "/var", label: "var" });
const virtiofsStore = share({
  tag: "ro-store",
  source: "/store",
  mountPoint: "/store",
  proto: "virtiofs",
  socket: "demo-virtiofs-ro-store.sock",
  readOnly: true,
});
const p9 = share({ tag: "data", source: "/srv/data", mountPoint: "/data" });

/** A representative guest for each hypervisor: what each supports. */
export const goldenGuests: Record<Hypervisor, Guest> = {
  qemu: {
    ...base,
    interfaces: [tap, iface({ type: "user", id: "usernet", mac: "02:00:00:00:00:02" })],
    forwardPorts: [
      { from: "host", proto: "tcp", host: { address: "127.0.0.1", port: 2222 }, guest: { address: "", port: 22 } },
    ],
    volumes: [volume, vol({ image: "/var/lib/microvms/demo/direct.img", direct: true, serial: "data1" })],
    shares: [virtiofsStore, p9],
    preStart: "echo starting demo",
    vsockCid: 5,
    notifyOverVsock: true,
  },
  "cloud-hypervisor": {
    ...base,
    hypervisor: "cloud-hypervisor",
    interfaces: [tap],
    volumes: [volume],
    shares: [virtiofsStore],
    vcpu: 2,
  },
  firecracker: { ...base, hypervisor: "firecracker", interfaces: [tap], volumes: [volume], storeOnDisk: true },
  crosvm: {
    ...base,
    hypervisor: "crosvm",
    interfaces: [tap],
    volumes: [volume],
    shares: [p9, virtiofsStore],
    vsockCid: 7,
  },
  kvmtool: {
    ...base,
    hypervisor: "kvmtool",
    interfaces: [iface({ type: "user", id: "usernet", mac: "02:00:00:00:00:01" })],
    volumes: [volume, vol({ image: "ro.img", readOnly: true, direct: true })],
    shares: [p9],
    storeOnDisk: true,
  },
};

export const filesWithStoreDisk: BootFiles = { ...files, storeDisk: "/store/s-microvm-store-disk-demo" };

const macvtap = iface({
  type: "macvtap",
  id: "mvt0",
  mac: "02:00:00:00:00:03",
  macvtap: { link: "eth0", mode: "bridge" },
});
const pciDevice = {
  bus: "pci" as const,
  path: "0000:01:00.0",
  deviceExtraArgs: "x-igd-opregion=on",
  qemuId: "gpu0",
  qemuBus: "rp0",
};

/** Guests that set the options beyond the basic ones, one per hypervisor (golden files `<hypervisor>-options.txt`). */
export const optionGuests: Record<Hypervisor, Guest> = {
  qemu: {
    ...base,
    vcpu: 2,
    interfaces: [
      iface({ type: "tap", id: "vm-opt", mac: "02:00:00:00:00:01", tap: { vhost: true } }),
      macvtap,
      iface({ type: "bridge", id: "vm-br", mac: "02:00:00:00:00:04", bridge: "br0" }),
      iface({ type: "user", id: "usernet", mac: "02:00:00:00:00:05" }),
    ],
    forwardPorts: [
      { from: "guest", proto: "tcp", host: { address: "", port: 8080 }, guest: { address: "10.0.2.100", port: 80 } },
    ],
    volumes: [vol({ image: "-dash.img", mountPoint: "/d", label: "d" })],
    shares: [share({ tag: "ro", source: "/srv/ro", mountPoint: "/ro", readOnly: true })],
    devices: [
      pciDevice,
      { bus: "usb", path: "vendorid=0x1d6b,productid=0x0002", deviceExtraArgs: null, qemuId: null, qemuBus: null },
    ],
    balloon: true,
    hotplugMem: 256,
    hotpluggedMem: 128,
    cpu: "qemu64",
    user: "microvm",
    extraArgsScript: "/etc/microvm/extra-args",
    prettyProcnames: false,
    machineId: "a67472e5-570e-5c8a-b18c-ae3c77701050",
    registerWithMachined: true,
    credentialFiles: { API_KEY: "/run/secrets/api-key" },
    graphics: { enable: true, backend: "headless", socket: "demo-gpu.sock", vulkan: null, hostmem: "256M" },
    qemu: {
      machine: "q35",
      machineOpts: null,
      extraArgs: ["-boot", "menu=off"],
      serialConsole: false,
      pcieRootPorts: [{ id: "rp0", bus: "pcie.0", chassis: 1, slot: null, addr: null }],
    },
    binScripts: { hello: "echo hello" },
  },
  "cloud-hypervisor": {
    ...base,
    hypervisor: "cloud-hypervisor",
    vcpu: 2,
    interfaces: [macvtap],
    shares: [
      share({
        tag: "fs",
        source: "/srv/fs",
        mountPoint: "/fs",
        proto: "virtiofs",
        socket: "demo-virtiofs-fs.sock",
        cache: "never",
        posixAcl: false,
        extraArgs: ["--announce-submounts"],
      }),
    ],
    volumes: [vol({ image: "q.qcow2", imageType: "qcow2", autoCreate: false })],
    balloon: true,
    initialBalloonMem: 64,
    hotplugMem: 512,
    hugepageMem: true,
    vsockCid: 9,
    notifyOverVsock: true,
    cloudHypervisor: { extraArgs: ["--rng", "src=/dev/urandom"], platformOEMStrings: ["io.systemd.credential:A=b"] },
    virtiofsd: { threadPoolSize: 4, inodeFileHandles: "never", group: null, extraArgs: ["--log-level=debug"] },
  },
  firecracker: {
    ...base,
    hypervisor: "firecracker",
    interfaces: [iface({ type: "tap", id: "vm-fc", mac: "02:00:00:00:00:01" })],
    vsockCid: 4,
    storeOnDisk: true,
    firecracker: {
      cpu: { cpuid_modifiers: [] },
      driveIoEngine: "Sync",
      extraArgs: ["--no-seccomp"],
      extraConfig: { "machine-config": { track_dirty_pages: true } },
    },
  },
  crosvm: {
    ...base,
    hypervisor: "crosvm",
    vcpu: 2,
    interfaces: [macvtap],
    balloon: true,
    shares: [
      share({ tag: "fs", source: "/srv/fs", mountPoint: "/fs", proto: "virtiofs", socket: "demo-virtiofs-fs.sock" }),
    ],
    crosvm: { extraArgs: ["--disable-sandbox"], pivotRoot: "/var/empty/crosvm" },
    devices: [{ ...pciDevice, deviceExtraArgs: null, qemuId: null, qemuBus: null }],
  },
  kvmtool: {
    ...base,
    hypervisor: "kvmtool",
    vcpu: 2,
    interfaces: [iface({ type: "tap", id: "vm-kt", mac: "02:00:00:00:00:01" }), macvtap],
    balloon: true,
    vsockCid: 6,
  },
};
