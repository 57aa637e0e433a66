/** The evaluated shape of an `os` configuration, as `osModules` declare it. */
import type { Package } from "../../store/package.js";

/** One IPv4 address of an interface. */
export interface OsAddress {
  readonly address: string;
  readonly prefixLength: number;
}

/** `networking.interfaces.<name>`. */
export interface OsInterface {
  readonly name: string;
  readonly ipv4: { readonly addresses: readonly OsAddress[] };
  /** null: DHCP when `networking.useDHCP` and no static address. */
  readonly useDHCP: boolean | null;
}

/** `networking.defaultGateway` after coercion from a string. */
export interface OsGateway {
  readonly address: string;
  readonly interface: string | null;
}

/** `fileSystems.<mountPoint>`. */
export interface OsFileSystem {
  readonly mountPoint: string;
  /** A device, `LABEL=`/`UUID=`, or the tag of a 9p/virtiofs share. */
  readonly device: string | null;
  readonly label: string | null;
  readonly fsType: string;
  readonly options: readonly string[];
  readonly neededForBoot: boolean;
}

/** The Debian kernel flavours. */
export type KernelFlavour = "generic" | "cloud";

/** The parts of an evaluated `os` configuration the OS layer reads. */
export interface OsConfig {
  readonly networking: {
    readonly hostName: string;
    readonly useDHCP: boolean;
    readonly interfaces: Readonly<Record<string, OsInterface>>;
    readonly defaultGateway: OsGateway | null;
    readonly nameservers: readonly string[];
    /** A live host applies the options above through systemd-networkd. */
    readonly useNetworkd: boolean;
  };
  readonly boot: {
    readonly kernel: { readonly flavour: KernelFlavour };
    readonly kernelPath: string | null;
    readonly kernelParams: readonly string[];
    readonly kernelModules: readonly string[];
    readonly postBootCommands: string;
    readonly poweroffAfterCommands: boolean;
  };
  readonly fileSystems: Readonly<Record<string, OsFileSystem>>;
  readonly environment: { readonly systemPackages: readonly Package[] };
  readonly system: {
    readonly build: {
      readonly kernel: Package;
      readonly initialRamdisk: Package;
      readonly toplevel: Package;
      readonly systemPath: Package;
      readonly [name: string]: unknown;
    };
  };
}
