/** Den hosts of class `os` evaluated with `osModules` through `osClassModule`. */
import { describe, expect, it } from "vitest";
import { denModule } from "../../../src/aspects/index.js";
import { evalModules } from "../../../src/modules/index.js";
import { osClassModule, systemInitSpec, type OsConfig } from "../../../src/os/index.js";

describe("osClassModule", () => {
  it("a Den host's os configuration has the OS vocabulary and its system.build", () => {
    const top = evalModules({
      modules: [
        denModule,
        osClassModule,
        ({ den }: { den: { _: { hostname: unknown } } }) => ({
          _file: "hosts.ts",
          den: {
            hosts: { "x86_64-linux": { "guest-vm": {} } },
            default: { includes: [den._.hostname] },
            aspects: {
              "guest-vm": {
                os: {
                  fileSystems: { "/mnt/share": { device: "share", fsType: "9p" } },
                  boot: { postBootCommands: "echo from-den", poweroffAfterCommands: true },
                },
              },
            },
          },
        }),
      ],
    }) as unknown as { config: { flake: { osConfigurations: Record<string, { config: OsConfig }> } } };
    const config = top.config.flake.osConfigurations["guest-vm"]!.config;
    expect(config.networking.hostName).toBe("guest-vm");
    expect(config.system.build.initialRamdisk.name).toBe("initramfs-guest-vm");
    const spec = systemInitSpec(config);
    expect(spec.commands).toEqual(["echo from-den"]);
    expect(spec.mounts).toEqual([{ fsType: "9p", source: "share", mountPoint: "/mnt/share" }]);
  });

  it("a wrong value set through an aspect is reported", () => {
    const top = evalModules({
      modules: [
        denModule,
        osClassModule,
        {
          den: {
            hosts: { "x86_64-linux": { h: {} } },
            aspects: { h: { os: { networking: { hostName: "bad name" } } } },
          },
        },
      ],
    }) as unknown as { config: { flake: { osConfigurations: Record<string, { config: OsConfig }> } } };
    expect(() => top.config.flake.osConfigurations.h!.config.networking.hostName).toThrow(/is not of type `host name/);
  });
});
