// The fleet workload, in TypeScript (for tsden) and in Nix (for the
// reference): N hosts, each an evaluation of four modules.
import { evalModules, mkOption, mkOverride, mkIf, mkForce, types } from "tsden/modules";

export const SETTINGS = 200;

function declaration() {
  const settings = {};
  for (let k = 1; k <= SETTINGS; k++) settings[`o${k}`] = mkOption({ type: types.int });
  const declare = {
    _file: "declare.ts",
    options: {
      settings,
      packages: mkOption({ type: types.listOf(types.str) }),
      guests: mkOption({
        type: types.attrsOf(
          types.submodule({
            options: {
              enable: mkOption({ type: types.bool, default: false }),
              mem: mkOption({ type: types.int, default: 512 }),
              tags: mkOption({ type: types.listOf(types.str), default: [] }),
            },
          }),
        ),
      }),
    },
  };
  return declare;
}

/** The declaring module is one value shared by all hosts, as the Nix version's let-binding. */
const declare = declaration();

/**
 * The option names, made once: a module written by hand has its keys as literals in its
 * source (Nix interns attribute names too); making 400 new key strings per host would
 * measure string building, not the module system.
 */
const KEYS = Array.from({ length: SETTINGS }, (_, k) => `o${k + 1}`);
const GUEST_NAMES = { a: [1, 2, 3, 4, 5].map((g) => `a${g}`), b: [1, 2, 3, 4, 5].map((g) => `b${g}`) };
const TAGS = [1, 2, 3, 4, 5].map((g) => `g${g}`);

/** The option names made anew, as a program building each host's modules in a loop makes them. */
export function freshKeys() {
  return Array.from({ length: SETTINGS }, (_, k) => `o${k + 1}`);
}

/** The four modules of host `i` (the option names `keys`: by default made once for all hosts). */
export function hostModules(i, keys = KEYS) {
  const define = (prio, name, force) => {
    const s = {};
    for (let k = 1; k <= SETTINGS; k++) s[keys[k - 1]] = mkOverride(prio, k * prio);
    const guests = {};
    for (let g = 1; g <= 5; g++) {
      guests[GUEST_NAMES[name][g - 1]] = {
        enable: true,
        mem: force ? mkIf(true, mkForce(256 * g)) : 128 * g,
        tags: [name, TAGS[g - 1]],
      };
    }
    return { _file: `define-${prio}.ts`, settings: s, packages: [`pkg-${name}`], guests };
  };
  return [declare, define(901, "a", true), define(902, "b", false), { _file: "host.ts", settings: { o1: i } }];
}

/** Evaluates host `i` and forces its whole configuration. */
export function evalHost(i) {
  const r = evalModules({ modules: hostModules(i) });
  return { result: r, json: JSON.stringify(r.config) };
}

/** The same workload as a Nix expression taking `n`. */
export function nixFleet() {
  return `{ n }:
let
  lib = import <nixlib>;
  inherit (lib) mkOption mkOverride mkIf mkForce types;
  range = lib.range 1 ${SETTINGS};
  declare = {
    _file = "declare.nix";
    options = {
      settings = lib.listToAttrs (map (k: lib.nameValuePair "o\${toString k}" (mkOption { type = types.int; })) range);
      packages = mkOption { type = types.listOf types.str; };
      guests = mkOption {
        type = types.attrsOf (types.submodule {
          options = {
            enable = mkOption { type = types.bool; default = false; };
            mem = mkOption { type = types.int; default = 512; };
            tags = mkOption { type = types.listOf types.str; default = []; };
          };
        });
      };
    };
  };
  define = prio: name: force: {
    _file = "define-\${toString prio}.nix";
    settings = lib.listToAttrs (map (k: lib.nameValuePair "o\${toString k}" (mkOverride prio (k * prio))) range);
    packages = [ "pkg-\${name}" ];
    guests = lib.listToAttrs (map (g: lib.nameValuePair "\${name}\${toString g}" {
      enable = true;
      mem = if force then mkIf true (mkForce (256 * g)) else 128 * g;
      tags = [ name "g\${toString g}" ];
    }) (lib.range 1 5));
  };
  host = i: builtins.removeAttrs (lib.evalModules {
    modules = [ declare (define 901 "a" true) (define 902 "b" false) { _file = "host.nix"; settings.o1 = i; } ];
  }).config [ "_module" ];
in map host (lib.range 1 n)
`;
}
