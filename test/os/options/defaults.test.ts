import { describe, expect, it } from "vitest";
import { denModule } from "../../../src/aspects/index.js";
import { evalModules, mkForce } from "../../../src/modules/index.js";
import { osClassModule, osModules } from "../../../src/os/index.js";
import { errorOf, evalOs } from "./eval-os.js";

describe("os options: defaults (as NixOS)", () => {
  it("an empty configuration", () => {
    const config = evalOs();
    expect(config.networking).toEqual({
      hostName: "nixos",
      useDHCP: true,
      interfaces: {},
      defaultGateway: null,
      nameservers: [],
      useNetworkd: false,
    });
    expect(config.boot).toEqual({
      kernel: { flavour: "generic" },
      kernelPath: null,
      kernelParams: [],
      kernelModules: [],
      postBootCommands: "",
      poweroffAfterCommands: false,
    });
    expect(config.fileSystems).toEqual({});
    expect(config.environment.systemPackages).toEqual([]);
  });

  it("a file system and an interface get their defaults from their names", () => {
    const config = evalOs({
      fileSystems: { "/mnt/data": { device: "/dev/vdb", fsType: "ext4" } },
      networking: { interfaces: { eth0: {} } },
    });
    expect(config.fileSystems["/mnt/data"]).toEqual({
      mountPoint: "/mnt/data",
      device: "/dev/vdb",
      label: null,
      fsType: "ext4",
      options: ["defaults"],
      neededForBoot: false,
    });
    expect(config.networking.interfaces.eth0).toEqual({ name: "eth0", ipv4: { addresses: [] }, useDHCP: null });
    expect(evalOs({ fileSystems: { "/x": { device: "/dev/vdc" } } }).fileSystems["/x"]!.fsType).toBe("auto");
  });

  it("defaultGateway takes a string or { address, interface }", () => {
    expect(evalOs({ networking: { defaultGateway: "10.0.0.1" } }).networking.defaultGateway).toEqual({
      address: "10.0.0.1",
      interface: null,
    });
    expect(
      evalOs({ networking: { defaultGateway: { address: "10.0.0.1", interface: "eth1" } } }).networking.defaultGateway,
    ).toEqual({
      address: "10.0.0.1",
      interface: "eth1",
    });
  });

  it("postBootCommands from several modules are joined as lines", () => {
    const config = evalOs({ boot: { postBootCommands: "echo one" } }, { boot: { postBootCommands: "echo two" } });
    expect(config.boot.postBootCommands.split("\n").sort()).toEqual(["echo one", "echo two"]);
  });

  it("system.build holds the read-only kernel, initialRamdisk and toplevel packages, and takes more", () => {
    const extra = { type: "derivation", name: "runner" };
    const config = evalOs({ networking: { hostName: "web" }, system: { build: { runner: extra } } });
    expect(config.system.build.kernel.name).toBe("linux-generic");
    expect(config.system.build.initialRamdisk.name).toBe("initramfs-web");
    expect(config.system.build.toplevel.name).toBe("tsden-system-web");
    expect(config.system.build.runner).toBe(extra);
    expect(evalOs({ boot: { kernel: { flavour: "cloud" } } }).system.build.kernel.name).toBe("linux-cloud");
    expect(evalOs({ boot: { kernelPath: "/srv/bzImage" } }).system.build.kernel.name).toBe("linux-user");
    const message = errorOf(
      () => evalOs({ _file: "override.ts", system: { build: { kernel: extra } } }).system.build.kernel,
    );
    expect(message).toContain("`system.build.kernel' is read-only");
    expect(message).toContain("override.ts");
  });

  it("values can be overridden with priorities", () => {
    expect(
      evalOs({ networking: { hostName: "a" } }, { networking: { hostName: mkForce("b") } }).networking.hostName,
    ).toBe("b");
  });

  it("osClassModule registers osModules as den.classes.os", () => {
    const { config } = evalModules({ modules: [denModule, osClassModule] }) as unknown as {
      config: { den: { classes: Record<string, unknown[]> } };
    };
    expect(config.den.classes.os).toEqual([...osModules]);
  });
});
