/** `pkgs` in Den's per-system output classes, given by osClassModule (no apt needed: packages are not built). */
import { describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { denModule } from "../../../src/aspects/index.js";
import { osClassModule } from "../../../src/os/index.js";
import { isPackage } from "../../../src/store/package.js";

describe("pkgs of the per-system output classes", () => {
  it("an aspect's packages class names Debian packages as outputs packages.<system>.<name>", () => {
    const config = evalModules({
      modules: [
        denModule,
        osClassModule,
        { den: { hosts: { "x86_64-linux": { igloo: {} } } } },
        ({ den }: { den: any }) => ({
          den: {
            aspects: {
              tools: { packages: ({ pkgs }: any) => ({ cowsay: pkgs.cowsay }) },
              igloo: { os: ({ pkgs }: any) => ({ environment: { systemPackages: [pkgs.cowsay] } }) },
            },
            ctx: { "flake-packages": { includes: [den.aspects.tools] } },
          },
        }),
      ],
    }).config as any;
    const cowsay = config.flake.packages["x86_64-linux"].cowsay;
    expect(isPackage(cowsay)).toBe(true);
    expect(cowsay.name).toBe("cowsay");
    // the os class still has its own pkgs
    expect(config.flake.osConfigurations.igloo.config.environment.systemPackages.map((p: any) => p.name)).toContain(
      "cowsay",
    );
  });
});
