/**
 * `microvmGuestModule` (class `os`): the guest options of microvm.nix (`microvm.*`)
 * with the reference's types and defaults, the file systems and interfaces the guest
 * needs for its shares, volumes and store, and the runners: `microvm.runner.<hv>` for
 * every hypervisor and `microvm.declaredRunner`. A runner is checked when it is read:
 * a feature its hypervisor lacks is a `ModuleError` naming the hypervisors that have it.
 */
import { lazy, mkDefault, mkOption, types } from "../modules/index.js";
import { Store } from "../store/store.js";
import { HYPERVISORS, withDriveLetters, type Guest, type Hypervisor } from "./guest.js";
import { guestOf, type MicrovmConfig } from "./guest-config.js";
import { runnerPackage } from "./runners/runner-package.js";
import { storeDiskPackage } from "./store-disk.js";
import { STORE_IMAGE_TYPES, type StoreImageType } from "../os/build/rootfs-image.js";
import { checkGuest, checkSupport } from "./runners/check.js";

const FILE = "tsden/microvm/options.ts";
const { bool, str, nullOr, listOf, submodule, enum: enumOf, ints, port, lines, either, package: pkg, path, nonEmptyStr, lazyAttrsOf } = types;

const interfaceModule = {
  _file: FILE,
  options: {
    type: mkOption({ type: enumOf(["user", "tap", "macvtap", "bridge"]), description: "Interface type." }),
    id: mkOption({ type: str, description: "Interface name on the host (at most 15 characters, unique)." }),
    mac: mkOption({ type: str, description: "MAC address of the guest's network interface." }),
    bridge: mkOption({ type: nullOr(str), default: null, description: 'Host bridge to attach to; set exactly when type = "bridge".' }),
    macvtap: {
      link: mkOption({ type: nullOr(str), default: null, description: 'Host interface a type = "macvtap" interface attaches to.' }),
      mode: mkOption({ type: nullOr(enumOf(["private", "vepa", "bridge", "passthru", "source"])), default: null, description: "The MACVLAN mode." }),
    },
  },
};

const forwardPortModule = {
  _file: FILE,
  options: {
    from: mkOption({ type: enumOf(["host", "guest"]), default: "host", description: "Direction: host ports to the guest, or guest ports to the host." }),
    proto: mkOption({ type: enumOf(["tcp", "udp"]), default: "tcp", description: "The protocol to forward." }),
    host: {
      address: mkOption({ type: str, default: "", description: "The IPv4 address of the host." }),
      port: mkOption({ type: port, description: "The host port to be mapped." }),
    },
    guest: {
      address: mkOption({ type: str, default: "", description: "The IPv4 address on the guest VLAN." }),
      port: mkOption({ type: port, description: "The guest port to be mapped." }),
    },
  },
};

const volumeModule = {
  _file: FILE,
  options: {
    image: mkOption({ type: str, description: "Path to the disk image on the host (relative: to the VM's state directory)." }),
    size: mkOption({ type: nullOr(ints.positive), default: null, description: "Size in MiB when the image is created." }),
    mountPoint: mkOption({ type: nullOr(path), default: null, description: "If and where the guest mounts the volume." }),
    label: mkOption({ type: nullOr(str), default: null, description: "File system label given on creation; the guest mounts by label when set." }),
    fsType: mkOption({ type: str, default: "ext4", description: "File system for creation and mounting." }),
    autoCreate: mkOption({ type: bool, default: true, description: "Create the image before start when it is missing (never recreated)." }),
    readOnly: mkOption({ type: bool, default: false, description: "Turn off write access." }),
    direct: mkOption({ type: bool, default: false, description: "Open the image with O_DIRECT (qemu: cache=none)." }),
    serial: mkOption({ type: nullOr(str), default: null, description: "Serial number of the disk." }),
    mkfsExtraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to mkfs." }),
  },
};

const shareModule = (hostName: () => string) => ({ config }: { config: { proto: string; tag: string } }) => ({
  _file: FILE,
  options: {
    tag: mkOption({ type: str, description: "Unique tag the guest mounts the share by." }),
    source: mkOption({ type: nonEmptyStr, description: "Path to the shared directory tree on the host." }),
    mountPoint: mkOption({ type: path, description: "Where the guest mounts the share." }),
    proto: mkOption({ type: enumOf(["9p", "virtiofs"]), default: "9p", description: "Protocol for this share." }),
    securityModel: mkOption({ type: enumOf(["passthrough", "none", "mapped", "mapped-file"]), default: "none", description: "9p security model." }),
    socket: mkOption({
      type: nullOr(str),
      default: lazy(() => (config.proto === "virtiofs" ? `${hostName()}-virtiofs-${config.tag}.sock` : null)),
      defaultText: '"<hostName>-virtiofs-<tag>.sock" for virtiofs, else null',
      description: "Socket of the share's virtiofsd.",
    }),
  },
});

const deviceModule = {
  _file: FILE,
  options: {
    bus: mkOption({ type: enumOf(["pci", "usb"]), description: "The bus the device is on." }),
    path: mkOption({ type: str, description: "The device on its bus (PCI address, or USB vendorid=...,productid=...)." }),
    qemu: { deviceExtraArgs: mkOption({ type: nullOr(str), default: null, description: "More qemu device options." }) },
  },
};

/** The guest module's arguments. */
export interface GuestModuleArgs {
  readonly config: MicrovmConfig;
  readonly store?: Store;
}

/** The `microvm.*` guest options and what they imply for the `os` configuration. */
export const microvmGuestModule = ({ config, store }: GuestModuleArgs) => {
  const theStore = (): Store => store ?? new Store();
  const cfg = () => config.microvm;
  const hostName = () => config.networking.hostName;
  const guest = (): Guest => guestOf(config);
  const runner = (hypervisor: Hypervisor) =>
    lazy((): Record<string, unknown> => {
      const g = guest();
      checkGuest(g);
      checkSupport(g, hypervisor);
      return runnerPackage(theStore(), { ...g, hypervisor }, bootPackages()) as unknown as Record<string, unknown>;
    });
  const bootPackages = () => ({
    kernel: cfg().kernel,
    initrd: cfg().initrd,
    storeDisk: cfg().storeOnDisk ? cfg().storeDisk : null,
  });
  return {
    _file: FILE,
    key: FILE,
    _class: "os",
    options: {
      microvm: {
        guest: { enable: mkOption({ type: bool, default: true, description: "Whether this configuration is a microVM guest." }) },
        hypervisor: mkOption({ type: enumOf([...HYPERVISORS]), default: "qemu", description: `Which hypervisor runs this microVM: ${HYPERVISORS.join(", ")}.` }),
        vcpu: mkOption({ type: ints.positive, default: 1, description: "Number of virtual CPU cores (more than one makes tap devices multi-queue)." }),
        mem: mkOption({ type: ints.positive, default: 512, description: "Amount of RAM in MiB." }),
        balloon: mkOption({ type: bool, default: false, description: "Whether to enable ballooning." }),
        deflateOnOOM: mkOption({ type: bool, default: true, description: "Whether the balloon deflates on out-of-memory." }),
        interfaces: mkOption({ type: listOf(submodule(interfaceModule)), default: [], description: "Network interfaces." }),
        forwardPorts: mkOption({ type: listOf(submodule(forwardPortModule)), default: [], description: "Ports forwarded by qemu's user networking." }),
        volumes: mkOption({ type: listOf(submodule(volumeModule)), default: [], description: "Disk images." }),
        shares: mkOption({ type: listOf(submodule(shareModule(hostName))), default: [], description: "Shared directory trees." }),
        devices: mkOption({ type: listOf(submodule(deviceModule)), default: [], description: "PCI/USB devices passed from the host to the microVM." }),
        socket: mkOption({
          type: nullOr(str),
          default: lazy(() => `${hostName()}.sock`),
          defaultText: '"<hostName>.sock"',
          description: "Hypervisor control socket path (needed for shutdown).",
        }),
        user: mkOption({ type: nullOr(str), default: null, description: "User to switch to when started as root (qemu)." }),
        preStart: mkOption({ type: lines, default: "", description: "Commands to run before starting the hypervisor." }),
        kernel: mkOption({ type: either(pkg, path), description: "The kernel: a package with `<out>/bzImage` (and `<out>/vmlinux` for cloud-hypervisor and firecracker), or an image file. Default: `system.build.kernel`." }),
        initrd: mkOption({ type: either(pkg, path), description: "The initrd: a package with `<out>/initrd`, or a file. Default: `system.build.initialRamdisk`." }),
        kernelParams: mkOption({ type: listOf(str), description: "Kernel parameters; default `boot.kernelParams`." }),
        storeOnDisk: mkOption({
          type: bool,
          default: lazy(() => !cfg().shares.some((s) => s.source === theStore().root)),
          defaultText: "true unless a share has the host's store as source",
          description: "Whether to boot with the guest's store closure on a read-only disk image instead of the host's store share.",
        }),
        storeDiskType: mkOption({
          type: enumOf([...STORE_IMAGE_TYPES]),
          default: "squashfs",
          description: 'Format of the store disk: "erofs" (erofs-utils) or "squashfs" (squashfs-tools).',
        }),
        storeDisk: mkOption({ type: pkg, internal: true, description: "The read-only store image (`microvm.storeDiskType`) of the guest." }),
        writableStoreOverlay: mkOption({ type: nullOr(path), default: null, description: "Where the writable upper layer of an overlay on the store lives." }),
        vsock: { cid: mkOption({ type: nullOr(ints.positive), default: null, description: "vsock address of the guest (3 or more); enables AF_VSOCK." }) },
        graphics: { enable: mkOption({ type: bool, default: false, description: "Enable GUI support (qemu)." }) },
        qemu: {
          machine: mkOption({ type: str, default: "microvm", description: "qemu machine model." }),
          extraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to pass to qemu." }),
        },
        "cloud-hypervisor": { extraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to pass to cloud-hypervisor." }) },
        crosvm: { extraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to pass to crosvm." }) },
        virtiofsd: {
          threadPoolSize: mkOption({ type: nullOr(ints.positive), default: null, description: "virtiofsd threads; null: the host's CPU count." }),
          extraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to virtiofsd." }),
        },
        runner: mkOption({ type: lazyAttrsOf(pkg), description: "The runner of this microVM for each hypervisor." }),
        declaredRunner: mkOption({
          type: pkg,
          default: lazy(() => config.microvm.runner[cfg().hypervisor] as unknown as Record<string, unknown>),
          defaultText: "config.microvm.runner.${config.microvm.hypervisor}",
          description: "The runner of `microvm.hypervisor`.",
        }),
      },
    },
    config: {
      microvm: {
        kernel: mkDefault(lazy(() => config.system.build.kernel)),
        initrd: mkDefault(lazy(() => config.system.build.initialRamdisk)),
        kernelParams: mkDefault(lazy(() => [...config.boot.kernelParams])),
        storeDisk: lazy(() => storeDiskPackage(theStore(), hostName(), config.system.build.toplevel, cfg().storeDiskType)),
        runner: Object.fromEntries(HYPERVISORS.map((hv) => [hv, runner(hv)])),
      },
      fileSystems: lazy(() => guestFileSystems(guest(), theStore().root, cfg().writableStoreOverlay, cfg().storeDiskType)),
      boot: {
        // ext4 needs crc32c; crc32c-intel cannot load on CPUs without SSE4.2 (qemu's TCG CPU).
        kernelModules: lazy(() => (cfg().volumes.some((v) => v.mountPoint !== null && v.fsType.startsWith("ext4")) ? ["crc32c_generic"] : [])),
      },
      networking: {
        interfaces: lazy(() =>
          Object.fromEntries(cfg().interfaces.map((iface, i) => [`eth${i}`, iface.type === "user" ? { useDHCP: mkDefault(true) } : {}])),
        ),
      },
    },
  };
};

/** Where the read-only store is mounted when an overlay makes the store writable. */
export const RO_STORE = "/.ro-store";

/** An entry of `fileSystems` as the guest module defines it. */
export interface GuestFileSystem {
  readonly device: string;
  readonly fsType: string;
  readonly options: string[];
  readonly neededForBoot?: boolean;
}

/** The file systems the guest mounts for its store, volumes and shares. */
export function guestFileSystems(
  guest: Guest,
  storeRoot: string,
  overlay: string | null,
  storeDiskType: StoreImageType = "squashfs",
): Record<string, GuestFileSystem> {
  const out: Record<string, GuestFileSystem> = {};
  const storeShare = guest.shares.find((s) => s.source === storeRoot);
  let roStore: string | null = null;
  if (guest.storeOnDisk) {
    roStore = overlay === null ? storeRoot : RO_STORE;
    out[roStore] = { device: "/dev/vda", fsType: storeDiskType, options: ["ro"], neededForBoot: true };
  } else if (storeShare !== undefined) {
    roStore = storeShare.mountPoint;
  }
  for (const v of withDriveLetters(guest)) {
    if (v.mountPoint === null) continue;
    const options = v.readOnly ? ["ro"] : ["defaults"];
    out[v.mountPoint] = { device: v.label !== null ? `LABEL=${v.label}` : `/dev/vd${v.letter}`, fsType: v.fsType, options };
  }
  for (const s of guest.shares) {
    const readOnly = s.source === storeRoot ? ["ro"] : [];
    const options = s.proto === "9p" ? ["msize=65536", ...readOnly] : readOnly.length > 0 ? readOnly : ["defaults"];
    out[s.mountPoint] = { device: s.tag, fsType: s.proto, options, ...(s.source === storeRoot ? { neededForBoot: true } : {}) };
  }
  if (overlay !== null && roStore !== null) {
    if (roStore === storeRoot) {
      throw new Error(`microvm.writableStoreOverlay needs the read-only store mounted elsewhere than ${storeRoot}: mount the store share at ${RO_STORE}`);
    }
    out[storeRoot] = {
      device: "overlay",
      fsType: "overlay",
      options: [`lowerdir=${roStore}`, `upperdir=${overlay}/store`, `workdir=${overlay}/work`],
      neededForBoot: true,
    };
  }
  return out;
}
