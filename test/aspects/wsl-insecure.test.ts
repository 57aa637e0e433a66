/** The wsl battery (the wsl-host stage) and the insecure battery. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

const wslOptions = {
  options: { wsl: { defaultUser: mkOption({ type: types.str }), enable: mkOption({ type: types.bool }) } },
};
const igloo = (extra: Record<string, unknown>) => ({
  den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} }, ...extra } } } },
});

describe("wsl", () => {
  it("a wsl host imports host.wsl.module, enables it, and gets the wsl class forwarded (primary-user's default user)", () => {
    const r = evalDen(igloo({ wsl: { enable: true, module: wslOptions } }), ({ den }: any) => ({
      den: { aspects: { tux: { includes: [den.provides["primary-user"]] } } },
    }));
    const cfg = r.flake.osConfigurations.igloo.config;
    expect(cfg.wsl).toEqual({ defaultUser: "tux", enable: true });
  });

  it("the wsl class from a host's context function reaches it too; the default module declares the options", () => {
    const r = evalDen(igloo({ wsl: { enable: true } }), {
      den: { aspects: { igloo: { includes: [({ host }: any) => ({ wsl: { defaultUser: `${host.name}-admin` } })] } } },
    });
    expect(r.flake.osConfigurations.igloo.config.wsl).toEqual({ enable: true, defaultUser: "igloo-admin" });
  });

  it("a host without wsl.enable has no wsl-host stage (no wsl option, den.ctx.wsl-host does not apply)", () => {
    const r = evalDen(igloo({}), { den: { ctx: { "wsl-host": { os: { list: ["wsl-host"] } } } } });
    const cfg = r.flake.osConfigurations.igloo.config;
    expect("wsl" in cfg).toBe(false);
    expect(cfg.list).toEqual([]);
  });
});

describe("insecure", () => {
  it("allows insecure packages by name in the class being resolved, the option declared once", () => {
    const r = evalDen(igloo({}), ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            includes: [
              den.provides.insecure(["hello-1.0.0"]),
              ({ host }: any) => den.provides.insecure(["openssl-1.1"]),
            ],
          },
        },
      },
    }));
    const cfg = r.flake.osConfigurations.igloo.config;
    expect([...cfg.permittedInsecurePackages.packages].sort()).toEqual(["hello-1.0.0", "openssl-1.1"]);
  });
});
