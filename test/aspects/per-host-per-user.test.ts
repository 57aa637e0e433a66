/** perHost, perUser and perHome select the stage an include applies to; calling a stage runs it on a context (self provider, owned classes, matchers). */
import { describe, expect, it } from "vitest";
import { perHome, perHost, perUser, take } from "../../src/aspects/index.js";
import { mkOption as mk, types } from "../../src/modules/index.js";
import { evalDen, funnyNames, sorted } from "./helpers.js";

const funnyOpt = { options: { funny: mk({ type: types.listOf(types.str), default: [] }) } };
const boom = (what: string) => ({
  get funny(): string[] {
    throw new Error(`evaluated: ${what}`);
  },
});
const igloo = { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {}, pingu: {} } } } } } };

describe("perHost, perUser, perHome", () => {
  it("in the default pipeline: a host aspect's perHost and a user aspect's perUser apply, the others not even evaluated", () => {
    const r = evalDen(igloo, {
      den: {
        aspects: {
          igloo: {
            os: funnyOpt,
            includes: [
              perHost({ os: { funny: ["atHost perHost static"] } }),
              perHost(({ host }: any) => ({ os: { funny: [`atHost perHost ${host.name} fun`] } })),
              perUser({ os: boom("atHost perUser static") }),
              perUser(({ user, host }: any) => ({ os: boom(`atHost perUser ${user.name}@${host.name}`) })),
            ],
          },
          tux: {
            includes: [
              perHost({ os: boom("atUser perHost static") }),
              perHost(({ host }: any) => ({ os: boom(`atUser perHost ${host.name}`) })),
              perUser({ os: { funny: ["atUser perUser static"] } }),
              perUser(({ user, host }: any) => ({ os: { funny: [`atUser perUser ${user.name}@${host.name} fun`] } })),
            ],
          },
        },
      },
    });
    expect(sorted(r.flake.osConfigurations.igloo.config.funny)).toEqual([
      "atHost perHost igloo fun",
      "atHost perHost static",
      "atUser perUser static",
      "atUser perUser tux@igloo fun",
    ]);
  });

  it("through the mutual provider: the host's provides.to-users applies perUser once per user, perHost not", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        ctx: { user: { includes: [den.provides["mutual-provider"]] } },
        aspects: {
          igloo: {
            os: funnyOpt,
            provides: {
              "to-users": {
                includes: [
                  perHost({ os: boom("atHost perHost static") }),
                  perHost(({ host }: any) => ({ os: boom(`atHost perHost ${host.name}`) })),
                  perUser({ os: { funny: ["atHost perUser static"] } }),
                  perUser(({ user, host }: any) => ({
                    os: { funny: [`atHost perUser ${user.name}@${host.name} fun`] },
                  })),
                ],
              },
            },
          },
          tux: {
            includes: [
              perHost({ os: { funny: ["atUser ignored perHost static"] } }),
              perUser({ os: { funny: ["atUser perUser static"] } }),
              perUser(({ user, host }: any) => ({ os: { funny: [`atUser perUser ${user.name}@${host.name} fun`] } })),
            ],
          },
        },
      },
    }));
    expect(sorted(r.flake.osConfigurations.igloo.config.funny)).toEqual([
      "atHost perUser pingu@igloo fun",
      "atHost perUser static",
      "atHost perUser static",
      "atHost perUser tux@igloo fun",
      "atUser perUser static",
      "atUser perUser tux@igloo fun",
    ]);
  });

  it("on a standalone home only perHome applies", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { tux: {} } },
        aspects: {
          tux: {
            homeManager: funnyOpt,
            includes: [
              perHost({ homeManager: boom("perHost static") }),
              perHost(({ host }: any) => ({ homeManager: boom(`perHost ${host.name}`) })),
              perUser({ homeManager: boom("perUser static") }),
              perUser(({ user, host }: any) => ({ homeManager: boom(`perUser ${user.name}@${host.name}`) })),
              perHome({ homeManager: { funny: ["atHome perHome static"] } }),
              perHome(({ home }: any) => ({ homeManager: { funny: [`atHome perHome ${home.name} fun`] } })),
            ],
          },
        },
      },
    });
    expect(sorted(r.flake.homeConfigurations.tux.config.funny)).toEqual([
      "atHome perHome static",
      "atHome perHome tux fun",
    ]);
  });
});

describe("calling a stage on a context", () => {
  it("gives its owned classes and its self provider applied to the context", () => {
    const r = evalDen({
      den: {
        ctx: {
          foobar: {
            description: "{foo,bar} context",
            provides: { foobar: ({ foo, bar }: any) => ({ funny: { names: [foo, bar] } }) },
            funny: { names: ["owned"] },
          },
        },
      },
    });
    expect(sorted(funnyNames(r.den.ctx.foobar!({ foo: "moo", bar: "baa" })))).toEqual(["baa", "moo", "owned"]);
  });

  it("a take.atLeast self provider does not apply to a context missing an argument", () => {
    const r = evalDen({
      den: {
        ctx: {
          foobar: { provides: { foobar: take.atLeast(({ foo, bar }: any) => ({ funny: { names: [foo, bar] } })) } },
        },
      },
    });
    expect(funnyNames(r.den.ctx.foobar!({ foo: "moo" }))).toEqual([]);
  });

  it("a take.exactly self provider does not apply to a context with more keys", () => {
    const r = evalDen({
      den: {
        ctx: {
          foobar: { provides: { foobar: take.exactly(({ foo, bar }: any) => ({ funny: { names: [foo, bar] } })) } },
        },
      },
    });
    expect(funnyNames(r.den.ctx.foobar!({ foo: "moo", bar: "bar", baz: "man" }))).toEqual([]);
    expect(sorted(funnyNames(r.den.ctx.foobar!({ foo: "moo", bar: "bar" })))).toEqual(["bar", "moo"]);
  });
});

describe("top-level context functions", () => {
  it("a user aspect's { user } and { host, user } includes receive the user and host", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      {
        den: {
          aspects: {
            tux: {
              includes: [
                ({ user }: any) => ({ os: { users: { users: { tux: { name: user.userName } } } } }),
                ({ host, user }: any) => ({
                  os: { users: { users: { tux: { home: `${user.userName}@${host.name}` } } } },
                }),
              ],
            },
          },
        },
      },
    );
    const tux = r.flake.osConfigurations.igloo.config.users.users.tux;
    expect([tux.name, tux.home]).toEqual(["tux", "tux@igloo"]);
  });
});
