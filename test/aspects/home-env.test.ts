/** Home environments as stages: home-manager (hm-host, hm-user), hjem and maid forward a user class into the host. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen, sorted } from "./helpers.js";

const igloo = (users: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  den: { hosts: { "x86_64-linux": { igloo: { users, ...extra } } } },
});
const cfgOf = (r: ReturnType<typeof evalDen>) => r.flake.osConfigurations.igloo.config;

describe("home-manager", () => {
  it("forwards the homeManager class of users listing it into home-manager.users.<userName>", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"], userName: "tux-login" }, pingu: {} }), {
      den: { aspects: { tux: { homeManager: { list: ["from-tux"] } } } },
    });
    const hm = cfgOf(r)["home-manager"];
    expect(Object.keys(hm.users)).toEqual(["tux-login"]);
    expect(hm.users["tux-login"].list).toEqual(["from-tux"]);
    expect(r.den.hosts["x86_64-linux"]!.igloo!["home-manager"]).toMatchObject({ enable: true });
  });

  it("a host without homeManager users has no hm stages: neither the option nor what den.ctx.hm-host holds", () => {
    const r = evalDen(igloo({ tux: {} }), {
      den: {
        ctx: { "hm-host": { os: { list: ["hm-host-owned"] }, includes: [{ os: { list: ["hm-host-include"] } }] } },
      },
    });
    expect(cfgOf(r).list).toEqual([]);
    expect("home-manager" in cfgOf(r)).toBe(false);
    expect((r.den.hosts["x86_64-linux"]!.igloo as any)["home-manager"].enable).toBe(false);
  });

  it("den.ctx.hm-host applies to hosts with homeManager users; den.ctx.hm-user and den.ctx.user reach the user's home", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"] } }), {
      den: {
        ctx: {
          "hm-host": {
            os: { list: ["hm-host-owned"] },
            includes: [{ os: { "home-manager": { useGlobalPkgs: true } } }],
          },
          "hm-user": { includes: [{ homeManager: { list: ["from-hm-user"] } }] },
          user: { includes: [{ homeManager: { list: ["from-user-stage"] } }] },
        },
      },
    });
    const cfg = cfgOf(r);
    expect(cfg.list).toEqual(["hm-host-owned"]);
    expect(cfg["home-manager"].useGlobalPkgs).toBe(true);
    expect(sorted(cfg["home-manager"].users.tux.list)).toEqual(["from-hm-user", "from-user-stage"]);
  });

  it("an aspect both the host and the user include reaches the user's home once, from the user only", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"] } }), ({ den }: any) => ({
      den: {
        aspects: {
          bash: { homeManager: { list: ["history-ignore"] }, os: { list: ["bash-os"] } },
          igloo: { includes: [den.aspects.bash] },
          tux: { includes: [den.aspects.bash] },
        },
      },
    }));
    expect(cfgOf(r)["home-manager"].users.tux.list).toEqual(["history-ignore"]);
  });

  it("home modules receive osConfig, the host's configuration", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"] } }), {
      den: {
        aspects: {
          igloo: { os: { networking: { hostName: "igloo.lan" } } },
          tux: { homeManager: ({ osConfig }: any) => ({ name: `on ${osConfig.networking.hostName}` }) },
        },
      },
    });
    expect(cfgOf(r)["home-manager"].users.tux.name).toBe("on igloo.lan");
  });

  it("enable = false on a host turns the stages off", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"] } }, { "home-manager": { enable: false } }), {
      den: { aspects: { tux: { homeManager: { list: ["x"] } } } },
    });
    expect("home-manager" in cfgOf(r)).toBe(false);
  });
});

describe("hjem and maid", () => {
  it("hjem: the hjem class goes to hjem.users.<userName>, merged with the host's own definitions", () => {
    const r = evalDen(igloo({ tux: { classes: ["hjem"] } }), {
      den: {
        aspects: {
          tux: { hjem: { theme: "nord", tags: ["from-hjem"] } },
          igloo: { os: { hjem: { users: { tux: { tags: ["from-os"] } } } } },
        },
      },
    });
    const tux = cfgOf(r).hjem.users.tux;
    expect(tux.theme).toBe("nord");
    expect(sorted(tux.tags)).toEqual(["from-hjem", "from-os"]);
  });

  it("hjem: no hjem option without a hjem user; a host's hjem.module replaces the default; den.ctx.hjem-user applies", () => {
    expect("hjem" in cfgOf(evalDen(igloo({ tux: {} })))).toBe(false);
    const module = {
      options: {
        hjem: {
          users: mkOption({
            type: types.lazyAttrsOf(
              types.submodule({ options: { foo: mkOption({ type: types.str, default: "<notset>" }) } }),
            ),
          }),
        },
      },
    };
    const r = evalDen(igloo({ tux: { classes: ["hjem"] } }, { hjem: { module } }), {
      den: { ctx: { "hjem-user": { includes: [{ hjem: { foo: "bar" } }] } } },
    });
    expect(cfgOf(r).hjem.users.tux.foo).toBe("bar");
  });

  it("maid: the maid class goes to users.users.<userName>.maid, merged with the host's own definitions", () => {
    const r = evalDen(igloo({ tux: { classes: ["maid"] }, pingu: {} }), {
      den: {
        aspects: {
          tux: { maid: { description: "maid-tux", tags: ["from-maid"] } },
          igloo: { os: { users: { users: { tux: { maid: { tags: ["from-os"] } } } } } },
        },
      },
    });
    const users = cfgOf(r).users.users;
    expect(users.tux.maid.description).toBe("maid-tux");
    expect(sorted(users.tux.maid.tags)).toEqual(["from-maid", "from-os"]);
    expect(users.pingu.maid).toEqual({});
    expect("maid" in cfgOf(evalDen(igloo({ tux: {} }))).users.users.tux).toBe(false);
  });
});
