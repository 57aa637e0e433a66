/** The reference's known failure themes, and structure queries (hasAspect). */
import { describe, expect, it } from "vitest";
import { forward, hasAspect, perHost } from "../../src/aspects/index.js";
import { evalDen, host } from "./helpers.js";

const hostsWith = (users: string[]) => ({
  den: { hosts: { "x86_64-linux": { h: { users: Object.fromEntries(users.map((u) => [u, {}])) } } } },
});

describe("known failure themes", () => {
  it("duplicate modules when the same aspect is reached twice", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), ({ den }: any) => ({
      den: {
        aspects: {
          shared: { os: { list: ["shared"] } },
          h: { includes: [den.aspects.shared] },
          alice: { includes: [den.aspects.shared] },
          bob: { includes: [den.aspects.shared] },
        },
        default: { includes: [den.aspects.shared] },
      },
    }));
    expect(r.flake.osConfigurations.h.config.list).toEqual(["shared"]);
  });
  it("context reaches nested includes", () => {
    const r = evalDen(hostsWith(["alice"]), ({ den }: any) => ({
      den: {
        aspects: {
          alice: { includes: [den.aspects.level1] },
          level1: {
            includes: [{ includes: [({ user, host }: any) => ({ os: { list: [`${user.name}@${host.name}`] } })] }],
          },
        },
      },
    }));
    expect(r.flake.osConfigurations.h.config.list).toEqual(["alice@h"]);
  });
  it("includes on later stages are honoured (user stage, custom stage)", () => {
    const r = evalDen(hostsWith(["alice"]), {
      den: {
        ctx: {
          user: { includes: [({ user }: any) => ({ os: { list: [`user-stage-${user.name}`] } })] },
          default: { includes: [({ host }: any) => ({ os: { tags: { [host.name]: "d" } } })] },
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.list).toEqual(["user-stage-alice"]);
    expect(r.flake.osConfigurations.h.config.tags).toEqual({ h: "d" });
  });
  it("function + object definitions of one aspect merge (any order)", () => {
    for (const order of [0, 1]) {
      const defs = [
        { den: { aspects: { x: ({ host }: any) => ({ os: { list: [`fn-${host.name}`] } }) } } },
        { den: { aspects: { x: { os: { list: ["obj"] } } } } },
      ];
      if (order) defs.reverse();
      const r = evalDen(hostsWith([]), ...defs, ({ den }: any) => ({
        den: { aspects: { h: { includes: [den.aspects.x] } } },
      }));
      expect(r.flake.osConfigurations.h.config.list.sort()).toEqual(["fn-h", "obj"]);
    }
  });
  it("forwarding to several users does not collide", () => {
    const r = evalDen(hostsWith(["a", "b", "c", "d"]), {
      den: { aspects: Object.fromEntries(["a", "b", "c", "d"].map((u) => [u, { user: { list: [u] } }])) },
    });
    const users = r.flake.osConfigurations.h.config.users.users;
    expect(Object.keys(users).sort()).toEqual(["a", "b", "c", "d"]);
    for (const u of ["a", "b", "c", "d"]) expect(users[u].list).toEqual([u]);
  });
  it("a host's user-level config does not leak into users that did not opt in", () => {
    const r = evalDen(hostsWith(["opted", "other"]), ({ den }: any) => ({
      den: {
        aspects: {
          h: { user: { list: ["host-user"] } },
          opted: { includes: [den._["host-aspects"]], user: { list: ["own"] } },
          other: { user: { list: ["own"] } },
        },
      },
    }));
    const users = r.flake.osConfigurations.h.config.users.users;
    expect(users.opted.list.sort()).toEqual(["host-user", "own"]);
    expect(users.other.list).toEqual(["own"]);
  });
  it("no duplicate systems: hosts of one system in one place, outputs once per host", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { a: {} } } } },
      { den: { hosts: { "x86_64-linux": { b: {} }, "aarch64-linux": { c: {} } } } },
    );
    expect(Object.keys(r.den.hosts).sort()).toEqual(["aarch64-linux", "x86_64-linux"]);
    expect(Object.keys(r.den.hosts["x86_64-linux"]!).sort()).toEqual(["a", "b"]);
    expect(Object.keys(r.flake.osConfigurations).sort()).toEqual(["a", "b", "c"]);
  });
  it("perHost in den.default runs once per host, not per user", () => {
    let calls = 0;
    const r = evalDen(hostsWith(["a", "b"]), {
      den: {
        default: {
          includes: [
            perHost(({ host }: any) => {
              calls++;
              return { os: { list: [host.name] } };
            }),
          ],
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.list).toEqual(["h"]);
    expect(calls).toBe(1);
  });
});

describe("hasAspect", () => {
  const r = evalDen(hostsWith(["alice"]), ({ den }: any) => ({
    den: {
      aspects: {
        desktop: { os: { list: ["desktop"] } },
        server: { os: { list: ["server"] } },
        h: { includes: [den.aspects.desktop, den.aspects.deep] },
        deep: { includes: [({ host }: any) => den.aspects.inner] },
        inner: {},
        alice: { includes: [den.aspects.userThing] },
        userThing: {},
        probe: {
          os: ({ config }: any) => ({
            tags: {
              get desktop() {
                return String(host(r).hasAspect(den.aspects.desktop));
              },
            },
          }),
        },
      },
      default: { includes: [den.aspects.probe] },
    },
  }));
  it("works under the default pipeline", () => {
    const h = host(r);
    expect(hasAspect(h, r.den.aspects.desktop!)).toBe(true);
    expect(hasAspect(h, r.den.aspects.server!)).toBe(false);
    expect(h.hasAspect("inner")).toBe(true);
    expect(h.hasAspect(r.den.aspects.userThing)).toBe(true);
    expect(h.hasAspect("den/default")).toBe(true);
  });
  it("can be used inside class modules (lazily)", () => {
    expect(r.flake.osConfigurations.h.config.tags.desktop).toBe("true");
  });
  it("rejects a non-aspect", () => {
    expect(() => hasAspect(host(r), 42 as never)).toThrow(/aspect/);
  });
  it("forward aspects are anonymous", () => {
    expect(forward({ each: [], fromClass: () => "a", intoClass: () => "b", intoPath: () => [] }).anonymous).toBe(true);
  });
});
