import { describe, expect, it } from "vitest";
import { resolve, runPipeline, take, perHost } from "../../src/aspects/index.js";
import { evalModules } from "../../src/modules/index.js";
import { evalDen, host, osOptions, sorted } from "./helpers.js";

const hostsWith = (users: string[]) => ({
  den: { hosts: { "x86_64-linux": { h: { users: Object.fromEntries(users.map((u) => [u, {}])) } } } },
});

describe("den.ctx pipeline", () => {
  it("host → default, host → user → default, pre-order with sorted targets", () => {
    const r = evalDen(hostsWith(["bob", "alice"]));
    const h = host(r);
    const items = runPipeline(r.den.ctx, "host", { host: h });
    expect(items.map((i) => `${i.key}${i.ctx.user ? ":" + (i.ctx.user as any).name : ""}`)).toEqual([
      "host",
      "default",
      "user:alice",
      "default:alice",
      "user:bob",
      "default:bob",
    ]);
    expect(items.map((i) => i.mode)).toEqual(["full", "full", "full", "param", "param", "param"]);
  });
  it("den.default statics once, its functions per matching context", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), {
      den: {
        default: {
          os: { list: ["default-static"] },
          includes: [
            ({ user }: any) => ({ os: { list: [`u-${user.name}`] } }),
            perHost(({ host }: any) => ({ os: { list: [`h-${host.name}`] } })),
          ],
        },
      },
    });
    expect(sorted(r.flake.osConfigurations.h.config.list)).toEqual(["default-static", "h-h", "u-alice", "u-bob"]);
  });
  it("custom stages with into (function and object forms), several definitions concatenate", () => {
    const r = evalDen(
      hostsWith([]),
      { den: { ctx: { host: { into: ({ host }: any) => ({ extra: [{ host, n: 1 }] }) } } } },
      { den: { ctx: { host: { into: { extra: ({ host }: any) => [{ host, n: 2 }] } } } } },
      { den: { ctx: { extra: { includes: [({ n }: any) => ({ os: { list: [`extra-${n}`] } })] } } } },
    );
    expect(sorted(r.flake.osConfigurations.h.config.list)).toEqual(["extra-1", "extra-2"]);
  });
  it("self providers and cross providers (curried and direct)", () => {
    const r = evalDen(hostsWith(["alice"]), {
      den: {
        ctx: {
          host: {
            provides: {
              host: ({ host }: any) => ({ os: { list: [`self-${host.name}`] } }),
              user:
                ({ host }: any) =>
                ({ user }: any) => ({ os: { list: [`cross-${host.name}-${user.name}`] } }),
            },
          },
          user: { provides: { user: ({ user }: any) => ({ os: { list: [`uself-${user.name}`] } }) } },
        },
      },
    });
    expect(sorted(r.flake.osConfigurations.h.config.list)).toEqual(["cross-h-alice", "self-h", "uself-alice"]);
  });
  it("provider-only stage: a target only in prev.provides", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        ctx: {
          host: {
            into: ({ host }: any) => ({ ghost: [{ host, tag: "x" }] }),
            provides: { ghost: ({ host, tag }: any) => ({ os: { list: [`ghost-${host.name}-${tag}`] } }) },
          },
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.list).toEqual(["ghost-h-x"]);
  });
  it("nested custom stages (chain) and fan-out", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        ctx: {
          host: { into: ({ host }: any) => ({ s1: [{ host, i: 1 }] }) },
          s1: {
            into: ({ host, i }: any) => ({ s2: [1, 2, 3].map((j) => ({ host, i, j })) }),
            includes: [({ i }: any) => ({ os: { list: [`s1-${i}`] } })],
          },
          s2: { includes: [take.exactly(["host", "i", "j"], ({ j }: any) => ({ os: { list: [`s2-${j}`] } }))] },
        },
      },
    });
    expect(sorted(r.flake.osConfigurations.h.config.list)).toEqual(["s1-1", "s2-1", "s2-2", "s2-3"]);
  });
  it("includes on later stages are not ignored", () => {
    const r = evalDen(hostsWith(["alice"]), {
      den: { ctx: { user: { includes: [({ user }: any) => ({ os: { list: [`late-${user.name}`] } })] } } },
    });
    expect(r.flake.osConfigurations.h.config.list).toContain("late-alice");
  });
  it("an unknown target is an error naming it", () => {
    const r = evalDen(hostsWith([]), {
      den: { ctx: { host: { into: ({ host }: any) => ({ nowhere: [{ host }] }) } } },
    });
    expect(() => r.flake.osConfigurations.h.config.list).toThrow(/nowhere/);
  });
  it("a stage leading back to itself is reported", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        ctx: { loop: { into: (c: any) => ({ loop: [c] }) }, host: { into: ({ host }: any) => ({ loop: [{ host }] }) } },
      },
    });
    expect(() => r.flake.osConfigurations.h.config.list).toThrow(/deeper than/);
  });
  it("host.resolved and mainModule", () => {
    const r = evalDen(hostsWith([]), { den: { aspects: { h: { os: { list: ["x"] } } } } });
    const h = host(r);
    expect(h.resolved.identity).toBe("host:h");
    expect(Array.isArray(h.mainModule.imports)).toBe(true);
  });
  it("homes run the home pipeline", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { "alice@h": {}, bob: {} } },
        aspects: { alice: { homeManager: { list: ["alice-hm"] } } },
        default: { includes: [({ home }: any) => ({ homeManager: { name: home.userName } })] },
      },
    });
    expect(r.flake.homeConfigurations["alice@h"].config.list).toEqual(["alice-hm"]);
    expect(r.flake.homeConfigurations["alice@h"].config.name).toBe("alice");
    expect(r.flake.homeConfigurations.bob.config.name).toBe("bob");
    expect(r.den.homes["x86_64-linux"]!["alice@h"]!.hostName).toBe("h");
  });
  it("den.ctx.<stage>(ctx) runs the pipeline from that stage, as Den's den.ctx.host { host } does", () => {
    const r = evalDen(hostsWith(["alice"]), {
      den: { aspects: { h: { os: { list: ["host"] } }, alice: { os: { list: ["alice"] } } } },
    });
    const h = host(r);
    const fromHost = evalModules({ modules: [osOptions, resolve("os", r.den.ctx.host!({ host: h }))] }).config.list;
    expect(sorted(fromHost)).toEqual(["alice", "host"]);
    const fromUser = evalModules({
      modules: [osOptions, resolve("os", r.den.ctx.user!({ host: h, user: h.users.alice }))],
    }).config.list;
    expect(fromUser).toEqual(["alice"]);
  });
  it("the host in a context is the den.hosts entry itself, and so is a user's host", () => {
    let seen: unknown;
    const r = evalDen(hostsWith(["alice"]), {
      den: { aspects: { h: { includes: [({ host }: any) => ((seen = host), null)] } } },
    });
    void r.flake.osConfigurations.h.config.list;
    expect(seen).toBe(host(r));
    expect(host(r).users.alice.host).toBe(host(r));
  });
});
