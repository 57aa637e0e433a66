/** What the initramfs's init does, and the checks that keep each value well-formed. */
import { isIP } from "node:net";

/** A file system the init mounts; `source` is a 9p/virtiofs tag, a device or `LABEL=`/`UUID=`. */
export interface InitMount {
  readonly fsType: string;
  readonly source: string;
  readonly mountPoint: string;
  readonly options?: readonly string[];
  readonly readOnly?: boolean;
}

/** A network interface the init brings up. */
export interface InitInterface {
  readonly name: string;
  /** CIDR addresses, e.g. `10.0.2.15/24`. */
  readonly addresses?: readonly string[];
  readonly dhcp?: boolean;
  readonly gateway?: string;
}

/** Everything the init script does, in order. */
export interface InitSpec {
  readonly hostName: string;
  /** Module names to load (with their dependencies); built-in ones are skipped. */
  readonly kernelModules: readonly string[];
  readonly mounts: readonly InitMount[];
  readonly interfaces: readonly InitInterface[];
  /** Resolvers written to /etc/resolv.conf after the interfaces are up. */
  readonly nameservers?: readonly string[];
  /** Shell commands, each run with `sh -c` in its own process. */
  readonly commands: readonly string[];
  readonly poweroffAfterCommands: boolean;
  /** The system profile (`system.build.systemPath`) init copies into `/` after the mounts; absent: none. */
  readonly systemPath?: string;
}

/** File systems mounted by tag rather than by device. */
export const TAGGED_FS_TYPES: ReadonlySet<string> = new Set(["9p", "virtiofs"]);
/** File systems without a backing device. */
export const VIRTUAL_FS_TYPES: ReadonlySet<string> = new Set(["tmpfs", "overlay", "proc", "sysfs"]);

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const FS_TYPE = /^[a-z0-9_.]{1,32}$/;
const TAG = /^[A-Za-z0-9_.:-]{1,31}$/;
const OPTION = /^[A-Za-z0-9_.:/=+@-]+$/;
const DEVICE = /^(\/dev\/[A-Za-z0-9_.:/-]+|(LABEL|UUID|PARTLABEL|PARTUUID)=[A-Za-z0-9_.:-]{1,64})$/;

/** Throws an error naming the first malformed value in `spec`. */
export function validateInitSpec(spec: InitSpec): void {
  if (!HOST_NAME.test(spec.hostName)) {
    throw new Error(
      `invalid host name ${JSON.stringify(spec.hostName)}: use 1 to 63 letters, digits and inner hyphens (no dots)`,
    );
  }
  for (const name of spec.kernelModules) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new Error(`invalid kernel module name ${JSON.stringify(name)}: use letters, digits, "_" and "-"`);
    }
  }
  spec.mounts.forEach((mount, i) => validateMount(mount, `mounts[${i}]`));
  const points = new Set<string>();
  for (const mount of spec.mounts) {
    if (points.has(mount.mountPoint)) throw new Error(`two file systems are mounted on ${mount.mountPoint}; keep one`);
    points.add(mount.mountPoint);
  }
  if (spec.systemPath !== undefined) validateAbsolutePath(spec.systemPath, "systemPath");
  spec.interfaces.forEach((iface, i) => validateInterface(iface, `interfaces[${i}]`));
  for (const server of spec.nameservers ?? []) {
    if (isIP(server) === 0) throw new Error(`nameservers: ${JSON.stringify(server)} is not an IP address`);
  }
  spec.commands.forEach((command, i) => {
    if (command.includes("\0")) throw new Error(`commands[${i}] contains a NUL character, which no shell can run`);
  });
}

/** Throws unless `path` is absolute, normalised and free of `.`/`..` parts and control characters. */
export function validateAbsolutePath(path: string, where: string): void {
  const parts = path.split("/").slice(1);
  const bad =
    !path.startsWith("/") ||
    /[\0-\x1f\x7f]/.test(path) ||
    (path !== "/" && parts.some((p) => p === "" || p === "." || p === ".."));
  if (bad) {
    throw new Error(
      `${where}: ${JSON.stringify(path)} is not a clean absolute path; write it like /mnt/data (no "..", "//" or control characters)`,
    );
  }
}

/** Throws an error naming `where` when `mount` is malformed; `sourceName` is how the error calls the source. */
export function validateMount(mount: InitMount, where: string, sourceName = "source"): void {
  validateAbsolutePath(mount.mountPoint, `${where}.mountPoint`);
  if (mount.mountPoint === "/")
    throw new Error(`${where}.mountPoint: the initramfs is "/"; mount elsewhere, e.g. /mnt`);
  if (!FS_TYPE.test(mount.fsType))
    throw new Error(`${where}.fsType ${JSON.stringify(mount.fsType)} is not a file system type name`);
  if (TAGGED_FS_TYPES.has(mount.fsType)) {
    if (!TAG.test(mount.source)) {
      throw new Error(
        `${where}.${sourceName} ${JSON.stringify(mount.source)} is not a valid ${mount.fsType} tag: use 1 to 31 of A-Z a-z 0-9 _ . : -`,
      );
    }
  } else if (!VIRTUAL_FS_TYPES.has(mount.fsType) && !DEVICE.test(mount.source)) {
    throw new Error(
      `${where}.${sourceName} ${JSON.stringify(mount.source)} is not a device: use /dev/vdX, LABEL=..., or UUID=...`,
    );
  }
  for (const option of mount.options ?? []) {
    if (!OPTION.test(option)) {
      throw new Error(
        `${where}.options: ${JSON.stringify(option)} is not one mount option (no commas, spaces or quotes)`,
      );
    }
  }
}

function validateInterface(iface: InitInterface, where: string): void {
  if (!IFNAME.test(iface.name) || iface.name === "." || iface.name === "..") {
    throw new Error(
      `${where}.name ${JSON.stringify(iface.name)} is not an interface name: 1 to 15 of A-Z a-z 0-9 _ . -`,
    );
  }
  for (const address of iface.addresses ?? []) {
    const [ip, prefix, extra] = address.split("/");
    const family = isIP(ip ?? "");
    const bits = Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefix ?? "") || bits > max) {
      throw new Error(
        `${where}.addresses: ${JSON.stringify(address)} is not an address with prefix length, e.g. 10.0.0.2/24`,
      );
    }
  }
  if (iface.gateway !== undefined && isIP(iface.gateway) === 0) {
    throw new Error(`${where}.gateway ${JSON.stringify(iface.gateway)} is not an IP address`);
  }
}
