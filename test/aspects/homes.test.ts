/** Standalone homes: name and binding of `<user>@<host>` homes, schema arguments, the mutual provider on { home }, osConfig. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { mutualProvider, perHome } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

describe("homes", () => {
  it("`tux@igloo`: name and userName tux, hostName igloo, output under the full key, den.aspects.tux", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { "tux@igloo": {} } },
        aspects: { tux: { homeManager: { list: ["tux-aspect"] } } },
      },
    });
    const home = r.den.homes["x86_64-linux"]!["tux@igloo"]!;
    expect([home.name, home.userName, home.hostName, home.host, home.user]).toEqual([
      "tux",
      "tux",
      "igloo",
      null,
      null,
    ]);
    expect(Object.keys(r.flake.homeConfigurations)).toEqual(["tux@igloo"]);
    expect(r.flake.homeConfigurations["tux@igloo"].config.list).toEqual(["tux-aspect"]);
  });

  it("binds host and user when the host exists on the home's system, and schema modules receive them", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        homes: { "x86_64-linux": { "tux@igloo": {}, "tux@nowhere": {}, solo: {} } },
        schema: {
          home: ({ host, user }: any) => ({
            options: {
              where: mkOption({ type: types.str, default: host ? `${user.name} on ${host.name}` : "standalone" }),
            },
          }),
        },
      },
    });
    const homes = r.den.homes["x86_64-linux"]!;
    const igloo = r.den.hosts["x86_64-linux"]!.igloo!;
    expect(homes["tux@igloo"]!.host).toBe(igloo);
    expect(homes["tux@igloo"]!.user).toBe(igloo.users.tux);
    expect([homes["tux@igloo"]!.where, homes["tux@nowhere"]!.where, homes.solo!.where]).toEqual([
      "tux on igloo",
      "standalone",
      "standalone",
    ]);
  });

  it("the mutual provider serves { home } contexts: home.aspect.provides.<hostName>", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { "tux@igloo": {}, tux: {} } },
        aspects: {
          tux: {
            provides: {
              igloo: {
                homeManager: { list: ["for-igloo"] },
                includes: [perHome(({ home }: any) => ({ homeManager: { name: home.name } }))],
              },
            },
          },
        },
        ctx: { home: { includes: [mutualProvider] } },
      },
    });
    expect(r.flake.homeConfigurations["tux@igloo"].config).toMatchObject({ list: ["for-igloo"], name: "tux" });
    expect(r.flake.homeConfigurations.tux.config.list).toEqual([]);
  });

  it("a home whose host exists gets osConfig, the host's configuration; a standalone home has no osConfig argument", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        homes: { "x86_64-linux": { "tux@igloo": {}, tux: {} } },
        aspects: {
          igloo: { os: { networking: { hostName: "blizzard" } } },
          tux: {
            homeManager: (args: any) => ({
              name: "osConfig" in args ? args.osConfig.networking.hostName : "standalone",
            }),
          },
        },
      },
    });
    expect(r.flake.homeConfigurations["tux@igloo"].config.name).toBe("blizzard");
    expect(r.flake.homeConfigurations.tux.config.name).toBe("standalone");
  });

  it("den.ctx.home's own classes apply to every standalone home; each home has its output", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { tux: {}, cam: { userName: "cameron" } } },
        ctx: { home: { homeManager: { list: ["vim"] } } },
      },
    });
    expect(Object.keys(r.flake.homeConfigurations).sort()).toEqual(["cam", "tux"]);
    expect([r.flake.homeConfigurations.tux.config.list, r.flake.homeConfigurations.cam.config.list]).toEqual([
      ["vim"],
      ["vim"],
    ]);
    expect(r.den.homes["x86_64-linux"]!.cam!.userName).toBe("cameron");
  });
});
