/** Forwards into a user's home class: dynamic paths read from the target's config, alias classes ([] path) guarded by arguments or config, with adaptArgs giving osConfig, one class per platform. */
import { describe, expect, it } from "vitest";
import { forward } from "../../src/aspects/index.js";
import { mkIf, mkOption, types } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

const slotMod = {
  options: {
    "my-slot": mkOption({ type: types.str, default: "slot-a" }),
    "my-box": mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }),
  },
};
const homeOpts = {
  options: {
    programs: mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }),
    home: {
      keyboard: { model: mkOption({ type: types.str, default: "" }) },
      packages: mkOption({ type: types.listOf(types.str), default: [] }),
    },
  },
};
const pkgs = {
  _module: { args: { pkgs: { hello: "hello", direnv: "direnv", stdenv: { isLinux: true, isDarwin: false } } } },
};
const dynamicPath =
  (intoClass: string) =>
  ({ class: cls, aspectChain }: any) =>
    forward({
      each: [cls],
      fromClass: () => "src",
      intoClass: () => intoClass,
      intoPath:
        () =>
        ({ config }: any) => ["my-box", config["my-slot"]],
      fromAspect: () => aspectChain[0],
    });
const hm = { classes: ["homeManager"] };

describe("forward paths read from the target's config", () => {
  it("on the host", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: {
          igloo: {
            includes: [dynamicPath("os")],
            os: { imports: [slotMod], "my-slot": "slot-b" },
            src: { "my-data": "hello-from-src" },
          },
        },
      },
    });
    expect(r.flake.osConfigurations.igloo.config["my-box"]["slot-b"]["my-data"]).toBe("hello-from-src");
  });

  it("in a user's home", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } },
        aspects: {
          tux: {
            includes: [dynamicPath("homeManager")],
            homeManager: { imports: [slotMod], "my-slot": "slot-b" },
            src: { "my-data": "hello-from-src" },
          },
        },
      },
    });
    const tux = r.flake.osConfigurations.igloo.config["home-manager"].users.tux;
    expect(tux["my-box"]["slot-b"]["my-data"]).toBe("hello-from-src");
  });
});

describe("alias classes forwarded to the top of a home ([] path)", () => {
  const homeAlias =
    (spec: Record<string, unknown>) =>
    ({ class: cls, aspectChain }: any) =>
      forward({
        each: [cls],
        fromClass: () => "home",
        intoClass: () => "homeManager",
        intoPath: () => [],
        fromAspect: () => aspectChain[0],
        ...spec,
      });
  const tuxHome = (...modules: unknown[]) =>
    evalDen(
      {
        den: {
          classes: { homeManager: [homeOpts, pkgs] },
          hosts: { "x86_64-linux": { igloo: { users: { tux: hm } } } },
          aspects: { igloo: { os: { networking: { hostName: "storm" } } } },
        },
      },
      ...modules,
    ).flake.osConfigurations.igloo.config["home-manager"].users.tux;

  it("guarded by an argument, adaptArgs passing osConfig on: the class of every aspect the user includes", () => {
    const tux = tuxHome(({ den }: any) => ({
      den: {
        aspects: {
          tux: {
            includes: [
              homeAlias({ guard: ({ pkgs }: any) => true, adaptArgs: ({ osConfig }: any) => ({ osConfig }) }),
              den.aspects.foo,
            ],
          },
          foo: { includes: [den.aspects.bar, den.aspects.baz] },
          bar: {
            home: ({ osConfig, pkgs }: any) => ({
              programs: { fish: { enable: true } },
              home: {
                get keyboard() {
                  return { model: osConfig.networking.hostName };
                },
                packages: [pkgs.hello],
              },
            }),
          },
          baz: { home: ({ pkgs }: any) => ({ home: { packages: [pkgs.direnv] } }) },
        },
      },
    }));
    expect([tux.programs.fish.enable, tux.home.keyboard.model, [...tux.home.packages].sort()]).toEqual([
      true,
      "storm",
      ["direnv", "hello"],
    ]);
  });

  it("guarded by the home's config (mkIf), adaptArgs naming the host's config osConfig", () => {
    const tux = tuxHome({
      den: {
        aspects: {
          tux: {
            homeManager: { programs: { fish: { enable: true } } },
            includes: [
              homeAlias({
                guard:
                  ({ config }: any) =>
                  (_: unknown) =>
                  (defs: unknown) =>
                    mkIf(config.programs.fish.enable, defs),
                adaptArgs: ({ config }: any) => ({ osConfig: config }),
              }),
            ],
            home: ({ osConfig }: any) => ({
              home: {
                get keyboard() {
                  return { model: osConfig.networking.hostName };
                },
              },
            }),
          },
        },
      },
    });
    expect([tux.programs.fish.enable, tux.home.keyboard.model]).toEqual([true, "storm"]);
  });

  it("one class per platform, the guard choosing by the item", () => {
    const tux = tuxHome(({ den }: any) => ({
      den: {
        aspects: {
          tux: {
            includes: [
              ({ class: cls, aspectChain }: any) =>
                forward({
                  each: ["Linux", "Darwin"],
                  fromClass: (platform: string) => `hm${platform}`,
                  intoClass: () => "homeManager",
                  intoPath: () => [],
                  fromAspect: () => aspectChain[0],
                  guard:
                    ({ pkgs }: any) =>
                    (platform: string) =>
                    (defs: unknown) =>
                      mkIf(pkgs.stdenv[`is${platform}`], defs),
                  adaptArgs: ({ config }: any) => ({ osConfig: config }),
                }),
              den.aspects.foo,
            ],
            hmLinux: { home: { keyboard: { model: "freedom" } } },
            hmDarwin: { home: { keyboard: { model: "closed" } } },
          },
          foo: { hmLinux: ({ pkgs }: any) => ({ home: { packages: [pkgs.hello] } }) },
        },
      },
    }));
    expect([tux.home.keyboard.model, tux.home.packages]).toEqual(["freedom", ["hello"]]);
  });
});
