/** Context reaching parametric aspects: parametric wrappers, fixedTo and expands, function aspects including named ones, factories inside context functions, provides that are functions. */
import { describe, expect, it } from "vitest";
import { namespace } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const igloo = { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } };
const os = (r: ReturnType<typeof evalDen>) => r.flake.osConfigurations.igloo.config;
const tuxHome = (r: ReturnType<typeof evalDen>) => os(r).users.users.tux.home;
const setHome = (v: string) => ({ os: { users: { users: { tux: { home: v } } } } });

describe("parametric context", () => {
  it("den.lib.parametric forwards the context to its includes, and keeps its owned classes", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            includes: [
              den.lib.parametric({ includes: [({ host }: any) => setHome(host.name)] }),
              den.lib.parametric({ os: { networking: { hostName: "from-parametric-owned" } }, includes: [] }),
            ],
          },
        },
      },
    }));
    expect([tuxHome(r), os(r).networking.hostName]).toEqual(["igloo", "from-parametric-owned"]);
  });

  it("a context function returning parametric.fixedTo gives its includes that context", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            includes: [
              ({ host }: any) =>
                den.lib.parametric.fixedTo({ planet: "Earth" }, { includes: [({ planet }: any) => setHome(planet)] }),
            ],
          },
        },
      },
    }));
    expect(tuxHome(r)).toBe("Earth");
  });

  it("parametric.expands adds keys to the context", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            includes: [
              den.lib.parametric.expands(
                { planet: "Earth" },
                { includes: [({ host, planet }: any) => setHome(`${host.name}/${planet}`)] },
              ),
            ],
          },
        },
      },
    }));
    expect(tuxHome(r)).toBe("igloo/Earth");
  });

  it("a function aspect including a named aspect keeps that aspect's owned classes and its parametric includes", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          base: { os: () => ({ list: ["git"] }) },
          tools: {
            os: () => ({ tags: { git: "on" } }),
            includes: [({ user }: any) => ({ os: () => ({ list: ["zsh"] }) })],
          },
          dev: ({ user }: any) => ({ includes: [den.aspects.base, den.aspects.tools] }),
          tux: { includes: [den.aspects.dev] },
        },
      },
    }));
    expect([os(r).list.sort(), os(r).tags]).toEqual([["git", "zsh"], { git: "on" }]);
  });

  it("a factory aspect applied inside a function aspect", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          greeter: (greeting: string) => ({ os: () => setHome(greeting).os }),
          role: ({ user }: any) => ({ includes: [den.aspects.greeter("hello")] }),
          tux: { includes: [den.aspects.role] },
        },
      },
    }));
    expect(tuxHome(r)).toBe("hello");
  });

  it("an include needing a key no context has is skipped", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: den.lib.parametric({
            includes: [
              den.provides.hostname,
              ({ neverExists }: any) => ({ os: { networking: { hostName: "NEVER" } } }),
            ],
          }),
        },
      },
    }));
    expect(os(r).networking.hostName).toBe("igloo");
  });
});

describe("provides that are parametric", () => {
  it("parametric aspects nested in provides of a namespace, all includable", () => {
    const r = evalDen(
      igloo,
      namespace("ns", false),
      ({ den }: any) => ({
        ns: {
          foo: den.lib.parametric({}),
          bar: { provides: { baz: den.lib.parametric({}) } },
          a: den.lib.parametric({
            provides: {
              b: den.lib.parametric({}),
              c: den.lib.parametric({}),
              d: den.lib.parametric({
                provides: { e: den.lib.parametric({ os: { networking: { hostName: "pinguino" } } }) },
              }),
            },
          }),
        },
      }),
      ({ den, ns }: any) => ({
        den: {
          aspects: {
            igloo: {
              includes: [
                ns.foo,
                ns.bar.provides.baz,
                ns.a,
                ns.a.provides.b,
                ns.a.provides.c,
                ns.a.provides.d,
                ns.a.provides.d.provides.e,
              ],
            },
          },
        },
      }),
    );
    expect(os(r).networking.hostName).toBe("pinguino");
  });

  it("a function aspect including its own function provider (defined in another module) passes the host on", () => {
    const r = evalDen(
      igloo,
      ({ den }: any) => ({
        den: {
          aspects: {
            monitoring: ({ host }: any) => ({ includes: [den.aspects.monitoring.provides["node-exporter"]] }),
          },
        },
      }),
      {
        den: {
          aspects: {
            monitoring: {
              provides: {
                "node-exporter": ({ host }: any) => ({ os: { networking: { hostName: `${host.name}-monitored` } } }),
              },
            },
          },
        },
      },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.monitoring] } } } }),
    );
    expect(os(r).networking.hostName).toBe("igloo-monitored");
  });

  it("a static aspect including its own function provider", () => {
    const r = evalDen(
      igloo,
      ({ den }: any) => ({ den: { aspects: { monitoring: { includes: [den.aspects.monitoring.provides.agent] } } } }),
      {
        den: {
          aspects: {
            monitoring: {
              provides: { agent: ({ host }: any) => ({ os: { networking: { hostName: `${host.name}-agent` } } }) },
            },
          },
        },
      },
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.monitoring] } } } }),
    );
    expect(os(r).networking.hostName).toBe("igloo-agent");
  });
});
