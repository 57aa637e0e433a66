/** Who configures whom between a host and its users: host-owned classes stay on the host unless the mutual provider routes them, user-owned ones reach every host of the user. */
import { describe, expect, it } from "vitest";
import { evalDen } from "./helpers.js";

const hm = { classes: ["homeManager"] };
const twoUsers = { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm, pingu: hm } } } } } };
const mutual = ({ den }: any) => ({ den: { ctx: { user: { includes: [den.provides["mutual-provider"]] } } } });
const homes = (r: ReturnType<typeof evalDen>) => r.flake.osConfigurations.igloo.config["home-manager"].users;
const lists = (r: ReturnType<typeof evalDen>) => {
  const u = homes(r);
  return [u.tux.list, u.pingu.list];
};

describe("host and user mutual configuration", () => {
  it("a host aspect's homeManager class reaches no user without the mutual provider", () => {
    const r = evalDen(twoUsers, { den: { aspects: { igloo: { homeManager: { list: ["direnv"] } } } } });
    expect(lists(r)).toEqual([[], []]);
  });

  it("a host aspect's include of { host, user } reaches no user without the mutual provider", () => {
    const r = evalDen(twoUsers, {
      den: { aspects: { igloo: { includes: [({ host, user }: any) => ({ homeManager: { list: ["direnv"] } })] } } },
    });
    expect(lists(r)).toEqual([[], []]);
  });

  for (const [how, toUsers] of [
    ["owned", { homeManager: { list: ["direnv"] } }],
    ["a static include", { includes: [{ homeManager: { list: ["direnv"] } }] }],
    ["a { host, user } include", { includes: [({ host, user }: any) => ({ homeManager: { list: ["direnv"] } })] }],
  ] as const) {
    it(`with the mutual provider, provides.to-users (${how}) configures every user`, () => {
      const r = evalDen(twoUsers, mutual, { den: { aspects: { igloo: { provides: { "to-users": toUsers } } } } });
      expect(lists(r)).toEqual([["direnv"], ["direnv"]]);
    });
  }

  it("the mutual provider: host → user (provides.<user>) and user → host (provides.<host>), both directions at once", () => {
    const r = evalDen(twoUsers, mutual, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: { provides: { tux: den.lib.parametric({ homeManager: { name: "denboard" } }) } },
          tux: { provides: { igloo: den.lib.parametric({ os: { slot: "denseed" } }) } },
        },
      },
    }));
    expect(r.flake.osConfigurations.igloo.config.slot).toBe("denseed");
    expect(homes(r).tux.name).toBe("denboard");
    expect(homes(r).pingu.name).toBe("");
  });

  it("provides.to-hosts is a function of the host", () => {
    const r = evalDen(twoUsers, mutual, {
      den: {
        aspects: { tux: { provides: { "to-hosts": ({ host }: any) => ({ os: { slot: `seed@${host.name}` } }) } } },
      },
    });
    expect(r.flake.osConfigurations.igloo.config.slot).toBe("seed@igloo");
  });

  it("a user's classes, owned, static or { host, user } includes, reach every host of the user", () => {
    for (const tux of [
      { os: { list: ["fish"] } },
      { includes: [{ os: { list: ["fish"] } }] },
      { includes: [({ host, user }: any) => ({ os: { list: ["fish"] } })] },
    ]) {
      const r = evalDen(
        { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } }, iceberg: { users: { tux: {} } } } } } },
        { den: { aspects: { tux } } },
      );
      expect([r.flake.osConfigurations.igloo.config.list, r.flake.osConfigurations.iceberg.config.list]).toEqual([
        ["fish"],
        ["fish"],
      ]);
    }
  });

  it("a user's provides.to-users reaches the other users, provides.<other> only that one", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm, alice: hm, bob: hm } } } } } },
      mutual,
      {
        den: {
          aspects: {
            tux: {
              provides: {
                "to-users": ({ user }: any) => ({ homeManager: { list: ["vim"] } }),
                alice: { homeManager: { list: ["tmux"] } },
              },
            },
          },
        },
      },
    );
    const u = homes(r);
    expect([u.tux.list, u.alice.list.sort(), u.bob.list]).toEqual([[], ["tmux", "vim"], ["vim"]]);
  });
});
