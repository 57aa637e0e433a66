/** Aspect meta: referenced from the aspect itself (by den.aspects or as a module of config), name from the option path, the keys every aspect has. */
import { describe, expect, it } from "vitest";
import { evalDen, funnyNames } from "./helpers.js";

describe("aspect meta", () => {
  it("meta can be referenced through den.aspects, or as config of an aspect written as a module", () => {
    const viaDen = evalDen(({ den }: any) => ({
      den: {
        aspects: {
          foo: {
            funny: {
              get names() {
                return [den.aspects.foo.meta.nick];
              },
            },
            meta: { nick: "McLoving" },
          },
        },
      },
    }));
    expect(funnyNames(viaDen.den.aspects.foo)).toEqual(["McLoving"]);
    const viaConfig = evalDen({
      den: {
        aspects: { foo: ({ config }: any) => ({ funny: { names: [config.meta.nick] }, meta: { nick: "McLoving" } }) },
      },
    });
    expect(funnyNames(viaConfig.den.aspects.foo)).toEqual(["McLoving"]);
  });

  it("meta.name is the option path, by den.aspects or by config", () => {
    const viaDen = evalDen(({ den }: any) => ({
      den: {
        aspects: {
          foo: {
            funny: {
              get names() {
                return [den.aspects.foo.meta.name];
              },
            },
          },
        },
      },
    }));
    expect(funnyNames(viaDen.den.aspects.foo)).toEqual(["den.aspects.foo"]);
    const viaConfig = evalDen({
      den: { aspects: { foo: ({ config }: any) => ({ funny: { names: [config.meta.name] } }) } },
    });
    expect(funnyNames(viaConfig.den.aspects.foo)).toEqual(["den.aspects.foo"]);
  });

  it("every aspect's meta has adapter, excludes, file, handleWith, loc, name, provider and self (and what it defines)", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { igloo: {} } },
        aspects: {
          igloo: { includes: [den.aspects.foo, den.aspects.bar] },
          foo: ({ host }: any) => ({
            os: {
              env: {
                get KEYS() {
                  return Object.keys(den.aspects.foo.meta.self.meta).sort().join(":");
                },
              },
            },
          }),
          bar:
            ({ host }: any) =>
            ({ config }: any) => ({
              os: { env: { FIXPOINT: Object.keys(config.meta).sort().join(":") } },
              meta: { foo: 12 },
            }),
        },
      },
    }));
    const env = r.flake.osConfigurations.igloo.config.env;
    expect(env.KEYS).toBe("adapter:excludes:file:handleWith:loc:name:provider:self");
    expect(env.FIXPOINT).toBe("adapter:excludes:file:foo:handleWith:loc:name:provider:self");
  });
});
