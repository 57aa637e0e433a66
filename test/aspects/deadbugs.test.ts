/** Bugs Den fixed, as behaviours: routes built with fixedTo, parametric definitions merging, forwards to several users, no host leak without mutuality, nested includes receiving the context. */
import { describe, expect, it } from "vitest";
import { evalModules, mkDefault, mkForce, mkOption, types } from "../../src/modules/index.js";
import { denLibModule, namespace, parametric, perHost } from "../../src/aspects/index.js";
import { evalDen, funnyNames, sorted } from "./helpers.js";

const hm = { classes: ["homeManager"] };
const homeOf = (r: ReturnType<typeof evalDen>, u = "tux") =>
  r.flake.osConfigurations.igloo.config["home-manager"].users[u];

describe("deadbugs", () => {
  it("routes: a { host, user } function aspect giving fixedTo of both mutual provides, no duplicates", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } } } }, ({ den }: any) => {
      const mutual = (from: any, to: any) => from.aspect.provides[to.aspect.name] ?? {};
      return {
        den: {
          aspects: {
            routes: ({ host, user, ...rest }: any) =>
              parametric.fixedTo({ host, user, ...rest }, { includes: [mutual(user, host), mutual(host, user)] }),
            igloo: { provides: { tux: den.lib.parametric({ includes: [den.aspects.testing] }) } },
            testing: ({ user }: any) => ({ homeManager: ({ pkgs }: any) => ({ list: ["vim"] }) }),
          },
          default: { includes: [den.aspects.routes] },
        },
      };
    });
    expect(homeOf(r).list).toEqual(["vim"]);
  });

  it("two parametric definitions of one aspect merge their classes; a stage's provider fixes it to the context", () => {
    const ev = evalModules({
      modules: [
        denLibModule,
        { den: { aspects: { groups: parametric({ foo: { names: ["foo"] } }) } } },
        { den: { aspects: { groups: parametric({ foo: { names: ["bar"] } }) } } },
        { den: { aspects: { foo: parametric({}) } } },
        ({ den }: any) => ({ den: { aspects: { foo: { includes: [den.aspects.groups] } } } }),
        ({ den }: any) => ({
          den: {
            ctx: {
              foo: {
                provides: { foo: ({ x, y, ...rest }: any) => parametric.fixedTo({ x, y, ...rest }, den.aspects.foo) },
              },
            },
          },
        }),
      ],
    });
    const den = (ev.config as any).den;
    const names = { options: { names: mkOption({ type: types.listOf(types.str) }) } };
    const out = evalModules({ modules: [den.lib.resolve("foo", den.ctx.foo({ x: 0, y: 1 })), names] });
    expect((out.config as any).names).toEqual(["foo", "bar"]);
  });

  it("forwarding to two users through to-users: define-user and a { host, user } aspect for each", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {}, pingu: {} } } } } } },
      ({ den }: any) => ({
        den: {
          ctx: { user: { includes: [den.provides["mutual-provider"]] } },
          aspects: {
            igloo: {
              provides: { "to-users": { includes: [den.provides["define-user"], den.aspects["set-user-desc"]] } },
            },
            tux: { includes: [den.provides["primary-user"]] },
            "set-user-desc": ({ host, user }: any) => ({
              [host.class]: { users: { users: { [user.userName]: { list: [`User ${user.userName}`] } } } },
            }),
          },
        },
      }),
    );
    const users = r.flake.osConfigurations.igloo.config.users.users;
    expect([users.tux.list, users.pingu.list, users.tux.isNormalUser, users.pingu.isNormalUser]).toEqual([
      ["User tux"],
      ["User pingu"],
      true,
      true,
    ]);
  });

  it("an aspect both the host and the user include reaches the user's home once", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } } } }, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: { includes: [den.aspects.bash] },
          tux: { includes: [den.aspects.bash] },
          bash: { homeManager: { list: ["foo"] } },
        },
      },
    }));
    expect(homeOf(r).list).toEqual(["foo"]);
  });

  it("nested includes of a context function receive the context", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } } } },
      {
        den: {
          aspects: {
            tux: {
              includes: [
                ({ host }: any) => ({
                  homeManager: { name: mkDefault(`${host.name}-nested`) },
                  includes: [({ user }: any) => ({ homeManager: { name: mkForce(`${user.name}-nested`) } })],
                }),
              ],
            },
          },
        },
      },
    );
    expect(homeOf(r).name).toBe("tux-nested");
  });
});

describe("deadbugs: mutual provider statics, function aspects and sub-aspects", () => {
  const mutualHm = (...mods: unknown[]) =>
    evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } } } },
      ({ den }: any) => ({ den: { ctx: { user: { includes: [den.provides["mutual-provider"]] } } } }),
      ...mods,
    );

  it("to-users: owned classes, included statics, option declarations of the home; perHost option declarations on the host", () => {
    const owned = mutualHm({
      den: { aspects: { igloo: { provides: { "to-users": { homeManager: { name: "denkbd" } } } } } },
    });
    expect(homeOf(owned).name).toBe("denkbd");
    const statics = mutualHm(({ den }: any) => ({
      den: {
        aspects: {
          base: { homeManager: { name: "denkbd" } },
          igloo: { provides: { "to-users": { includes: [den.aspects.base] } } },
        },
      },
    }));
    expect(homeOf(statics).name).toBe("denkbd");
    const opt = mutualHm({
      den: {
        aspects: {
          igloo: {
            provides: { "to-users": { homeManager: { options: { foo: mkOption({ default: "foo" }) } } } },
            includes: [perHost({ os: { options: { foo: mkOption({ default: "foo" }) } } })],
          },
        },
      },
    });
    expect([homeOf(opt).foo, opt.flake.osConfigurations.igloo.config.foo]).toEqual(["foo", "foo"]);
  });

  it("a function aspect merged with a static one from another module", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.foo] } } } }),
      { den: { aspects: { foo: ({ host }: any) => ({ os: { env: { FOO: host.name } } }) } } },
      { den: { aspects: { foo: { os: ({ pkgs }: any) => ({ list: ["hello"] }) } } } },
    );
    const c = r.flake.osConfigurations.igloo.config;
    expect([c.env.FOO, c.list]).toEqual(["igloo", ["hello"]]);
  });

  it("a function aspect including its function sub-aspect when a host schema option says so", () => {
    const r = evalDen(
      ({ den }: any) => ({
        den: {
          aspects: {
            foo: ({ host }: any) => ({ includes: host.foo.provides.sub.enable ? [den.aspects.foo.provides.sub] : [] }),
          },
        },
      }),
      {
        den: {
          schema: {
            host: {
              options: { foo: { provides: { sub: { enable: mkOption({ type: types.bool, default: false }) } } } },
            },
          },
        },
      },
      {
        den: {
          hosts: { "x86_64-linux": { igloo: { users: { tux: {} }, foo: { provides: { sub: { enable: true } } } } } },
        },
      },
      {
        den: {
          aspects: {
            foo: { provides: { sub: ({ host }: any) => ({ os: host.hostName !== "whatever" ? { slot: "nm" } : {} }) } },
          },
        },
      },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.foo] } } } }),
    );
    expect(r.flake.osConfigurations.igloo.config.slot).toBe("nm");
  });

  it("a factory aspect applied in an include", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      { den: { aspects: { facter: (reportPath: string) => ({ os: { env: { FACTER_REPORT: reportPath } } }) } } },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.facter("/path/to/report")] } } } }),
    );
    expect(r.flake.osConfigurations.igloo.config.env.FACTER_REPORT).toBe("/path/to/report");
  });

  it("a namespace's provider function keeps dispatching on { host } when exported and imported again", () => {
    const exported = evalDen(namespace("test", true), {
      test: { aspect: { provides: { host: ({ host }: any) => ({ os: { env: { TEST_HOST: host.name } } }) } } },
    }).flake.denful;
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      namespace("test", [{ denful: exported }]),
      ({ test }: any) => ({ den: { aspects: { igloo: { includes: [test.aspect.provides.host] } } } }),
    );
    expect(r.flake.osConfigurations.igloo.config.env.TEST_HOST).toBe("igloo");
  });
});

describe("deadbugs: parametric chains, mixed definitions, battery instances", () => {
  const igloo = { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } } } };

  it("{ user } function aspects including each other, three deep, with owned classes", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          shell: ({ user }: any) => ({ os: () => ({ list: ["zsh"] }) }),
          dev: ({ user }: any) => ({ includes: [den.aspects.shell], os: () => ({ tags: { git: "on" } }) }),
          role: ({ user }: any) => ({ includes: [den.aspects.dev] }),
          tux: { includes: [den.aspects.role] },
        },
      },
    }));
    const c = r.flake.osConfigurations.igloo.config;
    expect([c.list, c.tags]).toEqual([["zsh"], { git: "on" }]);
  });

  it("a provided sub-aspect defined as a function in one module and an object in another", () => {
    const r = evalDen(
      igloo,
      {
        den: {
          aspects: { bar: { _: { sub: ({ host }: any) => ({ os: { networking: { hostName: host.hostName } } }) } } },
        },
      },
      { den: { aspects: { bar: { _: { sub: { os: { slot: "vim" } } } } } } },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.bar._.sub] } } } }),
    );
    const c = r.flake.osConfigurations.igloo.config;
    expect([c.networking.hostName, c.slot]).toEqual(["igloo", "vim"]);
  });

  it("two unfree instances in two sub-aspects both count, directly or through a { host } wrapper", () => {
    for (const wrap of [false, true]) {
      const r = evalDen(igloo, ({ den }: any) => ({
        den: {
          aspects: {
            apps: {
              _: {
                "app-a": { includes: [den._.unfree(["drawio"])] },
                "app-b": { includes: [den._.unfree(["obsidian"])] },
              },
            },
            tux: {
              includes: wrap
                ? [({ host }: any) => ({ includes: [den.aspects.apps._["app-a"], den.aspects.apps._["app-b"]] })]
                : [den.aspects.apps._["app-a"], den.aspects.apps._["app-b"]],
            },
          },
        },
      }));
      expect([...homeOf(r).unfree.packages].sort()).toEqual(["drawio", "obsidian"]);
    }
  });
});

describe("deadbugs: aspects called on a context", () => {
  it("an aspect of a remote namespace called on a context; an aspect called on a context applies its context functions", () => {
    const input = evalDen(namespace("remote", true), {
      remote: { parametrized: ({ hey }: any) => ({ funny: { names: [`remote parametrized ${hey}`] } }) },
    }).flake;
    const r = evalDen(namespace("remote", [input]), ({ remote }: any) => ({
      den: { aspects: { local: { includes: [remote.parametrized({ hey: "you" })] } } },
    }));
    expect(funnyNames(r.den.aspects.local)).toEqual(["remote parametrized you"]);
    const r2 = evalDen(namespace("remote", [input]), ({ remote }: any) => ({
      den: {
        aspects: {
          local: { includes: [({ hey }: any) => ({ funny: { names: [`local ${hey}`] } }), remote.parametrized] },
        },
      },
    }));
    expect(sorted(funnyNames((r2.den.aspects.local as any)({ hey: "arnold" })))).toEqual([
      "local arnold",
      "remote parametrized arnold",
    ]);
  });
});

describe("deadbugs: no duplicates from den.default, owned option declarations, namespace includes", () => {
  const labelsOpt = { options: { labels: mkOption({ type: types.listOf(types.str), default: [] }) } };
  const hostWith = (users: string[], ...mods: unknown[]) =>
    evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: Object.fromEntries(users.map((u) => [u, {}])) } } } } },
      ...mods,
    ).flake.osConfigurations.igloo.config;

  it("den.default's own option declarations and values apply once, with one or two users", () => {
    for (const users of [["tux"], ["tux", "pingu"]]) {
      const c = hostWith(users, { den: { default: { os: { imports: [labelsOpt], labels: ["server"] } } } });
      expect(c.labels).toEqual(["server"]);
    }
  });

  it("den.default's { user } include once per user; its class module functions get pkgs", () => {
    const c = hostWith(
      ["tux"],
      {
        den: {
          default: { os: { imports: [labelsOpt] }, includes: [({ user }: any) => ({ os: { labels: [user.name] } })] },
        },
      },
      { den: { aspects: { igloo: { os: { _module: { args: { pkgs: { plocate: "plocate" } } } } } } } },
      { den: { default: { os: ({ pkgs }: any) => ({ slot: pkgs.plocate }) } } },
    );
    expect([c.labels, c.slot]).toEqual([["tux"], "plocate"]);
  });

  it("an option declared by a host's inline include, defined by the host aspect", () => {
    const c = hostWith(["tux"], {
      den: { aspects: { igloo: { includes: [{ os: { imports: [labelsOpt] } }], os: { labels: ["bar"] } } } },
    });
    expect(c.labels).toEqual(["bar"]);
  });

  it("a namespace's function aspect, function provider and provider with a function include, on den.ctx.host, here and exported", () => {
    const ns = {
      test: {
        aspect: ({ host }: any) => ({ os: { labels: [`aspect-${host.name}`] } }),
        provided: {
          provides: {
            provider: ({ host }: any) => ({ os: { labels: [`provider-${host.name}`] } }),
            included: { includes: [({ host }: any) => ({ os: { labels: [`included-${host.name}`] } })] },
          },
        },
      },
    };
    const exported = evalDen(namespace("test", true), ns).flake.denful;
    for (const source of [[namespace("test", true), ns], [namespace("test", [{ denful: exported }])]]) {
      const c = hostWith(["tux"], ...source, ({ test }: any) => ({
        den: {
          aspects: { igloo: { includes: [{ os: { imports: [labelsOpt] } }] } },
          ctx: { host: { includes: [test.aspect, test.provided.provides.provider, test.provided.provides.included] } },
        },
      }));
      expect([...c.labels].sort()).toEqual(["aspect-igloo", "included-igloo", "provider-igloo"]);
    }
  });
});
