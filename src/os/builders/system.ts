/**
 * From an evaluated `os` configuration to what its initramfs's init does: a pure
 * function. File systems and interfaces are taken in sorted order; the root file
 * system is the initramfs itself, so `fileSystems."/"` may only be a tmpfs (skipped).
 * DHCP follows NixOS: an interface's `useDHCP`, else `networking.useDHCP` when the
 * interface has no static address. The default gateway goes to its named interface,
 * else to the first with a static address, else to the first.
 */
import type { OsConfig, OsFileSystem, OsInterface } from "../options/os-config.js";
import { impliedKernelModules } from "./init-script.js";
import {
  TAGGED_FS_TYPES,
  VIRTUAL_FS_TYPES,
  validateMount,
  type InitInterface,
  type InitMount,
  type InitSpec,
} from "./init-spec.js";

/** The parts of an `os` configuration the init reads. */
export type SystemInitInput = Pick<OsConfig, "networking" | "fileSystems"> & {
  readonly boot: Pick<OsConfig["boot"], "kernelModules" | "postBootCommands" | "poweroffAfterCommands">;
};

/** The init specification of `config`; throws an error naming the option when two options disagree. */
export function systemInitSpec(config: SystemInitInput): InitSpec {
  const mounts = Object.keys(config.fileSystems)
    .sort()
    .flatMap((key) => toMount(key, config.fileSystems[key]!));
  const interfaces = toInterfaces(config);
  const base: InitSpec = {
    hostName: config.networking.hostName,
    kernelModules: [],
    mounts,
    interfaces,
    nameservers: [...config.networking.nameservers],
    commands: config.boot.postBootCommands.trim() === "" ? [] : [config.boot.postBootCommands],
    poweroffAfterCommands: config.boot.poweroffAfterCommands,
  };
  const kernelModules = [...new Set([...impliedKernelModules(base), ...config.boot.kernelModules])];
  return { ...base, kernelModules };
}

function toMount(key: string, fs: OsFileSystem): InitMount[] {
  const where = `fileSystems.${JSON.stringify(key)}`;
  if (fs.mountPoint === "/") {
    if (fs.fsType === "tmpfs") return [];
    throw new Error(
      `${where}: the root file system is the initramfs (in RAM); "/" can only be a tmpfs. Mount ${fs.fsType} elsewhere, e.g. /mnt`,
    );
  }
  let source = fs.device ?? (fs.label === null ? null : `LABEL=${fs.label}`);
  if (source === null) {
    if (!VIRTUAL_FS_TYPES.has(fs.fsType)) {
      const what = TAGGED_FS_TYPES.has(fs.fsType) ? `the ${fs.fsType} tag` : "a device or label";
      throw new Error(`${where}.device is null: set it to ${what}`);
    }
    source = fs.fsType;
  }
  const options = fs.options.filter((o) => o !== "defaults");
  const mount: InitMount = {
    fsType: fs.fsType,
    source,
    mountPoint: fs.mountPoint,
    ...(options.length > 0 ? { options } : {}),
  };
  validateMount(mount, where, fs.device === null ? "label" : "device");
  return [mount];
}

function toInterfaces(config: SystemInitInput): InitInterface[] {
  const { networking } = config;
  const list: OsInterface[] = Object.keys(networking.interfaces)
    .sort()
    .map((key) => networking.interfaces[key]!);
  const gateway = networking.defaultGateway;
  let gatewayOn: string | undefined;
  if (gateway !== null) {
    if (gateway.interface !== null) {
      if (!list.some((i) => i.name === gateway.interface)) {
        throw new Error(
          `networking.defaultGateway.interface is ${JSON.stringify(gateway.interface)}, which is not in networking.interfaces; declare it there or drop the interface`,
        );
      }
      gatewayOn = gateway.interface;
    } else {
      gatewayOn = (list.find((i) => i.ipv4.addresses.length > 0) ?? list[0])?.name;
      if (gatewayOn === undefined) {
        throw new Error(
          "networking.defaultGateway is set but networking.interfaces is empty; declare the interface the gateway is on",
        );
      }
    }
  }
  return list.map((iface) => {
    const addresses = iface.ipv4.addresses.map((a) => `${a.address}/${a.prefixLength}`);
    const dhcp = iface.useDHCP ?? (networking.useDHCP && addresses.length === 0);
    return {
      name: iface.name,
      addresses,
      dhcp,
      ...(gatewayOn === iface.name && gateway !== null ? { gateway: gateway.address } : {}),
    };
  });
}
