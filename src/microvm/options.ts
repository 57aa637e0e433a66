/**
 * The guest options of microvm.nix (`microvm.*`) with the reference's types, defaults
 * and descriptions: declarations only. `MicrovmOptions` is the type they give (the
 * evaluated `config.microvm`); `microvmGuestModule` (guest-module.ts) declares them in
 * an `os` configuration and computes what they imply (file systems, runners).
 */
import { createHash } from "node:crypto";
import { type ConfigOf, lazy, mergeEqualOption, mkOption, mkOptionType, types } from "../modules/index.js";
import { type OsConfig, packageType, STORE_IMAGE_TYPES } from "../os/index.js";
import type { Package } from "../store/index.js";
import { HYPERVISORS, UNSUPPORTED_HYPERVISORS, type Hypervisor } from "./guest.js";

const FILE = "tsden/microvm/options.ts";
const {
  bool,
  str,
  nullOr,
  listOf,
  submodule,
  enum: enumOf,
  ints,
  port,
  lines,
  either,
  path,
  nonEmptyStr,
  lazyAttrsOf,
  attrsOf,
  anything,
  oneOf,
} = types;

/** A `*.package` option: a package (its `bin/<program>` is run) or a command name or path. */
const toolOption = (tool: string, program: string) =>
  mkOption({
    type: either(packageType, nonEmptyStr),
    default: program,
    description: `The ${tool} to run: a package whose \`bin/${program}\` is used, or a command name or absolute path (default: \`${program}\` from the host's PATH).`,
  });

const interfaceModule = {
  _file: FILE,
  options: {
    type: mkOption({ type: enumOf(["user", "tap", "macvtap", "bridge"]), description: "Interface type." }),
    id: mkOption({ type: str, description: "Interface name on the host (at most 15 characters, unique)." }),
    mac: mkOption({ type: str, description: "MAC address of the guest's network interface." }),
    bridge: mkOption({
      type: nullOr(str),
      default: null,
      description: 'Host bridge to attach to; set exactly when type = "bridge".',
    }),
    macvtap: {
      link: mkOption({
        type: nullOr(str),
        default: null,
        description: 'Host interface a type = "macvtap" interface attaches to.',
      }),
      mode: mkOption({
        type: nullOr(enumOf(["private", "vepa", "bridge", "passthru", "source"])),
        default: null,
        description: "The MACVLAN mode.",
      }),
    },
    tap: {
      vhost: mkOption({
        type: bool,
        default: false,
        description:
          "vhost-net for a tap interface: the host kernel moves the packets (qemu; needs the vhost_net module).",
      }),
    },
  },
};

const forwardPortModule = {
  _file: FILE,
  options: {
    from: mkOption({
      type: enumOf(["host", "guest"]),
      default: "host",
      description: "Direction: host ports to the guest, or guest ports to the host.",
    }),
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
    image: mkOption({
      type: str,
      description: "Path to the disk image on the host (relative: to the VM's state directory).",
    }),
    size: mkOption({
      type: nullOr(ints.positive),
      default: null,
      description: "Size in MiB when the image is created.",
    }),
    mountPoint: mkOption({
      type: nullOr(path),
      default: null,
      description: "If and where the guest mounts the volume.",
    }),
    label: mkOption({
      type: nullOr(str),
      default: null,
      description: "File system label given on creation; the guest mounts by label when set.",
    }),
    fsType: mkOption({ type: str, default: "ext4", description: "File system for creation and mounting." }),
    autoCreate: mkOption({
      type: bool,
      default: true,
      description: "Create the image before start when it is missing (never recreated).",
    }),
    readOnly: mkOption({ type: bool, default: false, description: "Turn off write access." }),
    direct: mkOption({ type: bool, default: false, description: "Open the image with O_DIRECT (qemu: cache=none)." }),
    serial: mkOption({ type: nullOr(str), default: null, description: "Serial number of the disk." }),
    mkfsExtraArgs: mkOption({ type: listOf(str), default: [], description: "Extra arguments to mkfs." }),
    imageType: mkOption({
      type: enumOf(["raw", "qcow2", "vhd", "vhdx"]),
      default: "raw",
      description:
        "The image's format as the hypervisor is told it (qemu, cloud-hypervisor); creation (autoCreate) always makes a raw image.",
    }),
  },
};

const shareModule =
  (hostName: () => string) =>
  ({ config }: { config: { proto: string; tag: string } }) => ({
    _file: FILE,
    options: {
      tag: mkOption({ type: str, description: "Unique tag the guest mounts the share by." }),
      source: mkOption({ type: nonEmptyStr, description: "Path to the shared directory tree on the host." }),
      mountPoint: mkOption({ type: path, description: "Where the guest mounts the share." }),
      proto: mkOption({ type: enumOf(["9p", "virtiofs"]), default: "9p", description: "Protocol for this share." }),
      securityModel: mkOption({
        type: enumOf(["passthrough", "none", "mapped", "mapped-file"]),
        default: "none",
        description: "9p security model.",
      }),
      socket: mkOption({
        type: nullOr(str),
        default: lazy(() => (config.proto === "virtiofs" ? `${hostName()}-virtiofs-${config.tag}.sock` : null)),
        defaultText: '"<hostName>-virtiofs-<tag>.sock" for virtiofs, else null',
        description: "Socket of the share's virtiofsd.",
      }),
      readOnly: mkOption({
        type: bool,
        default: false,
        description:
          "Turn off write access (the guest mounts it read-only; virtiofsd and 9p refuse writes where they can).",
      }),
      cache: mkOption({
        type: enumOf(["auto", "always", "metadata", "never"]),
        default: "auto",
        description: "virtiofsd's caching policy for the share; ignored for 9p.",
      }),
      posixAcl: mkOption({
        type: bool,
        default: true,
        description: "Pass `--posix-acl --xattr` to virtiofsd (exclusive with `--translate-uid`/`--translate-gid`).",
      }),
      extraArgs: mkOption({
        type: listOf(str),
        default: [],
        description: "Extra arguments to this share's virtiofsd.",
      }),
    },
  });

const pcieRootPortModule = {
  _file: FILE,
  options: {
    id: mkOption({ type: str, description: "A unique id for this PCIe root port." }),
    bus: mkOption({ type: nullOr(str), default: null, description: "The PCIe bus the root port is created on." }),
    chassis: mkOption({ type: nullOr(types.int), default: null, description: "The chassis number of the root port." }),
    slot: mkOption({ type: nullOr(str), default: null, description: "The PCIe slot number." }),
    addr: mkOption({ type: nullOr(str), default: null, description: "The PCIe address on the parent bus." }),
  },
};

const deviceModule = {
  _file: FILE,
  options: {
    bus: mkOption({ type: enumOf(["pci", "usb"]), description: "The bus the device is on." }),
    path: mkOption({
      type: str,
      description: "The device on its bus (PCI address, or USB vendorid=...,productid=...).",
    }),
    qemu: {
      id: mkOption({ type: nullOr(str), default: null, description: "qemu's id for the device." }),
      bus: mkOption({
        type: nullOr(str),
        default: null,
        description: "The qemu bus the device is attached to (e.g. a `qemu.pcieRootPorts` id).",
      }),
      deviceExtraArgs: mkOption({ type: nullOr(str), default: null, description: "More qemu device options." }),
    },
  },
};

/**
 * `microvm.hypervisor`: one of the hypervisors tsden runs; the reference's others are
 * named in the type's description, so choosing one says why it is refused.
 */
const hypervisorType = mkOptionType<Hypervisor>({
  name: "enum",
  description: `one of ${HYPERVISORS.map((h) => JSON.stringify(h)).join(", ")} (no runner for ${Object.keys(UNSUPPORTED_HYPERVISORS).join(", ")}: ${Object.values(UNSUPPORTED_HYPERVISORS).join("; ")})`,
  descriptionClass: "noun",
  check: (v) => typeof v === "string" && (HYPERVISORS as readonly string[]).includes(v),
  merge: mergeEqualOption as never,
  tsType: HYPERVISORS.map((h) => JSON.stringify(h)).join(" | "),
});

/** What the defaults of the `microvm.*` options read besides the options themselves. */
export interface MicrovmOptionsContext {
  /** The configuration being evaluated. */
  readonly config: MicrovmConfig;
  /** Whether `source` is the host's store (a share of it boots the guest from the host's store). */
  readonly isHostStore: (source: string) => boolean;
  /** The runner of `microvm.hypervisor`, checked: `declaredRunner`'s default. */
  readonly declaredRunner: () => Package;
}

/** The `microvm.*` option declarations; defaults read the configuration through `ctx`. */
export function microvmOptions(ctx: MicrovmOptionsContext) {
  const cfg = (): MicrovmOptions => ctx.config.microvm;
  const hostName = (): string => ctx.config.networking.hostName;
  const args = (tool: string) =>
    mkOption({ type: listOf(str), default: [], description: `Extra arguments to pass to ${tool}.` });
  return {
    guest: {
      enable: mkOption({
        type: bool,
        default: true,
        description: "Whether this configuration is a microVM guest.",
      }),
    },
    optimize: {
      enable: mkOption({
        type: bool,
        default: true,
        description:
          "Startup and size optimizations: one serial port in the guest (`8250.nr_uarts=1`). The reference's other ones (documentation, systemd in initrd, networkd) are NixOS settings tsden's guests have by construction.",
      }),
    },
    cpu: mkOption({
      type: nullOr(str),
      default: null,
      description: "The CPU model qemu emulates (`-cpu`), or null for the host's; only qemu.",
    }),
    hypervisor: mkOption({
      type: hypervisorType,
      default: "qemu",
      description: `Which hypervisor runs this microVM: ${HYPERVISORS.join(", ")}.`,
    }),
    vcpu: mkOption({
      type: ints.positive,
      default: 1,
      description: "Number of virtual CPU cores (more than one makes qemu's and cloud-hypervisor's taps multi-queue).",
    }),
    mem: mkOption({ type: ints.positive, default: 512, description: "Amount of RAM in MiB." }),
    hugepageMem: mkOption({
      type: bool,
      default: false,
      description: "Hugepages as the memory backend (cloud-hypervisor).",
    }),
    hotplugMem: mkOption({
      type: ints.unsigned,
      default: 0,
      description:
        "MiB of virtio-mem memory that can be added at run time (cloud-hypervisor; qemu on machines other than microvm).",
    }),
    hotpluggedMem: mkOption({
      type: ints.unsigned,
      default: lazy((): number => cfg().hotplugMem),
      defaultText: "config.microvm.hotplugMem",
      description: "MiB of the hot-plug memory plugged at start.",
    }),
    balloon: mkOption({
      type: bool,
      default: false,
      description: "Whether to enable ballooning (the host can reclaim guest memory).",
    }),
    initialBalloonMem: mkOption({
      type: ints.unsigned,
      default: 0,
      description: "MiB the balloon holds at start (cloud-hypervisor).",
    }),
    deflateOnOOM: mkOption({
      type: bool,
      default: true,
      description: "Whether the balloon deflates on out-of-memory.",
    }),
    interfaces: mkOption({
      type: listOf(submodule(interfaceModule)),
      default: [],
      description: "Network interfaces.",
    }),
    forwardPorts: mkOption({
      type: listOf(submodule(forwardPortModule)),
      default: [],
      description: "Ports forwarded by qemu's user networking.",
    }),
    volumes: mkOption({ type: listOf(submodule(volumeModule)), default: [], description: "Disk images." }),
    shares: mkOption({
      type: listOf(submodule(shareModule(hostName))),
      default: [],
      description: "Shared directory trees.",
    }),
    devices: mkOption({
      type: listOf(submodule(deviceModule)),
      default: [],
      description: "PCI/USB devices passed from the host to the microVM.",
    }),
    socket: mkOption({
      type: nullOr(str),
      default: lazy((): string => `${hostName()}.sock`),
      defaultText: '"<hostName>.sock"',
      description: "Hypervisor control socket path (needed for shutdown).",
    }),
    user: mkOption({
      type: nullOr(str),
      default: null,
      description: "User to switch to when started as root (qemu).",
    }),
    preStart: mkOption({
      type: lines,
      default: "",
      description: "Commands to run before starting the hypervisor.",
    }),
    extraArgsScript: mkOption({
      type: nullOr(str),
      default: null,
      description:
        "A command run when the VM starts; its output (one line of arguments, split at blanks) is appended to the hypervisor's command line.",
    }),
    prettyProcnames: mkOption({
      type: bool,
      default: true,
      description: "Run the hypervisor under the process name `microvm@<hostName>`.",
    }),
    registerWithMachined: mkOption({
      type: bool,
      default: false,
      description:
        "Give the runner `bin/microvm-register` and `bin/microvm-unregister`, which register the running VM (class vm, `machineId`) with systemd-machined.",
    }),
    machineId: mkOption({
      type: nullOr(str),
      default: lazy((): string => defaultMachineId(hostName())),
      defaultText: 'a UUID derived from sha256("microvm.nix:<hostName>")',
      description: "The VM's UUID: qemu's SMBIOS system UUID and its systemd-machined id (8-4-4-4-12 hex digits).",
    }),
    credentialFiles: mkOption({
      type: attrsOf(path),
      default: {},
      description:
        "systemd credentials for the guest, by name: host files passed through qemu's fw_cfg (`io.systemd.credential`); only qemu.",
    }),
    kernel: mkOption({
      type: either(packageType, path),
      description:
        "The kernel: a package with `<out>/bzImage` (cloud-hypervisor and firecracker get the ELF image extracted from it), or an image file. Default: `system.build.kernel`.",
    }),
    initrd: mkOption({
      type: either(packageType, path),
      description: "The initrd: a package with `<out>/initrd`, or a file. Default: `system.build.initialRamdisk`.",
    }),
    initrdPath: mkOption({
      type: nullOr(path),
      default: null,
      description: "The initrd file, used instead of `microvm.initrd` when set.",
    }),
    kernelParams: mkOption({ type: listOf(str), description: "Kernel parameters; default `boot.kernelParams`." }),
    storeOnDisk: mkOption({
      type: bool,
      default: lazy((): boolean => !cfg().shares.some((s) => ctx.isHostStore(s.source))),
      defaultText: "true unless a share has the host's store as source",
      description:
        "Whether to boot with the guest's store closure on a read-only disk image instead of the host's store share.",
    }),
    storeDiskType: mkOption({
      type: enumOf([...STORE_IMAGE_TYPES]),
      default: "erofs",
      description:
        'Format of the store disk: "erofs" (erofs-utils; the default, as in the reference) or "squashfs" (squashfs-tools; smaller).',
    }),
    storeDiskErofsFlags: mkOption({
      type: listOf(str),
      default: ["-zlz4hc", "-Eztailpacking", "-Efragments"],
      description:
        "Flags to mkfs.erofs for the store disk (the guest's Debian kernel is 6.1, so tail packing and fragments are on). `-Ededupe` makes smaller, slower-to-build images.",
    }),
    storeDiskSquashfsFlags: mkOption({
      type: listOf(str),
      default: ["-comp", "zstd"],
      description:
        "Flags to mksquashfs for the store disk (tsden builds squashfs with squashfs-tools' mksquashfs, not gensquashfs).",
    }),
    storeDisk: mkOption({
      type: packageType,
      internal: true,
      description: "The read-only store image (`microvm.storeDiskType`) of the guest.",
    }),
    writableStoreOverlay: mkOption({
      type: nullOr(path),
      default: null,
      description: "Where the writable upper layer of an overlay on the store lives.",
    }),
    vsock: {
      cid: mkOption({
        type: nullOr(ints.positive),
        default: null,
        description: "vsock address of the guest (3 or more); enables AF_VSOCK.",
      }),
      ssh: {
        enable: mkOption({
          type: bool,
          default: false,
          description:
            "An SSH server on vsock port 22 for host-to-guest connections without a network (the Debian base: services.openssh, one `sshd -i` per connection; from the host `ssh -o ProxyCommand='socat - VSOCK-CONNECT:<cid>:22' user@guest`); needs `vsock.cid`.",
        }),
      },
    },
    graphics: {
      enable: mkOption({ type: bool, default: false, description: "Enable GUI support (qemu)." }),
      backend: mkOption({
        type: enumOf(["gtk", "cocoa", "headless"]),
        default: "gtk",
        description:
          'qemu\'s display: "gtk" (a window; not from a systemd unit), "headless" (egl-headless, startable from a unit); "cocoa" is macOS only.',
      }),
      socket: mkOption({
        type: str,
        default: lazy((): string => `${hostName()}-gpu.sock`),
        defaultText: '"<hostName>-gpu.sock"',
        description: "Path of the vhost-user GPU socket (cloud-hypervisor, crosvm).",
      }),
      vulkan: mkOption({
        type: nullOr(enumOf(["venus", "drm_native_context"])),
        default: null,
        description: "qemu's Vulkan translation for virtio-gpu.",
      }),
      hostmem: mkOption({
        type: str,
        default: "256M",
        description: "Size of qemu's virtio-gpu host memory window (with a unit: M or G).",
      }),
      crosvmPackage: toolOption("crosvm for the vhost-user GPU device", "crosvm"),
    },
    qemu: {
      machine: mkOption({
        type: str,
        default: "microvm",
        description: "qemu machine model (`qemu-system-x86_64 -M help`).",
      }),
      machineOpts: mkOption({
        type: nullOr(attrsOf(str)),
        default: null,
        description: "The machine's options instead of the default ones (the accelerator is added unless given).",
      }),
      extraArgs: args("qemu"),
      serialConsole: mkOption({
        type: bool,
        default: true,
        description: "Whether the guest gets qemu's serial console (ttyS0 on the runner's stdio).",
      }),
      pcieRootPorts: mkOption({
        type: listOf(submodule(pcieRootPortModule)),
        default: [],
        description: "PCIe root ports for hot-plugging and fixed device addresses (q35).",
      }),
      package: toolOption("qemu", "qemu-system-x86_64"),
    },
    "cloud-hypervisor": {
      platformOEMStrings: mkOption({
        type: listOf(str),
        default: [],
        description:
          "Strings for cloud-hypervisor's `--platform oem_strings=[...]` (without `oem_strings=` or brackets).",
      }),
      extraArgs: args("cloud-hypervisor"),
      package: toolOption("cloud-hypervisor", "cloud-hypervisor"),
    },
    crosvm: {
      extraArgs: args("crosvm"),
      pivotRoot: mkOption({
        type: nullOr(str),
        default: null,
        description: "crosvm's sandbox directory (`--pivot-root`), created before start.",
      }),
      package: toolOption("crosvm", "crosvm"),
    },
    firecracker: {
      cpu: mkOption({
        type: nullOr(types.attrs),
        default: null,
        description: "A custom CPU template for firecracker (its `cpu-config`).",
      }),
      driveIoEngine: mkOption({
        type: enumOf(["Async", "Sync"]),
        default: "Async",
        description: "firecracker's IO engine for drives.",
      }),
      extraArgs: args("firecracker"),
      extraConfig: mkOption({
        type: attrsOf(anything),
        default: {},
        description: "JSON merged (recursively) into firecracker's configuration.",
      }),
      package: toolOption("firecracker", "firecracker"),
    },
    kvmtool: { package: toolOption("kvmtool", "lkvm") },
    virtiofsd: {
      inodeFileHandles: mkOption({
        type: nullOr(enumOf(["never", "prefer", "mandatory"])),
        default: "prefer",
        description:
          'When virtiofsd references inodes by file handles instead of O_PATH descriptors ("too many open files" on ZFS).',
      }),
      threadPoolSize: mkOption({
        type: nullOr(oneOf([ints.unsigned, enumOf(["`nproc`"])])),
        default: "`nproc`",
        description: 'virtiofsd threads; "`nproc`" (or null): the host\'s CPU count.',
      }),
      group: mkOption({
        type: nullOr(str),
        default: "kvm",
        description: "Group owning virtiofsd's socket (when it exists on the host); null: the user's.",
      }),
      extraArgs: args("virtiofsd"),
      package: toolOption("virtiofsd", "virtiofsd"),
    },
    systemSymlink: mkOption({
      type: bool,
      default: lazy((): boolean => !cfg().storeOnDisk),
      defaultText: "!config.microvm.storeOnDisk",
      description:
        "Link the guest's top level (`system.build.toplevel`) into the runner as `share/microvm/system`, so the runner keeps it in the store and tools can see which system a runner boots. With a store disk the link keeps the uncompressed closure alive next to its image, hence off by default then.",
    }),
    binScripts: mkOption({
      type: attrsOf(lines),
      default: {},
      description: "Scripts placed in the runner's `bin/`, by name.",
    }),
    runner: mkOption({
      type: lazyAttrsOf(packageType),
      description: "The runner of this microVM for each hypervisor (its checks run when it is built).",
    }),
    declaredRunner: mkOption({
      type: packageType,
      default: lazy((): Package => ctx.declaredRunner()),
      defaultText: "config.microvm.runner.${config.microvm.hypervisor}",
      description: "The runner of `microvm.hypervisor` (checked when read).",
    }),
  };
}

/** `microvm.*` after evaluation: the type its declarations give. */
export type MicrovmOptions = ConfigOf<ReturnType<typeof microvmOptions>>;

/** An `os` configuration with the guest options: what the microVM layer reads. */
export type MicrovmConfig = OsConfig & { readonly microvm: MicrovmOptions };

/** The reference's default machine id: a UUID-shaped slice of sha256("microvm.nix:<hostName>"). */
export function defaultMachineId(hostName: string): string {
  const h = createHash("sha256").update(`microvm.nix:${hostName}`).digest("hex");
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join("-");
}
