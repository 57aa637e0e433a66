/**
 * The checks a guest passes before any runner is built: well-formed names and paths
 * (they end up in scripts and in comma-separated hypervisor options), unique ids,
 * and the features each hypervisor supports. Failures are `ModuleError`s naming the
 * option and, for unsupported features, the hypervisors that do support them.
 */
import { isIP } from "node:net";
import { ModuleError } from "../../modules/errors/module-error.js";
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
  if (path === "" || /[\0-\x1f\x7f,]/.test(path) || (path !== "/" && inner.some((p) => p === "" || p === "." || p === ".."))) {
    fail(optionPath, `${where}: ${JSON.stringify(path)} is not a usable path`, 'Write a clean path such as /var/lib/microvms/demo/data.img: no "..", ".", "//", trailing "/", commas or control characters.');
  }
  if (absolute && !path.startsWith("/")) fail(optionPath, `${where}: ${JSON.stringify(path)} is not an absolute path`);
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
    if (seen.has(v)) fail(optionPath, `MicroVM ${hostName}: ${what} ${JSON.stringify(v)} is used more than once`, `Give each ${what} a different value.`);
    seen.add(v);
  }
}

/** Checks names, paths and uniqueness; independent of the hypervisor. */
export function checkGuest(guest: Guest): void {
  checkHostName(guest.hostName);
  guest.interfaces.forEach((iface, i) => {
    const at = ["interfaces", String(i)];
    if (iface.id.length > 15) {
      fail([...at, "id"], `MicroVM ${guest.hostName}: interface name ${JSON.stringify(iface.id)} is longer than the maximum length of 15 characters on Linux`);
    }
    checkName(iface.id, IFNAME, [...at, "id"], "an interface name (1 to 15 of A-Z a-z 0-9 _ . -)");
    checkName(iface.mac, MAC, [...at, "mac"], "a MAC address like 02:00:00:00:00:01");
    if ((iface.type === "bridge") !== (iface.bridge !== null)) {
      fail([...at, "bridge"], iface.type === "bridge"
        ? `MicroVM ${guest.hostName}: interface ${iface.id} is of type "bridge" but doesn't have a bridge to attach to defined`
        : `MicroVM ${guest.hostName}: interface ${iface.id} is not of type "bridge" and therefore shouldn't have a "bridge" option defined`);
    }
    if (iface.bridge !== null) checkName(iface.bridge, IFNAME, [...at, "bridge"], "a bridge interface name");
    if (iface.type === "macvtap") {
      if (iface.macvtap.link === null || iface.macvtap.mode === null) fail([...at, "macvtap"], `MicroVM ${guest.hostName}: macvtap interface ${iface.id} needs macvtap.link and macvtap.mode`);
      checkName(iface.macvtap.link, IFNAME, [...at, "macvtap", "link"], "an interface name");
    }
  });
  checkUnique(guest.interfaces.map((i) => i.id), ["interfaces"], "interface id", guest.hostName);
  guest.forwardPorts.forEach((fwd, i) => {
    for (const side of ["host", "guest"] as const) {
      const address = fwd[side].address;
      if (address !== "" && isIP(address) !== 4) fail(["forwardPorts", String(i), side, "address"], `microvm.forwardPorts.${i}.${side}.address: ${JSON.stringify(address)} is not an IPv4 address`);
    }
  });
  guest.volumes.forEach((volume, i) => {
    const at = ["volumes", String(i)];
    checkHostPath(volume.image, [...at, "image"]);
    if (volume.label !== null) checkName(volume.label, LABEL, [...at, "label"], "a file system label (1 to 16 of A-Z a-z 0-9 _ . -)");
    checkName(volume.fsType, FS_TYPE, [...at, "fsType"], "a file system type");
    if (volume.serial !== null) checkName(volume.serial, SERIAL, [...at, "serial"], "a disk serial (1 to 20 of A-Z a-z 0-9 _ . -)");
    if (volume.mountPoint !== null) checkHostPath(volume.mountPoint, [...at, "mountPoint"], true);
    if (volume.autoCreate && (volume.size === null || volume.size <= 0)) {
      fail([...at, "size"], `microvm.volumes.${i}: specify a size (MiB) for volume ${volume.image} or set autoCreate = false`);
    }
    volume.mkfsExtraArgs.forEach((arg) => arg.includes("\0") && fail([...at, "mkfsExtraArgs"], "mkfsExtraArgs contain a NUL character"));
  });
  checkUnique(guest.volumes.map((v) => v.image), ["volumes"], "volume image", guest.hostName);
  guest.shares.forEach((share, i) => {
    const at = ["shares", String(i)];
    checkName(share.tag, TAG, [...at, "tag"], "a share tag (1 to 31 of A-Z a-z 0-9 _ . -)");
    checkHostPath(share.source, [...at, "source"], true);
    checkHostPath(share.mountPoint, [...at, "mountPoint"], true);
    if (share.proto === "virtiofs") {
      if (share.socket === null) fail([...at, "socket"], `MicroVM ${guest.hostName}: virtiofs share with tag "${share.tag}" is missing a \`socket\` path`);
      checkHostPath(share.socket, [...at, "socket"]);
    }
  });
  checkUnique(guest.shares.map((s) => s.tag), ["shares"], "share tag", guest.hostName);
  checkUnique(guest.shares.flatMap((s) => (s.proto === "virtiofs" && s.socket !== null ? [s.socket] : [])), ["shares"], "share socket", guest.hostName);
  guest.devices.forEach((device, i) => {
    const at = ["devices", String(i)];
    checkName(device.path, device.bus === "pci" ? PCI : USB, [...at, "path"], device.bus === "pci" ? "a PCI address like 0000:01:00.0" : "a USB device like vendorid=0xabcd,productid=0x0123");
    if (device.deviceExtraArgs !== null) checkName(device.deviceExtraArgs, OPTION_VALUE, [...at, "qemu", "deviceExtraArgs"], "a list of qemu device options");
  });
  if (guest.socket !== null) checkHostPath(guest.socket, ["socket"]);
  if (guest.user !== null) checkName(guest.user, USER, ["user"], "a user name");
  guest.kernelParams.forEach((p) => /[\0\n\r]/.test(p) && fail(["kernelParams"], `microvm.kernelParams: ${JSON.stringify(p)} contains a line break or NUL`));
  if (guest.vsockCid !== null && guest.vsockCid < 3) fail(["vsock", "cid"], `microvm.vsock.cid ${guest.vsockCid} is reserved (0 hypervisor, 1 loopback, 2 host); use 3 or more`);
}

/** The features `guest` uses, each with the option path that turns it on. */
export function usedFeatures(guest: Guest): { feature: Feature; optionPath: string[] }[] {
  const used: { feature: Feature; optionPath: string[] }[] = [];
  guest.shares.forEach((s, i) => used.push({ feature: s.proto === "9p" ? "share-9p" : "share-virtiofs", optionPath: ["shares", String(i), "proto"] }));
  guest.interfaces.forEach((n, i) => used.push({ feature: `interface-${n.type}`, optionPath: ["interfaces", String(i), "type"] }));
  if (guest.forwardPorts.length > 0) used.push({ feature: "forward-ports", optionPath: ["forwardPorts"] });
  guest.devices.forEach((d, i) => used.push({ feature: d.bus === "pci" ? "device-pci" : "device-usb", optionPath: ["devices", String(i), "bus"] }));
  guest.volumes.forEach((v, i) => {
    if (v.serial !== null) used.push({ feature: "volume-serial", optionPath: ["volumes", String(i), "serial"] });
    if (v.direct) used.push({ feature: "volume-direct", optionPath: ["volumes", String(i), "direct"] });
  });
  if (guest.balloon) used.push({ feature: "balloon", optionPath: ["balloon"] });
  if (guest.vsockCid !== null) used.push({ feature: "vsock", optionPath: ["vsock", "cid"] });
  if (guest.user !== null) used.push({ feature: "user", optionPath: ["user"] });
  if (guest.graphics) used.push({ feature: "graphics", optionPath: ["graphics", "enable"] });
  if (guest.socket === null) used.push({ feature: "no-socket", optionPath: ["socket"] });
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
};

/** Throws when `hypervisor` cannot run `guest`, naming the hypervisors that can. */
export function checkSupport(guest: Guest, hypervisor: Hypervisor): void {
  if (!IMPLEMENTED_HYPERVISORS.includes(hypervisor)) {
    fail(["runner", hypervisor], `tsden has no runner for ${hypervisor} yet`, `Runners exist for ${IMPLEMENTED_HYPERVISORS.join(", ")}.`);
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
  if (guest.forwardPorts.length > 0 && !guest.interfaces.some((i) => i.type === "user")) {
    fail(["forwardPorts"], `MicroVM ${guest.hostName}: \`microvm.forwardPorts\` works only with qemu and one network interface with \`type = "user"\``);
  }
}
