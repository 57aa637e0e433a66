/** Stages' named providers (self, provider-only targets, into of several targets) and conditional configuration from the context. */
import { describe, expect, it } from "vitest";
import { mkOption } from "../../src/modules/index.js";
import { evalDen, funnyNames, sorted } from "./helpers.js";

const names = (...xs: string[]) => ({ funny: { names: xs } });
const run = (ctx: Record<string, unknown>, start: string, c: Record<string, unknown>) =>
  sorted(funnyNames(evalDen({ den: { ctx } }).den.ctx[start]!(c)));

describe("named providers", () => {
  it("a self-named provider alone, and with owned classes", () => {
    const greet = { description: "{who} context", provides: { greet: ({ who }: any) => names(`hello-${who}`) } };
    expect(run({ greet }, "greet", { who: "nix" })).toEqual(["hello-nix"]);
    expect(run({ greet: { ...greet, ...names("owned") } }, "greet", { who: "nix" })).toEqual(["hello-nix", "owned"]);
  });

  it("into a target only the stage provides (no den.ctx stage of that name)", () => {
    const greet = {
      provides: {
        greet: ({ who }: any) => names(`hello-${who}`),
        other:
          (_: unknown) =>
          ({ who }: any) =>
            names(`other-${who}`),
      },
      into: { other: (c: any) => [c] },
    };
    expect(run({ greet }, "greet", { who: "nix" })).toEqual(["hello-nix", "other-nix"]);
  });

  it("into several targets from one function: stages and a provider-only one", () => {
    const ctx = {
      greet: {
        provides: {
          greet: ({ who }: any) => names(who),
          num:
            (_: unknown) =>
            ({ number }: any) =>
              names(`num:${number}`),
        },
        into: ({ who }: any) => ({
          yell: [{ shout: who.toUpperCase() }],
          size: [{ length: who.length }],
          num: [{ number: who.length }],
        }),
      },
      yell: { provides: { yell: ({ shout }: any) => names(shout) } },
      size: { provides: { size: ({ length }: any) => names(String(length)) } },
    };
    expect(run(ctx, "greet", { who: "world" })).toEqual(["5", "WORLD", "num:5", "world"]);
  });
});

describe("conditional configuration", () => {
  it("a class module importing one module or another by the host's and the user's fields", () => {
    const trueModule = { options: { something: mkOption({ default: "was-true" }) } };
    const falseModule = { options: { something: mkOption({ default: "was-false" }) } };
    const conditionalAspect = ({ user, host }: any) => ({
      os: ({ pkgs }: any) => ({ imports: host.hasFoo && user.hasBar ? [trueModule] : [falseModule] }),
    });
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { igloo: { hasFoo: true, users: { tux: { hasBar: true } } } } },
        ctx: { user: { includes: [den.provides["mutual-provider"]] } },
        aspects: { igloo: { provides: { "to-users": { includes: [conditionalAspect] } } } },
      },
    }));
    expect(r.flake.osConfigurations.igloo.config.something).toBe("was-true");
  });

  it("a { user, host } include giving config for one user only; a static aspect in den.default", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: {
          "x86_64-linux": {
            igloo: { users: { tux: { classes: ["homeManager"] }, pingu: { classes: ["homeManager"] } } },
          },
        },
        ctx: { user: { includes: [den.provides["mutual-provider"]] } },
        default: { includes: [{ os: { slot: "UTC" } }] },
        aspects: {
          igloo: {
            provides: {
              "to-users": {
                includes: [
                  ({ user, host }: any) => (user.userName === "tux" ? { homeManager: { list: ["git"] } } : {}),
                ],
              },
            },
          },
        },
      },
    }));
    const c = r.flake.osConfigurations.igloo.config;
    expect([c["home-manager"].users.tux.list, c["home-manager"].users.pingu.list, c.slot]).toEqual([
      ["git"],
      [],
      "UTC",
    ]);
  });
});
