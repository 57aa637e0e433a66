/** Bugs Den fixed, as behaviours: routes built with fixedTo, parametric definitions merging, forwards to several users, no host leak without mutuality, nested includes receiving the context. */
import { describe, expect, it } from "vitest";
import { evalModules, mkDefault, mkForce, mkOption, types } from "../../src/modules/index.js";
import { denLibModule, parametric } from "../../src/aspects/index.js";
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

void funnyNames;
void sorted;
