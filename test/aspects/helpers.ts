/** Test helpers: a small custom OS-like class and a den evaluation. */
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { denModule, resolve, type Den } from "../../src/aspects/index.js";

/** Options of the custom class `os` used in tests. */
export const osOptions = {
  _file: "test-os-options",
  key: "test-os-options",
  options: {
    networking: { hostName: mkOption({ type: types.str, default: "nixos" }) },
    list: mkOption({ type: types.listOf(types.str), default: [] }),
    tags: mkOption({ type: types.attrsOf(types.str), default: {} }),
    users: {
      users: mkOption({
        type: types.attrsOf(
          types.submodule({
            options: {
              list: mkOption({ type: types.listOf(types.str), default: [] }),
              name: mkOption({ type: types.nullOr(types.str), default: null }),
              home: mkOption({ type: types.nullOr(types.str), default: null }),
              shell: mkOption({ type: types.nullOr(types.str), default: null }),
              isNormalUser: mkOption({ type: types.bool, default: false }),
              extraGroups: mkOption({ type: types.listOf(types.str), default: [] }),
            },
          }),
        ),
        default: {},
      }),
      groups: mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }),
    },
    box: mkOption({
      type: types.attrsOf(
        types.submodule({
          options: Object.fromEntries(
            ["greeting", "data", "who"].map((k) => [k, mkOption({ type: types.nullOr(types.str), default: null })]),
          ),
        }),
      ),
      default: {},
    }),
    programs: mkOption({ type: types.attrsOf(types.anything), default: {} }),
    services: mkOption({ type: types.attrsOf(types.anything), default: {} }),
    slot: mkOption({ type: types.str, default: "slot-a" }),
    env: mkOption({ type: types.attrsOf(types.str), default: {} }),
    nested: mkOption({ type: types.deferredModule, default: {} as never }),
  },
};

/** Options of a second class (`hm`). */
export const hmOptions = {
  _file: "test-hm-options",
  options: {
    list: mkOption({ type: types.listOf(types.str), default: [] }),
    name: mkOption({ type: types.str, default: "" }),
  },
};

/** Evaluates den with the test classes. */
export function evalDen(...modules: unknown[]): { den: Den; flake: any; top: any } {
  const top = evalModules({
    modules: [
      denModule,
      { den: { classes: { os: [osOptions], hm: [hmOptions], homeManager: [hmOptions] } } },
      ...modules,
    ],
  });
  return {
    top,
    get den() {
      return top.config.den as Den;
    },
    get flake() {
      return top.config.flake;
    },
  };
}

/** One host `h` (with optional users) and the rest; returns its evaluated os config. */
export function hostConfig(hostDef: Record<string, unknown>, ...modules: unknown[]): any {
  const r = evalDen({ den: { hosts: { "x86_64-linux": { h: hostDef } } } }, ...modules);
  return r.flake.osConfigurations.h.config;
}

/** The host `h` record. */
export function host(r: { den: Den }, name = "h", system = "x86_64-linux"): any {
  return r.den.hosts[system]![name];
}

/** Sorted copy. */
export const sorted = (xs: readonly string[]) => [...xs].sort();

/** The `names` the class `funny` of an aspect collects (resolved and evaluated). */
export function funnyNames(aspect: unknown): string[] {
  const opts = { options: { names: mkOption({ type: types.listOf(types.str), default: [] }) } };
  return (evalModules({ modules: [opts, resolve("funny", aspect)] }).config as { names: string[] }).names;
}
