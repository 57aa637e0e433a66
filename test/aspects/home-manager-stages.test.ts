/** The home-manager stages on hosts: isolation without homeManager users, useGlobalPkgs through hm-host, define-user's home directory, a home's custom instantiate with special arguments. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { evalDen, funnyNames, hmOptions } from "./helpers.js";

const homeOpts = {
  options: {
    home: {
      username: mkOption({ type: types.str, default: "" }),
      homeDirectory: mkOption({ type: types.str, default: "" }),
    },
    programs: mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }),
  },
};

describe("home-manager stages", () => {
  it("hm-host's owned classes and includes do not apply to a host without homeManager users", () => {
    for (const hmHost of [
      { funny: { names: ["hm-host-owned"] } },
      { includes: [{ funny: { names: ["hm-host-include"] } }] },
    ]) {
      const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: {} } }, ctx: { "hm-host": hmHost } } });
      expect(funnyNames(r.den.ctx.host!({ host: r.den.hosts["x86_64-linux"]!.igloo }))).toEqual([]);
    }
  });

  it("useGlobalPkgs: set through den.ctx.hm-host, false by default, no home-manager option without homeManager users", () => {
    const tux = { tux: { classes: ["homeManager"] } };
    const on = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: tux } } },
        ctx: { "hm-host": { os: { "home-manager": { useGlobalPkgs: true } } } },
      },
    });
    expect(on.flake.osConfigurations.igloo.config["home-manager"].useGlobalPkgs).toBe(true);
    const off = evalDen({ den: { hosts: { "x86_64-linux": { igloo: { users: tux } } } } });
    expect(off.flake.osConfigurations.igloo.config["home-manager"].useGlobalPkgs).toBe(false);
    const none = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: {} } },
        ctx: { "hm-host": { os: { "home-manager": { useGlobalPkgs: true } } } },
      },
    });
    expect("home-manager" in none.flake.osConfigurations.igloo.config).toBe(false);
  });

  it("define-user sets the home's username and home directory", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        classes: { homeManager: [homeOpts] },
        hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["homeManager"] } } } } },
        default: { includes: [den.provides["define-user"]] },
      },
    }));
    const home = r.flake.osConfigurations.igloo.config["home-manager"].users.tux.home;
    expect([home.username, home.homeDirectory]).toEqual(["tux", "/home/tux"]);
  });

  it("a home's custom instantiate gives its modules special arguments (osConfig of another host)", () => {
    const r = evalDen(({ config }: any) => ({
      den: {
        classes: { homeManager: [homeOpts] },
        hosts: { "x86_64-linux": { igloo: {} } },
        homes: {
          "x86_64-linux": {
            pingu: {
              instantiate: ({ modules }: any) =>
                evalModules({
                  modules: [hmOptions, homeOpts, ...modules],
                  specialArgs: { osConfig: config.flake.osConfigurations.igloo.config },
                }),
            },
          },
        },
        aspects: {
          igloo: { os: { programs: { vim: { enable: true } } } },
          pingu: {
            homeManager: ({ osConfig }: any) => ({
              programs: {
                get emacs() {
                  return { enable: osConfig.programs.vim.enable };
                },
              },
            }),
          },
        },
      },
    }));
    expect(r.flake.homeConfigurations.pingu.config.programs.emacs.enable).toBe(true);
  });
});
