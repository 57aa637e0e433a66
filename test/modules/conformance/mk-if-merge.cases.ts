import { mkDefault, mkForce, mkIf, mkMerge, mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const decl = () => ({
  _file: "declare.ts",
  options: {
    enable: mkOption({ type: types.bool, default: false }),
    n: mkOption({ type: types.int, default: 0 }),
    l: mkOption({ type: types.listOf(types.str), default: [] }),
  },
});
const declNix = `{ _file = "declare.ts"; options.enable = mkOption { type = types.bool; default = false; }; options.n = mkOption { type = types.int; default = 0; }; options.l = mkOption { type = types.listOf types.str; default = [ ]; }; }`;

export const cases: ConformanceCase[] = [
  {
    name: "mkIf true keeps the definition",
    nix: nixEval([declNix, `{ n = mkIf true 5; }`], { read: "n" }),
    modules: () => [decl(), { n: mkIf(true, 5) }],
    read: "n",
    expect: value(5),
  },
  {
    name: "mkIf false drops the definition, leaving the default",
    nix: nixEval([declNix, `{ n = mkIf false 5; }`], { read: "n" }),
    modules: () => [decl(), { n: mkIf(false, 5) }],
    read: "n",
    expect: value(0),
  },
  {
    name: "mkIf false leaves no value when there is no default",
    nix: nixEval([`{ options.x = mkOption { type = types.int; }; }`, `{ x = mkIf false 1; }`], { read: "x" }),
    modules: () => [{ options: { x: mkOption({ type: types.int }) } }, { x: mkIf(false, 1) }],
    read: "x",
    expect: error("NO_VALUE", /The option `x' was accessed but has no value defined\. Try setting the option\./),
  },
  {
    name: "mkIf with a non-boolean condition is an error",
    nix: nixEval([declNix, `{ n = mkIf "yes" 1; }`], { read: "n" }),
    modules: () => [decl(), { n: mkIf("yes" as any, 1) }],
    read: "n",
    expect: error("TYPE_MISMATCH", /‘mkIf’ called with a non-Boolean condition/),
  },
  {
    name: "mkIf with a null condition is an error",
    nix: nixEval([declNix, `{ n = mkIf null 1; }`], { read: "n" }),
    modules: () => [decl(), { n: mkIf(null as any, 1) }],
    read: "n",
    expect: error("TYPE_MISMATCH", /‘mkIf’ called with a non-Boolean condition/),
  },
  {
    name: "mkIf conditions may read config",
    nix: nixEval([declNix, `{ enable = true; }`, `{ config, ... }: { n = mkIf config.enable 3; }`], { read: "n" }),
    modules: () => [decl(), { enable: true }, ({ config }: any) => ({ n: mkIf(() => config.enable, 3) })],
    read: "n",
    expect: value(3),
  },
  {
    name: "nested mkIf needs every condition",
    nix: nixEval([declNix, `{ n = mkIf true (mkIf false 1); l = mkIf true (mkIf true [ "both" ]); }`]),
    modules: () => [decl(), { n: mkIf(true, mkIf(false, 1)), l: mkIf(true, mkIf(true, ["both"])) }],
    expect: value({ enable: false, n: 0, l: ["both"] }),
  },
  {
    name: "mkIf on an attribute set applies to every leaf",
    nix: nixEval([declNix, `{ config = mkIf false { n = 1; l = [ "x" ]; }; }`]),
    modules: () => [decl(), { config: mkIf(false, { n: 1, l: ["x"] }) }],
    expect: value({ enable: false, n: 0, l: [] }),
  },
  {
    name: "mkIf inside a list drops that element",
    nix: nixEval([declNix, `{ l = [ "a" (mkIf false "b") (mkIf true "c") ]; }`], { read: "l" }),
    modules: () => [decl(), { l: ["a", mkIf(false, "b"), mkIf(true, "c")] }],
    read: "l",
    expect: value(["a", "c"]),
  },
  {
    name: "a definition under a false mkIf must still name an existing option",
    nix: nixEval([declNix, `{ _file = "cond.ts"; config = mkIf false { nope = 1; }; }`]),
    modules: () => [decl(), { _file: "cond.ts", config: mkIf(false, { nope: 1 }) }],
    expect: error("UNKNOWN_OPTION", /The option `nope' does not exist\. Definition values:\n\s*- In `cond\.ts'/),
  },
  {
    name: "mkMerge combines definitions of different options",
    nix: nixEval([declNix, `{ config = mkMerge [ { n = 1; } { l = [ "m" ]; } ]; }`]),
    modules: () => [decl(), { config: mkMerge([{ n: 1 }, { l: ["m"] }]) }],
    expect: value({ enable: false, n: 1, l: ["m"] }),
  },
  {
    name: "mkMerge of list definitions concatenates in order",
    nix: nixEval([declNix, `{ l = mkMerge [ [ "a" ] [ "b" ] [ "c" ] ]; }`], { read: "l" }),
    modules: () => [decl(), { l: mkMerge([["a"], ["b"], ["c"]]) }],
    read: "l",
    expect: value(["a", "b", "c"]),
  },
  {
    name: "nested mkMerge flattens",
    nix: nixEval([declNix, `{ l = mkMerge [ [ "a" ] (mkMerge [ [ "b" ] (mkMerge [ [ "c" ] ]) ]) [ "d" ] ]; }`], {
      read: "l",
    }),
    modules: () => [decl(), { l: mkMerge([["a"], mkMerge([["b"], mkMerge([["c"]])]), ["d"]]) }],
    read: "l",
    expect: value(["a", "b", "c", "d"]),
  },
  {
    name: "mkMerge of mkIfs keeps the true ones",
    nix: nixEval([declNix, `{ l = mkMerge [ (mkIf true [ "yes" ]) (mkIf false [ "no" ]) [ "always" ] ]; }`], {
      read: "l",
    }),
    modules: () => [decl(), { l: mkMerge([mkIf(true, ["yes"]), mkIf(false, ["no"]), ["always"]]) }],
    read: "l",
    expect: value(["yes", "always"]),
  },
  {
    name: "mkMerge of the same scalar twice conflicts like two modules",
    nix: nixEval([declNix, `{ _file = "merge.ts"; n = mkMerge [ 1 2 ]; }`], { read: "n" }),
    modules: () => [decl(), { _file: "merge.ts", n: mkMerge([1, 2]) }],
    read: "n",
    expect: error(
      "CONFLICT",
      /The option `n' has conflicting definition values:\n\s*- In `merge\.ts': 1\n\s*- In `merge\.ts': 2/,
    ),
  },
  {
    name: "mkMerge entries carry their own priorities",
    nix: nixEval([declNix, `{ n = mkMerge [ (mkDefault 1) (mkForce 2) 3 ]; }`], { read: "n" }),
    modules: () => [decl(), { n: mkMerge([mkDefault(1), mkForce(2), 3]) }],
    read: "n",
    expect: value(2),
  },
  {
    name: "mkIf around mkMerge",
    nix: nixEval([declNix, `{ config = mkIf true (mkMerge [ { n = 4; } { l = [ "z" ]; } ]); }`]),
    modules: () => [decl(), { config: mkIf(true, mkMerge([{ n: 4 }, { l: ["z"] }])) }],
    expect: value({ enable: false, n: 4, l: ["z"] }),
  },
  {
    name: "mkIf around mkForce",
    nix: nixEval([declNix, `{ n = mkIf true (mkForce 8); }`, `{ n = 1; }`], { read: "n" }),
    modules: () => [decl(), { n: mkIf(true, mkForce(8)) }, { n: 1 }],
    read: "n",
    expect: value(8),
  },
  {
    name: "an mkIf inside mkForce is not expanded: it fails the type check",
    nix: nixEval([declNix, `{ _file = "force-if.ts"; n = mkForce (mkIf false 8); }`, `{ n = 1; }`], { read: "n" }),
    modules: () => [decl(), { _file: "force-if.ts", n: mkForce(mkIf(false, 8)) }, { n: 1 }],
    read: "n",
    expect: error(
      "TYPE_MISMATCH",
      /A definition for option `n' is not of type `signed integer'\. Definition values:\n\s*- In `force-if\.ts'/,
    ),
  },
  {
    name: "config = mkIf cfg.enable {...} works while reading cfg.enable (push-down)",
    nix: nixEval([declNix, `{ config, ... }: { config = mkIf config.enable { n = 1; }; }`, `{ enable = true; }`], {
      read: "n",
    }),
    modules: () => [decl(), ({ config }: any) => ({ config: mkIf(() => config.enable, { n: 1 }) }), { enable: true }],
    read: "n",
    expect: value(1),
  },
  {
    name: "a pushed-down mkIf that is false leaves the default",
    nix: nixEval([declNix, `{ config, ... }: { config = mkIf config.enable { n = 1; }; }`]),
    modules: () => [decl(), ({ config }: any) => ({ config: mkIf(() => config.enable, { n: 1 }) })],
    expect: value({ enable: false, n: 0, l: [] }),
  },
  {
    name: "a pushed-down mkIf may define options beside the one its condition reads",
    nix: nixEval([
      declNix,
      `{ config, ... }: { config = mkIf config.enable { n = 2; l = [ "on" ]; }; }`,
      `{ enable = mkDefault true; }`,
    ]),
    modules: () => [
      decl(),
      ({ config }: any) => ({ config: mkIf(() => config.enable, { n: 2, l: ["on"] }) }),
      { enable: mkDefault(true) },
    ],
    expect: value({ enable: true, n: 2, l: ["on"] }),
  },
  {
    name: "a pushed-down mkIf that defines the option its condition reads is an infinite recursion",
    nix: nixEval([declNix, `{ config, ... }: { config = mkIf config.enable { enable = true; }; }`], { read: "enable" }),
    modules: () => [decl(), ({ config }: any) => ({ config: mkIf(() => config.enable, { enable: true }) })],
    read: "enable",
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
  {
    name: "a top-level mkIf reading config is pushed down too",
    nix: nixEval([declNix, `{ config, ... }: mkIf config.enable { l = [ "top" ]; }`, `{ enable = true; }`], {
      read: "l",
    }),
    modules: () => [decl(), ({ config }: any) => mkIf(() => config.enable, { l: ["top"] }), { enable: true }],
    read: "l",
    expect: value(["top"]),
  },
  {
    name: "mkMerge of pushed-down mkIfs on the same condition option",
    nix: nixEval(
      [
        declNix,
        `{ config, ... }: { config = mkMerge [ (mkIf config.enable { n = 1; }) (mkIf (!config.enable) { n = 2; }) ]; }`,
      ],
      { read: "n" },
    ),
    modules: () => [
      decl(),
      ({ config }: any) => ({
        config: mkMerge([mkIf(() => config.enable, { n: 1 }), mkIf(() => !config.enable, { n: 2 })]),
      }),
    ],
    read: "n",
    expect: value(2),
  },
  {
    name: "conditions can depend on another option's merged value",
    nix: nixEval([declNix, `{ config, ... }: { l = mkIf (config.n > 2) [ "big" ]; }`, `{ n = 3; }`], { read: "l" }),
    modules: () => [decl(), ({ config }: any) => ({ l: mkIf(() => config.n > 2, ["big"]) }), { n: 3 }],
    read: "l",
    expect: value(["big"]),
  },
];
