/** Guarded and evaluated forwards: a false guard defines nothing, evaluated sources get the target's arguments, adaptArgs only adds names. */
import { describe, expect, it } from "vitest";
import { forward } from "../../src/aspects/index.js";
import { mkIf, mkOption, types } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

const imperOptions = {
  _file: "imper-options",
  options: {
    impermanence: mkOption({
      type: types.submodule({
        options: {
          foo: mkOption({ type: types.int, default: 0 }),
          dirs: mkOption({ type: types.listOf(types.str), default: [] }),
        },
      }),
      default: {},
    }),
  },
};

const onH = (spec: Record<string, unknown>, hostAspect: Record<string, unknown> = {}) =>
  evalDen({
    den: {
      hosts: { "x86_64-linux": { h: {} } },
      aspects: {
        h: {
          ...hostAspect,
          includes: [
            ({ host }: any) =>
              forward({
                each: [host],
                fromClass: () => "imper",
                intoClass: () => "os",
                intoPath: () => ["impermanence"],
                fromAspect: (h: any) => h.aspect,
                ...spec,
              }),
          ],
        },
      },
    },
  }).flake.osConfigurations.h.config;

describe("guarded forwards", () => {
  const whereOption = { guard: ({ options }: any) => "impermanence" in options };

  it("a guard on options applies where the target option exists, with evaluated values", () => {
    expect(onH(whereOption, { os: { imports: [imperOptions] }, imper: { foo: 42 } }).impermanence.foo).toBe(42);
  });

  it("a false guard defines nothing at the target path (no error for a missing option)", () => {
    expect(onH(whereOption, { imper: { foo: 42 } }).networking.hostName).toBe("nixos");
  });

  it("a guard reading config is a condition on the definitions", () => {
    const spec = { guard: ({ config }: any) => config.slot === "slot-on" };
    expect(onH(spec, { os: { imports: [imperOptions], slot: "slot-on" }, imper: { foo: 1 } }).impermanence.foo).toBe(1);
    expect(onH(spec, { os: { imports: [imperOptions] }, imper: { foo: 1 } }).impermanence.foo).toBe(0);
  });

  it("a guard may return a function of the item giving a function of the definitions (mkIf)", () => {
    const spec = {
      guard:
        ({ config }: any) =>
        (_item: unknown) =>
        (defs: unknown) =>
          mkIf(() => config.slot === "slot-on", defs),
    };
    expect(onH(spec, { os: { imports: [imperOptions], slot: "slot-on" }, imper: { foo: 7 } }).impermanence.foo).toBe(7);
    expect(onH(spec, { os: { imports: [imperOptions] }, imper: { foo: 7 } }).impermanence.foo).toBe(0);
  });
});

describe("evaluated forwards", () => {
  const withPkgs = { os: { imports: [imperOptions], _module: { args: { pkgs: { hello: "hello-2.12" } } } } };

  it("an evalConfig source receives the target's module arguments (pkgs)", () => {
    const cfg = onH({ evalConfig: true }, { ...withPkgs, imper: ({ pkgs }: any) => ({ dirs: [pkgs.hello] }) });
    expect(cfg.impermanence.dirs).toEqual(["hello-2.12"]);
  });

  it("adaptArgs adds new argument names and never replaces existing ones", () => {
    const cfg = onH(
      { adaptArgs: ({ config }: any) => ({ osConfig: config, pkgs: { hello: "replaced" } }) },
      {
        ...withPkgs,
        os: { ...withPkgs.os, networking: { hostName: "igloo" } },
        imper: ({ pkgs, osConfig }: any) => ({
          get dirs() {
            return [pkgs.hello, osConfig.networking.hostName];
          },
        }),
      },
    );
    expect(cfg.impermanence.dirs).toEqual(["hello-2.12", "igloo"]);
  });
});
