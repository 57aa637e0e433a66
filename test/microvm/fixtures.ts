/** Guests for runner tests: plain `Guest` values, one per hypervisor, with fixed boot paths. */
import type { BootFiles, Guest, Hypervisor } from "../../src/microvm/guest.js";

export const files: BootFiles = {
  kernel: "/store/k-linux/bzImage",
  vmlinux: "/store/k-linux/vmlinux",
  initrd: "/store/i-initramfs-demo/initrd",
  storeDisk: null,
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
  deflateOnOOM: true,
  vsockCid: null,
  user: null,
  preStart: "",
  graphics: false,
  qemu: { machine: "microvm", extraArgs: [] },
  cloudHypervisorExtraArgs: [],
  crosvmExtraArgs: [],
  virtiofsd: { threadPoolSize: null, extraArgs: [] },
};

const tap = { type: "tap", id: "vm-demo", mac: "02:00:00:00:00:01", bridge: null, macvtap: { link: null, mode: null } } as const;
const volume = {
  image: "var.img", size: 256, mountPoint: "/var", label: "var", fsType: "ext4", autoCreate: true,
  readOnly: false, direct: false, serial: null, mkfsExtraArgs: [],
} as const;
const virtiofsStore = {
  tag: "ro-store", source: "/store", mountPoint: "/store", proto: "virtiofs", securityModel: "none", socket: "demo-virtiofs-ro-store.sock",
} as const;
const p9 = { ...virtiofsStore, tag: "data", source: "/srv/data", mountPoint: "/data", proto: "9p", socket: null } as const;

/** A representative guest for each hypervisor: what each supports. */
export const goldenGuests: Record<Exclude<Hypervisor, "stratovirt" | "alioth">, Guest> = {
  qemu: {
    ...base,
    interfaces: [tap, { type: "user", id: "usernet", mac: "02:00:00:00:00:02", bridge: null, macvtap: { link: null, mode: null } }],
    forwardPorts: [{ from: "host", proto: "tcp", host: { address: "127.0.0.1", port: 2222 }, guest: { address: "", port: 22 } }],
    volumes: [volume, { ...volume, image: "/var/lib/microvms/demo/direct.img", mountPoint: null, label: null, direct: true, serial: "data1" }],
    shares: [virtiofsStore, p9],
    preStart: "echo starting demo",
    vsockCid: 5,
  },
  "cloud-hypervisor": { ...base, hypervisor: "cloud-hypervisor", interfaces: [tap], volumes: [volume], shares: [virtiofsStore], vcpu: 2 },
  firecracker: { ...base, hypervisor: "firecracker", interfaces: [tap], volumes: [volume], storeOnDisk: true },
  crosvm: { ...base, hypervisor: "crosvm", interfaces: [tap], volumes: [volume], shares: [p9, virtiofsStore], vsockCid: 7 },
  kvmtool: {
    ...base,
    hypervisor: "kvmtool",
    interfaces: [{ ...tap, type: "user", id: "usernet" }],
    volumes: [volume, { ...volume, image: "ro.img", readOnly: true, direct: true, mountPoint: null, label: null }],
    shares: [p9],
    storeOnDisk: true,
  },
};

export const filesWithStoreDisk: BootFiles = { ...files, storeDisk: "/store/s-microvm-store-disk-demo" };
