/**
 * The checks a guest passes before any runner is built: well-formed names and paths
 * (they end up in scripts and in comma-separated hypervisor options), unique ids,
 * and the features each hypervisor supports. Failures are `ModuleError`s naming the
 * option and, for unsupported features, the hypervisors that do support them.
 */
import { isIP } from "node:net";
import { posix } from "node:path";
import { ModuleError } from "../../modules/index.js";
import { IMPLEMENTED_HYPERVISORS, type Guest, type Hypervisor } from "../guest.js";
import { SUPPORT, type Feature } from "./capabilities.js";

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const TAG = /^[A-Za-z0-9_.-]{1,31}$/;
const LABEL = /^[A-Za-z0-9_.-]{1,16}$/;
const FS_TYPE = /^[a-z0-9]{1,16}$/;
const SERIAL = /^[A-Za-z0-9_.-]{1,20}$/;
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const PCI = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;
const USB = /^[A-Za-z0-9_.:=-]+(,[A-Za-z0-9_.:=-]+)*$/;
const OPTION_VALUE = /^[A-Za-z0-9_.:=,/+-]+$/;
const OPTION_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const OPTION_VALUE_NO_COMMA = /^[A-Za-z0-9_.:/+-]{1,256}$/;
const MACHINE = /^[A-Za-z0-9_.-]{1,64}$/;
const QEMU_ID = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CREDENTIAL = /^[A-Za-z0-9_.-]{1,64}$/;

/** Raises the error for `optionPath`. */
function fail(optionPath: readonly string[], message: string, hint?: string): never {
  throw new ModuleError({ code: "ASSERTION_FAILED", optionPath: ["microvm", ...optionPath], message, hint });
}

/**
 * Throws unless `path` is usable as a host file path in scripts and option lists:
 * not empty, no control characters or commas, no `.`/`..`/empty parts. Relative paths
 * are relative to the runner's working directory (the VM's state directory).
 */
export function checkHostPath(path: string, optionPath: readonly string[], absolute = false): void {
  const where = `microvm.${optionPath.join(".")}`;
  const parts = path.split("/");
  const inner = path.startsWith("/") ? parts.slice(1) : parts;
  if (
    path === "" ||
    /[\0-\x1f\x7f,]/.test(path) ||
    (path !== "/" && inner.some((p) => p === "" || p === "." || p === ".."))
  ) {
    fail(
      optionPath,
      `${where}: ${JSON.stringify(path)} is not a usable path`,
      'Write a clean path such as /var/lib/microvms/demo/data.img: no "..", ".", "//", trailing "/", commas or control characters.',
    );
  }
  if (absolute && !path.startsWith("/")) fail(optionPath, `${where}: ${JSON.stringify(path)} is not an absolute path`);
  const longPart = parts.find((p) => Buffer.byteLength(p) > NAME_MAX);
  if (Buffer.byteLength(path) > PATH_MAX || longPart !== undefined) {
    fail(
      optionPath,
      `${where}: the path ${JSON.stringify(shorten(path))} is too long (${Buffer.byteLength(path)} bytes)`,
      `Linux takes paths of at most ${PATH_MAX} bytes, each name at most ${NAME_MAX}.`,
    );
  }
}

/** kvmtool's disk slots (MAX_DISK_IMAGES). */
const KVMTOOL_MAX_DISKS = 4;

/** Linux's limits on a path and on one name in it. */
const PATH_MAX = 4095;
const NAME_MAX = 255;
/** sun_path holds 108 bytes with the closing NUL. */
const SOCKET_PATH_MAX = 107;

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}...${text.slice(-12)}` : text;
}

/** Throws unless `path` can name a unix socket (a usable path of at most 107 bytes). */
function checkSocketPath(path: string, optionPath: readonly string[]): void {
  checkHostPath(path, optionPath);
  if (Buffer.byteLength(path) > SOCKET_PATH_MAX) {
    fail(
      optionPath,
      `microvm.${optionPath.join(".")}: the socket path ${JSON.stringify(shorten(path))} is longer than the ${SOCKET_PATH_MAX} bytes a unix socket path can have`,
      "Use a shorter path (relative paths are relative to the VM's state directory).",
    );
  }
}

/** Throws when a string option holds a NUL character (no program argument can carry one). */
function checkNoNul(values: readonly string[], optionPath: readonly string[]): void {
  const i = values.findIndex((v) => v.includes("\0"));
  if (i >= 0)
    fail(
      optionPath,
      `microvm.${optionPath.join(".")}: ${values.length > 1 || optionPath.at(-1) === "extraArgs" ? `argument ${i} ` : ""}contains a NUL character, which no command line can carry`,
      "Remove the NUL character.",
    );
}

/**
 * Paths a guest's sockets must not share with each other or with its volumes and
 * share sources: a runner removes a stale socket before binding it, so a socket path
 * must only ever name a socket. Relative paths are relative to the state directory.
 */
function checkSocketClashes(guest: Guest): void {
  const key = (p: string) => posix.normalize(p.startsWith("/") ? p : `/@state/${p}`);
  const taken = new Map<string, string>();
  const claim = (path: string, what: string, optionPath: readonly string[]) => {
    const k = key(path);
    const other = taken.get(k);
    if (other !== undefined) {
      fail(
        optionPath,
        `MicroVM ${guest.hostName}: ${what} ${JSON.stringify(path)} is also ${other}`,
        "A socket path is removed and bound again at every start: give each socket a path of its own, apart from volume images and shared folders.",
      );
    }
    taken.set(k, `${what} (microvm.${optionPath.join(".")})`);
  };
  guest.volumes.forEach((v, i) => claim(v.image, "the volume image", ["volumes", String(i), "image"]));
  guest.shares.forEach((s, i) => claim(s.source, "the shared folder", ["shares", String(i), "source"]));
  if (guest.socket !== null) claim(guest.socket, "the control socket", ["socket"]);
  guest.shares.forEach(
    (s, i) =>
      s.proto === "virtiofs" &&
      s.socket !== null &&
      claim(s.socket, "the virtiofsd socket", ["shares", String(i), "socket"]),
  );
  if (guest.vsockCid !== null && (guest.hypervisor === "cloud-hypervisor" || guest.hypervisor === "firecracker"))
    claim("notify.vsock", "the vsock socket", ["vsock", "cid"]);
}

/** Throws unless `hostName` can name a VM (process name, sockets, files). */
export function checkHostName(hostName: string): void {
  if (!HOST_NAME.test(hostName)) {
    throw new ModuleError({
      code: "ASSERTION_FAILED",
      optionPath: ["networking", "hostName"],
      message: `MicroVM host name ${JSON.stringify(hostName)} is not valid`,
      hint: "Use 1 to 63 letters, digits and inner hyphens (it names the VM's process, socket and files).",
    });
  }
}

function checkName(value: string, re: RegExp, optionPath: readonly string[], what: string): void {
  if (!re.test(value) || value === "." || value === "..") {
    fail(optionPath, `microvm.${optionPath.join(".")}: ${JSON.stringify(value)} is not ${what}`);
  }
}

function checkUnique(values: readonly string[], optionPath: readonly string[], what: string, hostName: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v))
      fail(
        optionPath,
        `MicroVM ${hostName}: ${what} ${JSON.stringify(v)} is used more than once`,
        `Give each ${what} a different value.`,
      );
    seen.add(v);
  }
}

/** Checks names, paths and uniqueness; independent of the hypervisor. */
export function checkGuest(guest: Guest): void {
  checkHostName(guest.hostName);
  guest.interfaces.forEach((iface, i) => {
    const at = ["interfaces", String(i)];
    if (iface.id.length > 15) {
      fail(
        [...at, "id"],
        `MicroVM ${guest.hostName}: interface name ${JSON.stringify(iface.id)} is longer than the maximum length of 15 characters on Linux`,
      );
    }
    checkName(iface.id, IFNAME, [...at, "id"], "an interface name (1 to 15 of A-Z a-z 0-9 _ . -)");
    checkName(iface.mac, MAC, [...at, "mac"], "a MAC address like 02:00:00:00:00:01");
    if ((iface.type === "bridge") !== (iface.bridge !== null)) {
      fail(
        [...at, "bridge"],
        iface.type === "bridge"
          ? `MicroVM ${guest.hostName}: interface ${iface.id} is of type "bridge" but doesn't have a bridge to attach to defined`
          : `MicroVM ${guest.hostName}: interface ${iface.id} is not of type "bridge" and therefore shouldn't have a "bridge" option defined`,
      );
    }
    if (iface.bridge !== null) checkName(iface.bridge, IFNAME, [...at, "bridge"], "a bridge interface name");
    if (iface.type === "macvtap") {
      if (iface.macvtap.link === null || iface.macvtap.mode === null)
        fail(
          [...at, "macvtap"],
          `MicroVM ${guest.hostName}: macvtap interface ${iface.id} needs macvtap.link and macvtap.mode`,
        );
      checkName(iface.macvtap.link, IFNAME, [...at, "macvtap", "link"], "an interface name");
    }
  });
  checkUnique(
    guest.interfaces.map((i) => i.id),
    ["interfaces"],
    "interface id",
    guest.hostName,
  );
  guest.forwardPorts.forEach((fwd, i) => {
    for (const side of ["host", "guest"] as const) {
      const address = fwd[side].address;
      if (address !== "" && isIP(address) !== 4)
        fail(
          ["forwardPorts", String(i), side, "address"],
          `microvm.forwardPorts.${i}.${side}.address: ${JSON.stringify(address)} is not an IPv4 address`,
        );
    }
  });
  guest.volumes.forEach((volume, i) => {
    const at = ["volumes", String(i)];
    checkHostPath(volume.image, [...at, "image"]);
    if (volume.label !== null)
      checkName(volume.label, LABEL, [...at, "label"], "a file system label (1 to 16 of A-Z a-z 0-9 _ . -)");
    checkName(volume.fsType, FS_TYPE, [...at, "fsType"], "a file system type");
    if (volume.serial !== null)
      checkName(volume.serial, SERIAL, [...at, "serial"], "a disk serial (1 to 20 of A-Z a-z 0-9 _ . -)");
    if (volume.mountPoint !== null) checkHostPath(volume.mountPoint, [...at, "mountPoint"], true);
    if (volume.autoCreate && (volume.size === null || volume.size <= 0)) {
      fail(
        [...at, "size"],
        `microvm.volumes.${i}: specify a size (MiB) for volume ${volume.image} or set autoCreate = false`,
      );
    }
    volume.mkfsExtraArgs.forEach(
      (arg) => arg.includes("\0") && fail([...at, "mkfsExtraArgs"], "mkfsExtraArgs contain a NUL character"),
    );
  });
  checkUnique(
    guest.volumes.map((v) => v.image),
    ["volumes"],
    "volume image",
    guest.hostName,
  );
  guest.shares.forEach((share, i) => {
    const at = ["shares", String(i)];
    checkName(share.tag, TAG, [...at, "tag"], "a share tag (1 to 31 of A-Z a-z 0-9 _ . -)");
    checkHostPath(share.source, [...at, "source"], true);
    checkHostPath(share.mountPoint, [...at, "mountPoint"], true);
    if (share.proto === "virtiofs") {
      if (share.socket === null)
        fail(
          [...at, "socket"],
          `MicroVM ${guest.hostName}: virtiofs share with tag "${share.tag}" is missing a \`socket\` path`,
        );
      checkSocketPath(share.socket, [...at, "socket"]);
    }
  });
  checkUnique(
    guest.shares.map((s) => s.tag),
    ["shares"],
    "share tag",
    guest.hostName,
  );
  checkUnique(
    guest.shares.flatMap((s) => (s.proto === "virtiofs" && s.socket !== null ? [s.socket] : [])),
    ["shares"],
    "share socket",
    guest.hostName,
  );
  guest.devices.forEach((device, i) => {
    const at = ["devices", String(i)];
    checkName(
      device.path,
      device.bus === "pci" ? PCI : USB,
      [...at, "path"],
      device.bus === "pci" ? "a PCI address like 0000:01:00.0" : "a USB device like vendorid=0xabcd,productid=0x0123",
    );
    if (device.deviceExtraArgs !== null)
      checkName(
        device.deviceExtraArgs,
        OPTION_VALUE,
        [...at, "qemu", "deviceExtraArgs"],
        "a list of qemu device options",
      );
  });
  if (guest.socket !== null) checkSocketPath(guest.socket, ["socket"]);
  if (guest.user !== null) checkName(guest.user, USER, ["user"], "a user name");
  guest.kernelParams.forEach(
    (p) =>
      /[\0\n\r]/.test(p) &&
      fail(["kernelParams"], `microvm.kernelParams: ${JSON.stringify(p)} contains a line break or NUL`),
  );
  if (guest.vsockCid !== null && guest.vsockCid < 3)
    fail(
      ["vsock", "cid"],
      `microvm.vsock.cid ${guest.vsockCid} is reserved (0 hypervisor, 1 loopback, 2 host); use 3 or more`,
    );
  checkMore(guest);
  checkSocketClashes(guest);
}

/** Checks for the options beyond the basic ones: names in option lists, NULs, formats. */
function checkMore(guest: Guest): void {
  if (!MACHINE.test(guest.qemu.machine)) {
    fail(
      ["qemu", "machine"],
      `microvm.qemu.machine: ${JSON.stringify(guest.qemu.machine)} is not a qemu machine name`,
      "Give only the machine's name (e.g. microvm or q35); set its properties with microvm.qemu.machineOpts.",
    );
  }
  for (const [k, v] of Object.entries(guest.qemu.machineOpts ?? {})) {
    if (!OPTION_KEY.test(k) || !OPTION_VALUE_NO_COMMA.test(v))
      fail(
        ["qemu", "machineOpts", k],
        `microvm.qemu.machineOpts.${k}: ${JSON.stringify(v)} is not a machine property value (no commas or blanks)`,
      );
  }
  checkNoNul(guest.qemu.extraArgs, ["qemu", "extraArgs"]);
  checkNoNul(guest.cloudHypervisor.extraArgs, ["cloud-hypervisor", "extraArgs"]);
  checkNoNul(guest.crosvm.extraArgs, ["crosvm", "extraArgs"]);
  checkNoNul(guest.firecracker.extraArgs, ["firecracker", "extraArgs"]);
  checkNoNul(guest.virtiofsd.extraArgs, ["virtiofsd", "extraArgs"]);
  checkNoNul([guest.preStart], ["preStart"]);
  if (guest.extraArgsScript !== null) checkNoNul([guest.extraArgsScript], ["extraArgsScript"]);
  guest.shares.forEach((s, i) => checkNoNul(s.extraArgs, ["shares", String(i), "extraArgs"]));
  guest.shares.forEach((s, i) => {
    if (s.proto !== "virtiofs" || !s.posixAcl) return;
    if (
      [...guest.virtiofsd.extraArgs, ...s.extraArgs].some(
        (a) => a.includes("--translate-uid") || a.includes("--translate-gid"),
      )
    ) {
      fail(
        ["shares", String(i), "posixAcl"],
        `MicroVM ${guest.hostName}: virtiofs share "${s.tag}" has posixAcl=true but its virtiofsd arguments contain --translate-uid/--translate-gid, which conflict with --posix-acl`,
        "Set posixAcl = false on this share to use UID/GID remapping.",
      );
    }
  });
  guest.forwardPorts.forEach((fwd, i) => {
    if (fwd.from !== "guest") return;
    if (fwd.proto === "udp")
      fail(
        ["forwardPorts", String(i), "proto"],
        `microvm.forwardPorts.${i}: qemu forwards only TCP from the guest (guestfwd); a UDP guest forward cannot work`,
        'Use proto = "tcp", or from = "host" for UDP.',
      );
    if (fwd.guest.address === "")
      fail(
        ["forwardPorts", String(i), "guest", "address"],
        `microvm.forwardPorts.${i}: a guest forward needs guest.address, the address in the guest's network the guest connects to (e.g. 10.0.2.100)`,
      );
  });
  guest.volumes.forEach((v, i) => {
    if (v.imageType !== "raw" && v.autoCreate)
      fail(
        ["volumes", String(i), "imageType"],
        `microvm.volumes.${i}: autoCreate makes a raw image, but imageType is "${v.imageType}"`,
        'Create the image yourself and set autoCreate = false, or use imageType = "raw".',
      );
  });
  guest.devices.forEach((d, i) => {
    if (d.qemuId !== null) checkName(d.qemuId, QEMU_ID, ["devices", String(i), "qemu", "id"], "a qemu device id");
    if (d.qemuBus !== null) checkName(d.qemuBus, QEMU_ID, ["devices", String(i), "qemu", "bus"], "a qemu bus id");
  });
  guest.qemu.pcieRootPorts.forEach((p, i) => {
    const at = ["qemu", "pcieRootPorts", String(i)];
    checkName(p.id, QEMU_ID, [...at, "id"], "a qemu device id");
    if (p.bus !== null) checkName(p.bus, QEMU_ID, [...at, "bus"], "a qemu bus id");
    if (p.slot !== null) checkName(p.slot, /^[0-9a-fA-Fx]{1,6}$/, [...at, "slot"], "a PCIe slot number");
    if (p.addr !== null) checkName(p.addr, /^[0-9a-fA-Fx.]{1,8}$/, [...at, "addr"], "a PCI address like 0x10 or 1c.0");
  });
  checkUnique(
    guest.qemu.pcieRootPorts.map((p) => p.id),
    ["qemu", "pcieRootPorts"],
    "PCIe root port id",
    guest.hostName,
  );
  if (guest.machineId !== null) checkName(guest.machineId, UUID, ["machineId"], "a UUID (8-4-4-4-12 hex digits)");
  for (const [name, file] of Object.entries(guest.credentialFiles)) {
    checkName(name, CREDENTIAL, ["credentialFiles", name], "a credential name (A-Z a-z 0-9 _ . -)");
    checkHostPath(file, ["credentialFiles", name], true);
  }
  for (const name of Object.keys(guest.binScripts))
    checkName(name, CREDENTIAL, ["binScripts", name], "a script name (A-Z a-z 0-9 _ . -)");
  if (guest.graphics.enable)
    checkName(
      guest.graphics.hostmem,
      /^[1-9][0-9]*[MG]$/,
      ["graphics", "hostmem"],
      "a size with a unit, like 256M or 8G",
    );
  if (guest.virtiofsd.group !== null) checkName(guest.virtiofsd.group, USER, ["virtiofsd", "group"], "a group name");
  if (guest.crosvm.pivotRoot !== null) checkHostPath(guest.crosvm.pivotRoot, ["crosvm", "pivotRoot"]);
  if (guest.cpu !== null) checkName(guest.cpu, /^[A-Za-z0-9_.+=-]+(,[A-Za-z0-9_.+=-]+)*$/, ["cpu"], "a qemu CPU model");
  guest.cloudHypervisor.platformOEMStrings.forEach((oem, i) => {
    if (oem.includes("oem_strings"))
      fail(
        ["cloud-hypervisor", "platformOEMStrings"],
        `MicroVM ${guest.hostName}: \`config.microvm.cloud-hypervisor.platformOEMStrings\` items must not contain \`oem_strings\``,
      );
    if (/[,[\]\0\n]/.test(oem))
      fail(
        ["cloud-hypervisor", "platformOEMStrings", String(i)],
        `microvm.cloud-hypervisor.platformOEMStrings.${i}: ${JSON.stringify(oem)} contains a comma, bracket or control character, which cloud-hypervisor's list syntax cannot carry`,
      );
  });
  if (guest.hotpluggedMem > guest.hotplugMem)
    fail(
      ["hotpluggedMem"],
      `microvm.hotpluggedMem (${guest.hotpluggedMem}) is more than microvm.hotplugMem (${guest.hotplugMem})`,
    );
}

/** The features `guest` uses, each with the option path that turns it on. */
export function usedFeatures(guest: Guest): { feature: Feature; optionPath: string[] }[] {
  const used: { feature: Feature; optionPath: string[] }[] = [];
  guest.shares.forEach((s, i) =>
    used.push({
      feature: s.proto === "9p" ? "share-9p" : "share-virtiofs",
      optionPath: ["shares", String(i), "proto"],
    }),
  );
  guest.interfaces.forEach((n, i) =>
    used.push({ feature: `interface-${n.type}`, optionPath: ["interfaces", String(i), "type"] }),
  );
  if (guest.forwardPorts.length > 0) used.push({ feature: "forward-ports", optionPath: ["forwardPorts"] });
  guest.devices.forEach((d, i) =>
    used.push({ feature: d.bus === "pci" ? "device-pci" : "device-usb", optionPath: ["devices", String(i), "bus"] }),
  );
  guest.volumes.forEach((v, i) => {
    if (v.serial !== null) used.push({ feature: "volume-serial", optionPath: ["volumes", String(i), "serial"] });
    if (v.direct) used.push({ feature: "volume-direct", optionPath: ["volumes", String(i), "direct"] });
  });
  if (guest.balloon) used.push({ feature: "balloon", optionPath: ["balloon"] });
  if (guest.vsockCid !== null) used.push({ feature: "vsock", optionPath: ["vsock", "cid"] });
  if (guest.user !== null) used.push({ feature: "user", optionPath: ["user"] });
  if (guest.graphics.enable) used.push({ feature: "graphics", optionPath: ["graphics", "enable"] });
  if (guest.socket === null) used.push({ feature: "no-socket", optionPath: ["socket"] });
  if (guest.cpu !== null) used.push({ feature: "cpu", optionPath: ["cpu"] });
  if (Object.keys(guest.credentialFiles).length > 0)
    used.push({ feature: "credential-files", optionPath: ["credentialFiles"] });
  if (guest.hotplugMem > 0) used.push({ feature: "hotplug-mem", optionPath: ["hotplugMem"] });
  if (guest.initialBalloonMem > 0) used.push({ feature: "initial-balloon-mem", optionPath: ["initialBalloonMem"] });
  guest.shares.forEach(
    (s, i) =>
      s.proto === "9p" &&
      s.readOnly &&
      used.push({ feature: "share-9p-read-only", optionPath: ["shares", String(i), "readOnly"] }),
  );
  guest.interfaces.forEach(
    (n, i) =>
      n.type === "tap" &&
      n.tap.vhost &&
      used.push({ feature: "tap-vhost", optionPath: ["interfaces", String(i), "tap", "vhost"] }),
  );
  guest.volumes.forEach(
    (v, i) =>
      v.imageType !== "raw" && used.push({ feature: "image-type", optionPath: ["volumes", String(i), "imageType"] }),
  );
  if (guest.qemu.pcieRootPorts.length > 0)
    used.push({ feature: "pcie-root-ports", optionPath: ["qemu", "pcieRootPorts"] });
  return used;
}

const FEATURE_TEXT: Record<Feature, string> = {
  "share-9p": "9p shares",
  "share-virtiofs": "virtiofs shares",
  "interface-user": "user networking",
  "interface-tap": "tap interfaces",
  "interface-macvtap": "macvtap interfaces",
  "interface-bridge": "bridge interfaces",
  "forward-ports": "forwardPorts",
  "device-pci": "PCI passthrough",
  "device-usb": "USB passthrough",
  "volume-serial": "volume serials",
  "volume-direct": "direct (O_DIRECT) volumes",
  balloon: "memory ballooning",
  vsock: "vsock",
  user: "microvm.user (dropping privileges)",
  graphics: "graphics",
  "no-socket": "running without a control socket (microvm.socket = null)",
  cpu: "an emulated CPU model (microvm.cpu)",
  "credential-files": "systemd credentials (microvm.credentialFiles)",
  "hotplug-mem": "virtio-mem hot-plug memory",
  "initial-balloon-mem": "an initial balloon size",
  "share-9p-read-only": "read-only 9p shares",
  "tap-vhost": "vhost-net tap interfaces",
  "image-type": "volume image types other than raw",
  "pcie-root-ports": "PCIe root ports",
};

/** Throws when `hypervisor` cannot run `guest`, naming the hypervisors that can. */
export function checkSupport(guest: Guest, hypervisor: Hypervisor): void {
  if (!IMPLEMENTED_HYPERVISORS.includes(hypervisor)) {
    fail(
      ["runner", hypervisor],
      `tsden has no runner for ${hypervisor} yet`,
      `Runners exist for ${IMPLEMENTED_HYPERVISORS.join(", ")}.`,
    );
  }
  for (const { feature, optionPath } of usedFeatures(guest)) {
    const supported = SUPPORT[feature];
    if (supported.includes(hypervisor)) continue;
    fail(
      optionPath,
      `MicroVM ${guest.hostName}: ${hypervisor} does not support ${FEATURE_TEXT[feature]} (microvm.${optionPath.join(".")})`,
      `${FEATURE_TEXT[feature]} work${feature === "no-socket" ? "s" : ""} with: ${supported.join(", ")}. Change microvm.hypervisor or drop the setting.`,
    );
  }
  if (hypervisor === "qemu" && guest.hotplugMem > 0 && guest.qemu.machine === "microvm") {
    fail(
      ["hotplugMem"],
      `MicroVM ${guest.hostName}: qemu's microvm machine type does not support virtio-mem (microvm.hotplugMem)`,
      'Use microvm.qemu.machine = "q35", or cloud-hypervisor.',
    );
  }
  const disks = guest.volumes.length + (guest.storeOnDisk ? 1 : 0);
  if (hypervisor === "kvmtool" && disks > KVMTOOL_MAX_DISKS) {
    fail(
      ["volumes"],
      `MicroVM ${guest.hostName}: kvmtool takes at most ${KVMTOOL_MAX_DISKS} disks, and this guest has ${disks} (its volumes${guest.storeOnDisk ? " and the store disk" : ""})`,
      "Use fewer volumes, share the host's store instead of a store disk, or another hypervisor.",
    );
  }
  if (hypervisor === "crosvm") {
    guest.shares.forEach((s, i) => {
      if (s.proto === "9p" && (s.source.includes(":") || s.tag.includes(":"))) {
        fail(
          ["shares", String(i), "source"],
          `MicroVM ${guest.hostName}: crosvm takes a 9p share as "source:tag:options", so the source ${JSON.stringify(s.source)} cannot contain ":"`,
          "Share a folder whose path has no colon (a bind mount or symbolic link elsewhere works).",
        );
      }
    });
  }
  if (guest.forwardPorts.length > 0 && !guest.interfaces.some((i) => i.type === "user")) {
    fail(
      ["forwardPorts"],
      `MicroVM ${guest.hostName}: \`microvm.forwardPorts\` works only with qemu and one network interface with \`type = "user"\``,
    );
  }
}
