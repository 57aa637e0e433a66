import { describe, expect, it } from "vitest";
import { systemInitSpec } from "../../../src/os/index.js";
import { errorOf, evalOs } from "./eval-os.js";

/** What reads the bad value (a list is read element by element: its elements are computed when read). */
type Read = (config: ReturnType<typeof evalOs>) => unknown;

/** A bad value, what reads it, and what the error must say (besides the file). */
const cases: [label: string, definition: Record<string, unknown>, read: Read, expected: RegExp][] = [
  [
    "host name with a dot",
    { networking: { hostName: "web.example" } },
    (c) => c.networking.hostName,
    /`networking\.hostName' is not of type `host name/,
  ],
  [
    "host name with a command",
    { networking: { hostName: "$(reboot)" } },
    (c) => c.networking.hostName,
    /`networking\.hostName' is not of type `host name/,
  ],
  [
    "host name too long",
    { networking: { hostName: "a".repeat(64) } },
    (c) => c.networking.hostName,
    /host name \(1 to 63/,
  ],
  [
    "interface name of 16 characters",
    { networking: { interfaces: { "sixteen-chars-ab": {} } } },
    (c) => c.networking.interfaces,
    /keyed by interface names \(1 to 15/,
  ],
  [
    "interface name with a space",
    { networking: { interfaces: { "eth 0": {} } } },
    (c) => c.networking.interfaces,
    /keyed by interface names/,
  ],
  [
    "interface name ..",
    { networking: { interfaces: { "..": {} } } },
    (c) => c.networking.interfaces,
    /keyed by interface names/,
  ],
  [
    "IPv4 address out of range",
    { networking: { interfaces: { eth0: { ipv4: { addresses: [{ address: "300.1.1.1", prefixLength: 24 }] } } } } },
    (c) => JSON.stringify(c.networking.interfaces),
    /address' is not of type `IPv4 address'/,
  ],
  [
    "prefix length 33",
    { networking: { interfaces: { eth0: { ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 33 }] } } } } },
    (c) => JSON.stringify(c.networking.interfaces),
    /prefixLength' is not of type `integer between 0 and 32/,
  ],
  [
    "gateway that is not an address",
    { networking: { defaultGateway: "gateway; reboot" } },
    (c) => JSON.stringify(c.networking.defaultGateway),
    /`IP address'/,
  ],
  [
    "nameserver that is not an address",
    { networking: { nameservers: ["dns.example"] } },
    (c) => [...c.networking.nameservers],
    /`IP address'/,
  ],
  [
    "relative mount point",
    { fileSystems: { "mnt/data": { device: "/dev/vdb" } } },
    (c) => c.fileSystems,
    /keyed by clean absolute mount points/,
  ],
  [
    "mount point with ..",
    { fileSystems: { "/mnt/../etc": { device: "/dev/vdb" } } },
    (c) => c.fileSystems,
    /keyed by clean absolute mount points/,
  ],
  [
    "mount point with //",
    { fileSystems: { "/mnt//x": { device: "/dev/vdb" } } },
    (c) => c.fileSystems,
    /keyed by clean absolute mount points/,
  ],
  [
    "mountPoint option with ..",
    { fileSystems: { "/mnt/x": { device: "/dev/vdb", mountPoint: "/mnt/x/.." } } },
    (c) => c.fileSystems["/mnt/x"]!.mountPoint,
    /mountPoint' is not of type `clean absolute path/,
  ],
  [
    "mount option with a comma",
    { fileSystems: { "/mnt/x": { device: "/dev/vdb", options: ["rw,exec"] } } },
    (c) => [...c.fileSystems["/mnt/x"]!.options],
    /`mount option \(no commas/,
  ],
  [
    "file system type with a space",
    { fileSystems: { "/mnt/x": { device: "/dev/vdb", fsType: "ext4 -o x" } } },
    (c) => c.fileSystems["/mnt/x"]!.fsType,
    /`file system type name/,
  ],
  [
    "empty mount options",
    { fileSystems: { "/mnt/x": { device: "/dev/vdb", options: [] } } },
    (c) => c.fileSystems["/mnt/x"]!.options,
    /`non-empty \(list of mount option/,
  ],
  [
    "kernel module with a semicolon",
    { boot: { kernelModules: ["ext4;reboot"] } },
    (c) => [...c.boot.kernelModules],
    /`kernel module name/,
  ],
  [
    "kernel parameter with a newline",
    { boot: { kernelParams: ["quiet\ninit=/bin/sh"] } },
    (c) => [...c.boot.kernelParams],
    /without newlines or NUL/,
  ],
  [
    "relative kernel path",
    { boot: { kernelPath: "bzImage" } },
    (c) => c.boot.kernelPath,
    /`boot\.kernelPath' is not of type `null or absolute path'/,
  ],
  [
    "unknown kernel flavour",
    { boot: { kernel: { flavour: "rt" } } },
    (c) => c.boot.kernel.flavour,
    /one of "generic", "cloud"/,
  ],
];

describe("os options: validation errors name the option and the file", () => {
  it.each(cases)("%s", (_label, definition, read, expected) => {
    const message = errorOf(() => read(evalOs({ _file: "hostile.ts", ...definition })));
    expect(message).toMatch(expected);
    expect(message).toContain("hostile.ts");
  });

  it("an unknown option is reported with its path", () => {
    expect(errorOf(() => evalOs({ _file: "typo.ts", networking: { hostname: "x" } }).networking.hostName)).toMatch(
      /The option `networking\.hostname' does not exist/,
    );
  });
});

describe("os options: disagreements between options, found when the init is derived", () => {
  const spec = (definition: Record<string, unknown>) => errorOf(() => systemInitSpec(evalOs(definition)));

  it("a gateway on an undeclared interface", () => {
    expect(
      spec({ networking: { interfaces: { eth0: {} }, defaultGateway: { address: "10.0.0.1", interface: "eth1" } } }),
    ).toBe(
      'networking.defaultGateway.interface is "eth1", which is not in networking.interfaces; declare it there or drop the interface',
    );
  });

  it("a gateway without interfaces", () => {
    expect(spec({ networking: { defaultGateway: "10.0.0.1" } })).toMatch(
      /networking\.defaultGateway is set but networking\.interfaces is empty/,
    );
  });

  it("a root file system other than tmpfs", () => {
    expect(spec({ fileSystems: { "/": { device: "/dev/vda", fsType: "ext4" } } })).toMatch(
      /fileSystems\."\/": the root file system is the initramfs \(in RAM\); "\/" can only be a tmpfs/,
    );
  });

  it("a share without its tag", () => {
    expect(spec({ fileSystems: { "/mnt/s": { fsType: "9p" } } })).toBe(
      'fileSystems."/mnt/s".device is null: set it to the 9p tag',
    );
  });

  it("a share tag or a device that the init cannot take", () => {
    expect(spec({ fileSystems: { "/mnt/s": { fsType: "9p", device: "my share" } } })).toBe(
      'fileSystems."/mnt/s".device "my share" is not a valid 9p tag: use 1 to 31 of A-Z a-z 0-9 _ . : -',
    );
    expect(spec({ fileSystems: { "/mnt/d": { fsType: "ext4", device: "$(reboot)" } } })).toMatch(
      /^fileSystems\."\/mnt\/d"\.device "\$\(reboot\)" is not a device: use \/dev\/vdX, LABEL=\.\.\., or UUID=\.\.\.$/,
    );
    expect(spec({ fileSystems: { "/mnt/d": { fsType: "ext4", label: "my data" } } })).toMatch(
      /^fileSystems\."\/mnt\/d"\.label "LABEL=my data" is not a device/,
    );
  });
});
