/** Forwards from custom classes: to the top of the OS class, into a submodule next to owned values, into a home path, into two classes from one, from a { host, user } include of den.ctx.default. */
import { describe, expect, it } from "vitest";
import { forward } from "../../src/aspects/index.js";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen, sorted } from "./helpers.js";
const fwdFrom =
  (fromClass: string, intoClass: string, intoPath: string[], extra = {}) =>
  ({ class: cls, aspectChain }: any) =>
    forward({
      each: [cls],
      fromClass: () => fromClass,
      intoClass: () => intoClass,
      intoPath: () => intoPath,
      fromAspect: () => aspectChain[0],
      ...extra,
    });
describe("forwards from custom classes", () => {
  it("a custom class to the top of the os class", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: {
          igloo: { includes: [fwdFrom("custom", "os", [])], custom: { networking: { hostName: "from-custom-class" } } },
        },
      },
    });
    expect(r.flake.osConfigurations.igloo.config.networking.hostName).toBe("from-custom-class");
  });
  it("into a submodule path, merging with the os class's own values", () => {
    const fwdModule = { options: { items: mkOption({ type: types.listOf(types.str) }) } };
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: {
          igloo: {
            includes: [fwdFrom("src", "os", ["fwd-box"])],
            os: {
              imports: [{ options: { "fwd-box": mkOption({ type: types.submoduleWith({ modules: [fwdModule] }) }) } }],
              "fwd-box": { items: ["from-os-owned"] },
            },
            src: { items: ["from-src-class"] },
          },
        },
      },
    });
    expect(sorted(r.flake.osConfigurations.igloo.config["fwd-box"].items)).toEqual(["from-os-owned", "from-src-class"]);
  });
  it("into a home path (adaptArgs osConfig), and one class into two classes (intoClass the item)", () => {
    const nixOpts = {
      options: { nix: { settings: { "allowed-users": mkOption({ type: types.listOf(types.str), default: [] }) } } },
    };
    const gitOpts = {
      imports: [nixOpts],
      options: { programs: { git: { userEmail: mkOption({ type: types.str, default: "" }) } } },
    };
    const r = evalDen({
      den: {
        classes: { homeManager: [gitOpts], os: [nixOpts] },
        hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["homeManager"] } } } } },
        aspects: {
          tux: {
            includes: [
              fwdFrom("git", "homeManager", ["programs", "git"], {
                adaptArgs: ({ config }: any) => ({ osConfig: config }),
              }),
              ({ class: cls, aspectChain }: any) =>
                forward({
                  each: ["os", "homeManager"],
                  fromClass: () => "nix",
                  intoClass: (c: string) => c,
                  intoPath: () => ["nix"],
                  fromAspect: () => aspectChain[0],
                  adaptArgs: ({ config }: any) => ({ osConfig: config }),
                }),
            ],
            git: { userEmail: "root@linux.com" },
            nix: { settings: { "allowed-users": ["tux"] } },
          },
        },
      },
    });
    const c = r.flake.osConfigurations.igloo.config;
    expect(c["home-manager"].users.tux.programs.git.userEmail).toBe("root@linux.com");
    expect([c.nix.settings["allowed-users"], c["home-manager"].users.tux.nix.settings["allowed-users"]]).toEqual([
      ["tux"],
      ["tux"],
    ]);
  });
  it("from a { host, user } include of den.ctx.default, per host", () => {
    const forwarded =
      ({ host, user }: any) =>
      ({ class: cls, aspectChain }: any) =>
        forward({
          each: ["igloo", "iceberg"].includes(host.name) ? [user] : [],
          fromClass: () => "iced",
          intoClass: () => host.class,
          intoPath: () => [],
          fromAspect: () => aspectChain[0],
        });
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } }, iceberg: { users: { tux: {} } } } },
        ctx: { default: { includes: [forwarded] } },
        aspects: { tux: { iced: { networking: { hostName: "iced" } } } },
      },
    });
    expect([
      r.flake.osConfigurations.igloo.config.networking.hostName,
      r.flake.osConfigurations.iceberg.config.networking.hostName,
    ]).toEqual(["iced", "iced"]);
  });
});

describe("battery calls in a module body", () => {
  it("den.provides.forward({...}) and battery factories called in a module body, without lazy", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: {
          src: { custom: { networking: { hostName: "from-custom" } } },
          igloo: {
            includes: [
              den.provides.forward({
                each: [true],
                fromClass: () => "custom",
                intoClass: () => "os",
                intoPath: () => [],
                fromAspect: () => den.aspects.src,
              }),
              den._.unfree(["discord"]),
            ],
          },
        },
      },
    }));
    const c = r.flake.osConfigurations.igloo.config;
    expect([c.networking.hostName, c.unfree.packages]).toEqual(["from-custom", ["discord"]]);
  });
});
