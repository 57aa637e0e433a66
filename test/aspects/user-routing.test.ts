/** The user class of every user, the mutual provider between users, and batteries that need only a host in the context. */
import { describe, expect, it } from "vitest";
import { hostname, mutualProvider } from "../../src/aspects/index.js";
import { hostConfig, sorted } from "./helpers.js";

const pkgs = { os: { _module: { args: { pkgs: { hello: "hello-2.12" } } } } };

describe("the user class", () => {
  it("defines users.users.<userName> for every user, even one without user-class modules", () => {
    const cfg = hostConfig({ users: { tux: {}, pingu: { userName: "pingu-login" } } });
    expect(Object.keys(cfg.users.users).sort()).toEqual(["pingu-login", "tux"]);
  });

  it("is forwarded for users whose classes do not list it", () => {
    const cfg = hostConfig(
      { users: { tux: { classes: ["hm"] } } },
      { den: { aspects: { tux: { user: { extraGroups: ["wheel"] } } } } },
    );
    expect(cfg.users.users.tux.extraGroups).toEqual(["wheel"]);
  });

  it("its modules receive the host's module arguments (pkgs) and osConfig", () => {
    const cfg = hostConfig(
      { users: { tux: {} } },
      {
        den: {
          aspects: {
            h: { ...pkgs, os: { ...pkgs.os, networking: { hostName: "igloo" } } },
            tux: {
              user: ({ pkgs, osConfig }: any) => ({
                get list() {
                  return [pkgs.hello, `on ${osConfig.networking.hostName}`];
                },
              }),
            },
          },
        },
      },
    );
    expect(cfg.users.users.tux.list).toEqual(["hello-2.12", "on igloo"]);
  });

  it("merges with the same user's OS-level settings from the user and the host aspects", () => {
    const cfg = hostConfig(
      { users: { tux: {} } },
      {
        den: {
          aspects: {
            tux: { user: { list: ["from-user-class"] }, os: { users: { users: { tux: { list: ["from-user-os"] } } } } },
            h: { os: { users: { users: { tux: { list: ["from-host-os"] } } } } },
          },
        },
      },
    );
    expect(sorted(cfg.users.users.tux.list)).toEqual(["from-host-os", "from-user-class", "from-user-os"]);
  });

  it("takes parametric includes of the user aspect", () => {
    const cfg = hostConfig(
      { users: { tux: {} } },
      {
        den: {
          aspects: {
            tux: {
              user: { name: "tux" },
              includes: [({ host }: any) => (host.class === "os" ? { user: { extraGroups: ["wheel"] } } : {})],
            },
          },
        },
      },
    );
    expect(cfg.users.users.tux.extraGroups).toEqual(["wheel"]);
  });
});

describe("mutual provider between users", () => {
  it("a user's provides.<other user> and provides.to-users reach the other users of the host, not itself", () => {
    const cfg = hostConfig(
      { users: { alice: {}, bob: {}, carol: {} } },
      {
        den: {
          ctx: { user: { includes: [mutualProvider] } },
          aspects: {
            alice: {
              provides: {
                bob: { user: { list: ["alice-to-bob"] } },
                "to-users": ({ user }: any) => ({ user: { extraGroups: [`from-alice-${user.name}`] } }),
              },
            },
          },
        },
      },
    );
    const u = cfg.users.users;
    expect(u.bob.list).toEqual(["alice-to-bob"]);
    expect(u.carol.list).toEqual([]);
    expect(u.alice.extraGroups).toEqual([]);
    expect(u.bob.extraGroups).toEqual(["from-alice-bob"]);
    expect(u.carol.extraGroups).toEqual(["from-alice-carol"]);
  });
});

describe("hostname", () => {
  for (const [where, mod] of [
    ["den.default", { den: { default: { includes: [hostname] } } }],
    ["the host aspect", { den: { aspects: { h: { includes: [hostname] } } } }],
    ["a user aspect", { den: { aspects: { tux: { includes: [hostname] } } } }],
    [
      "an aspect a user aspect includes",
      {
        den: {
          aspects: {
            foo: { includes: [hostname] },
            tux: { includes: [({ host }: any) => ({ includes: [hostname] })] },
          },
        },
      },
    ],
  ] as const) {
    it(`works when included from ${where}`, () => {
      expect(hostConfig({ hostName: "sahara", users: { tux: {} } }, mod).networking.hostName).toBe("sahara");
    });
  }
});
