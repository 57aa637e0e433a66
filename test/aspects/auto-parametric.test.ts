/** Every aspect is parametric: helpers reached through includes receive the context; `parametric(aspect)`, `parametric.exactly(aspect)` and friends on aspects. */
import { describe, expect, it } from "vitest";
import { parametric } from "../../src/aspects/index.js";
import { evalDen, funnyNames } from "./helpers.js";

const igloo = (users: Record<string, unknown> = {}) => ({ den: { hosts: { "x86_64-linux": { igloo: { users } } } } });
const os = (r: ReturnType<typeof evalDen>) => r.flake.osConfigurations.igloo.config;
const mutual = ({ den }: any) => ({ den: { ctx: { user: { includes: [den.provides["mutual-provider"]] } } } });

describe("auto-parametric helpers", () => {
  it("a helper no entity names, included by the host aspect, dispatches its { host } includes", () => {
    const r = evalDen(igloo(), ({ den }: any) => ({
      den: {
        aspects: {
          "my-helper": { includes: [({ host }: any) => ({ os: { networking: { hostName: host.name } } })] },
          igloo: { includes: [den.aspects["my-helper"]] },
        },
      },
    }));
    expect(os(r).networking.hostName).toBe("igloo");
  });

  it("through a chain of helpers (igloo → a → b)", () => {
    const r = evalDen(igloo(), ({ den }: any) => ({
      den: {
        aspects: {
          b: { includes: [({ host }: any) => ({ os: { networking: { hostName: `${host.name}-ok` } } })] },
          a: { includes: [den.aspects.b] },
          igloo: { includes: [den.aspects.a] },
        },
      },
    }));
    expect(os(r).networking.hostName).toBe("igloo-ok");
  });

  it("a helper's owned class modules are kept, also at the second level and through provides", () => {
    for (const [name, reach] of [
      ["second-with-owned", (den: any) => den.aspects["second-with-owned"]],
      ["second", (den: any) => den.aspects.second.provides["with-owned"]],
    ] as const) {
      const owned = {
        os: { networking: { hostName: "from-second-owned" } },
        includes: [({ host, user }: any) => ({ os: { users: { users: { [user.name]: { home: host.name } } } } })],
      };
      const r = evalDen(igloo({ tux: {} }), mutual, ({ den }: any) => ({
        den: {
          aspects: {
            [name]: name === "second" ? { provides: { "with-owned": owned } } : owned,
            helper: { includes: [reach(den)] },
            igloo: { provides: { "to-users": { includes: [den.aspects.helper] } } },
          },
        },
      }));
      expect([os(r).networking.hostName, os(r).users.users.tux.home]).toEqual(["from-second-owned", "igloo"]);
    }
  });

  it("parametric.exactly on an aspect: its functions apply only to contexts of exactly their arguments", () => {
    const r = evalDen(igloo({ tux: {} }), mutual, ({ den }: any) => ({
      den: {
        aspects: {
          "strict-helper": den.lib.parametric.exactly({
            includes: [
              ({ host }: any) => ({ os: { list: [`only-${Object.keys(host).length > 0 ? "host" : ""}`] } }),
              ({ host, user }: any) => ({ os: { users: { users: { [user.name]: { home: `strict-${host.name}` } } } } }),
            ],
          }),
          igloo: {
            includes: [den.aspects["strict-helper"]],
            provides: { "to-users": { includes: [den.aspects["strict-helper"]] } },
          },
        },
      },
    }));
    expect(os(r).users.users.tux.home).toBe("strict-igloo");
    // the { host } function applies in the host's context only, not in { host, user }
    expect(os(r).list).toEqual(["only-host"]);
  });

  it("parametric(aspect) is the aspect: callable in module bodies, its includes get the context", () => {
    const a = { os: { list: ["x"] } };
    expect(parametric(a)).toBe(a);
    const r = evalDen(igloo({ tux: {} }), ({ den }: any) => ({
      den: {
        aspects: {
          foo: den.lib.parametric({ includes: [den.provides.hostname] }),
          tux: { includes: [den.aspects.foo] },
        },
      },
    }));
    expect(os(r).networking.hostName).toBe("igloo");
  });
});

describe("parametric helpers on custom stages", () => {
  const leaf = parametric({ funny: { names: ["leaf"] } });
  const mid = parametric({ funny: { names: ["mid"] }, includes: [leaf] });

  it("fixedTo a context, 20 times the same chain: every copy counts (inline aspects are not deduplicated)", () => {
    const top = parametric.fixedTo({ level: "deep" }, { funny: { names: ["top"] }, includes: Array(20).fill(mid) });
    const r = evalDen({
      den: {
        ctx: { start: { provides: { start: ({ level }: any) => ({ funny: { names: [level] } }) }, includes: [top] } },
      },
    });
    expect(funnyNames(r.den.ctx.start!({ level: "deep" })).length).toBe(42);
  });

  it("30 parametric aspects with { host } includes", () => {
    const aspects = Array.from({ length: 30 }, (_, i) =>
      parametric({
        funny: { names: [`p${i}`] },
        includes: [({ host }: any) => ({ funny: { names: [`i${i}-${host}`] } })],
      }),
    );
    const r = evalDen({
      den: {
        ctx: { start: { provides: { start: ({ host }: any) => ({ funny: { names: [host] } }) }, includes: aspects } },
      },
    });
    expect(funnyNames(r.den.ctx.start!({ host: "h" })).length).toBe(61);
  });

  it("expands adds keys to the context of 15 includes", () => {
    const inner = ({ host, planet }: any) => ({ funny: { names: [`${host}-${planet}`] } });
    const expanded = parametric.expands(
      { planet: "mars" },
      { funny: { names: ["exp"] }, includes: Array(15).fill(inner) },
    );
    const r = evalDen({
      den: {
        ctx: {
          start: { provides: { start: ({ host }: any) => ({ funny: { names: [host] } }) }, includes: [expanded] },
        },
      },
    });
    const names = funnyNames(r.den.ctx.start!({ host: "h" }));
    expect(names.length).toBe(17);
    expect(names).toContain("h-mars");
  });

  it("a shared parametric aspect included by two stages gives its modules on each", () => {
    const shared = parametric({
      funny: { names: ["shared"] },
      includes: [({ host }: any) => ({ funny: { names: [`inner-${host}`] } })],
    });
    const r = evalDen({
      den: {
        ctx: {
          a: {
            provides: { a: ({ host }: any) => ({ funny: { names: [`a-${host}`] } }) },
            into: { b: ({ host }: any) => [{ host: `${host}!` }] },
            includes: [shared],
          },
          b: { provides: { b: ({ host }: any) => ({ funny: { names: [`b-${host}`] } }) }, includes: [shared] },
        },
      },
    });
    expect(funnyNames(r.den.ctx.a!({ host: "v" })).length).toBe(6);
  });
});
