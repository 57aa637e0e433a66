/** Forwarding a custom class into a leaf option with evalConfig: from the host aspect, and from perHost sub-aspects fixed to the host. */
import { describe, expect, it } from "vitest";
import { lazy } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

const forwardVariables = (den: any, fromAspect: (host: any) => unknown) => ({
  den: {
    ctx: {
      host: {
        includes: [
          ({ host }: any) =>
            den._.forward({
              each: ["os"],
              fromClass: () => "variables",
              intoClass: () => host.class,
              intoPath: () => ["env"],
              fromAspect: () => fromAspect(host),
              evalConfig: true,
            }),
        ],
      },
    },
  },
});

describe("forward into a leaf option (evalConfig)", () => {
  it("the host aspect's variables class", () => {
    const r = evalDen(
      {
        den: {
          hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
          aspects: { igloo: { variables: { TEST: "test-var" } } },
        },
      },
      ({ den }: any) => forwardVariables(den, (host) => host.aspect),
    );
    expect(r.flake.osConfigurations.igloo.config.env.TEST).toBe("test-var");
  });

  it("perHost sub-aspects, the source fixed to the host", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      // the list of sub-aspects is read after the modules are collected
      ({ den }: any) => ({ den: { aspects: { foo: { includes: lazy(() => Object.values(den.aspects.foo._)) } } } }),
      ({ den }: any) => ({
        den: { aspects: { foo: { _: { sub1: den.lib.perHost({ variables: { TEST: "test-var" } }) } } } },
      }),
      ({ den }: any) => ({
        den: { aspects: { foo: { _: { sub2: den.lib.perHost({ variables: { OTHER: "other-var" } }) } } } },
      }),
      ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.aspects.foo] } } } }),
      ({ den }: any) => forwardVariables(den, (host) => den.lib.parametric.fixedTo({ host }, host.aspect)),
    );
    expect(r.flake.osConfigurations.igloo.config.env).toEqual({ TEST: "test-var", OTHER: "other-var" });
  });
});
