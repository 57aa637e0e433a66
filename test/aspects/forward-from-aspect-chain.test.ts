/** Forwards built by a static include ({ class, aspectChain }) from the aspect that includes them: guards on options and on config, forwards into a resolved class, many items. */
import { describe, expect, it } from "vitest";
import { forward } from "../../src/aspects/index.js";
import { mkDefault, mkIf, mkOption, types } from "../../src/modules/index.js";
import { evalDen, funnyNames, sorted } from "./helpers.js";
const imperModule = {
  options: {
    impermanence: mkOption({
      type: types.submodule({ options: { foo: mkOption({ type: types.int, default: 0 }) } }),
      default: {},
    }),
  },
};
const forwarded = ({ class: cls, aspectChain }: any) =>
  forward({
    each: [cls],
    fromClass: () => "imper",
    intoClass: () => "os",
    intoPath: () => ["impermanence"],
    fromAspect: () => aspectChain[0],
    guard: ({ options }: any) => "impermanence" in options,
  });
describe("forwards from the aspect chain", () => {
  it("a guard on options applies where the target option exists", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: { igloo: { includes: [forwarded], os: { imports: [imperModule] }, imper: { foo: 42 } } },
      },
    });
    expect(r.flake.osConfigurations.igloo.config.impermanence.foo).toBe(42);
  });
  it("a false guard defines nothing (no error for the missing option)", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: { igloo: { includes: [forwarded], imper: { foo: 42 } } },
      },
    });
    expect(r.flake.osConfigurations.igloo.config.networking.hostName).toBe("nixos");
  });
  it("a forward to the top of a class ([] path) adds to that class's resolution", () => {
    const fwd = forward({
      each: [true],
      fromClass: () => "src",
      intoClass: () => "funny",
      intoPath: () => [],
      fromAspect:
        () =>
        ({ class: cls, aspectChain }: any) => ({ src: { names: ["forwarded"] } }),
    });
    const r = evalDen({ den: { aspects: { test: { funny: { names: ["direct"] }, includes: [fwd] } } } });
    expect(sorted(funnyNames(r.den.aspects.test))).toEqual(["direct", "forwarded"]);
  });
  it("20 items forwarded into another class leave the resolved class alone", () => {
    const items = Array.from({ length: 20 }, (_, i) => `item${i}`);
    const fwd = forward({
      each: items,
      fromClass: () => "src",
      intoClass: () => "target",
      intoPath: () => ["somewhere"],
      fromAspect:
        (item: string) =>
        ({ class: cls, aspectChain }: any) => ({ src: { names: [item] } }),
    });
    const r = evalDen({ den: { aspects: { test: { funny: { names: ["root"] }, includes: [fwd] } } } });
    expect(funnyNames(r.den.aspects.test)).toEqual(["root"]);
  });
  it("a guard reading the target's config (a function of the item giving mkIf) per user home", () => {
    const hmOpts = {
      options: {
        programs: mkOption({ type: types.attrsOf(types.anything), default: {} }),
        home: { keyboard: { model: mkOption({ type: types.str, default: "" }) } },
      },
    };
    const vimerHome = ({ class: cls, aspectChain }: any) =>
      forward({
        each: [true],
        fromAspect: () => aspectChain[0],
        fromClass: () => "home-pingu",
        intoClass: () => "homeManager",
        intoPath: () => ["home"],
        guard:
          ({ config }: any) =>
          (_: any) =>
          (defs: any) =>
            mkIf(config.programs.vim?.enable === true, defs),
      });
    const r = evalDen({
      den: {
        classes: { homeManager: [hmOpts] },
        hosts: {
          "x86_64-linux": {
            igloo: { users: { tux: { classes: ["homeManager"] }, pingu: { classes: ["homeManager"] } } },
          },
        },
        aspects: { pingu: { homeManager: { programs: { vim: { enable: true } } } } },
        ctx: {
          user: {
            includes: [
              { homeManager: { home: { keyboard: { model: mkDefault("unset") } } } },
              { "home-pingu": ({ pkgs }: any) => ({ keyboard: { model: "hello" } }) },
              vimerHome,
            ],
          },
        },
      },
    });
    const u = r.flake.osConfigurations.igloo.config["home-manager"].users;
    expect([u.tux.home.keyboard.model, u.pingu.home.keyboard.model]).toEqual(["unset", "hello"]);
  });
});
