import { mkOption, mkIf, mkMerge, mkForce, mkDefault, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const decl = () => ({
  _file: "declare-ab.ts",
  options: {
    a: mkOption({ type: types.int, default: 0 }),
    b: mkOption({ type: types.listOf(types.str), default: [] }),
  },
});
const declNix = `{ _file = "declare-ab.ts"; options.a = mkOption { type = types.int; default = 0; }; options.b = mkOption { type = types.listOf types.str; default = [ ]; }; }`;

export const cases: ConformanceCase[] = [
  {
    name: "a full-form module declares options and defines config",
    nix: nixEval([`{ options.x = mkOption { type = types.int; }; config.x = 3; }`]),
    modules: () => [{ options: { x: mkOption({ type: types.int }) }, config: { x: 3 } }],
    expect: value({ x: 3 }),
  },
  {
    name: "a shorthand module defines every key as config",
    nix: nixEval([declNix, `{ a = 5; b = [ "x" ]; }`]),
    modules: () => [decl(), { a: 5, b: ["x"] }],
    expect: value({ a: 5, b: ["x"] }),
  },
  {
    name: "a shorthand module's _file, key and imports are not config",
    nix: nixEval([declNix, `{ _file = "s.ts"; key = "s"; imports = [ { b = [ "i" ]; } ]; a = 1; }`]),
    modules: () => [decl(), { _file: "s.ts", key: "s", imports: [{ b: ["i"] }], a: 1 }],
    expect: value({ a: 1, b: ["i"] }),
  },
  {
    name: "a shorthand module's disabledModules is not config",
    nix: nixEval([declNix, `{ disabledModules = [ ]; a = 2; }`]),
    modules: () => [decl(), { disabledModules: [], a: 2 }],
    expect: value({ a: 2, b: [] }),
  },
  {
    name: "a full-form module may carry _file, key, imports and disabledModules",
    nix: nixEval([`{ _file = "f.ts"; key = "f"; imports = [ ${declNix} ]; disabledModules = [ ]; config.a = 7; }`]),
    modules: () => [{ _file: "f.ts", key: "f", imports: [decl()], disabledModules: [], config: { a: 7 } }],
    expect: value({ a: 7, b: [] }),
  },
  {
    name: "a module with only options is full form",
    nix: nixEval([`{ options.x = mkOption { default = "d"; }; }`]),
    modules: () => [{ options: { x: mkOption({ default: "d" }) } }],
    expect: value({ x: "d" }),
  },
  {
    name: "a module with only config is full form",
    nix: nixEval([declNix, `{ config = { a = 4; }; }`]),
    modules: () => [decl(), { config: { a: 4 } }],
    expect: value({ a: 4, b: [] }),
  },
  {
    name: "an empty module changes nothing",
    nix: nixEval([declNix, `{ }`]),
    modules: () => [decl(), {}],
    expect: value({ a: 0, b: [] }),
  },
  {
    name: "a full-form module with another top-level key is rejected, naming the module and the key",
    nix: nixEval([declNix, `{ config.a = 1; foo = 2; }`]),
    modules: () => [decl(), { config: { a: 1 }, foo: 2 }],
    expect: error(
      "INVALID_MODULE",
      /Module `:anon-2' has an unsupported attribute `foo'\. This is caused by introducing a top-level `config' or `options' attribute\./,
    ),
  },
  {
    name: "the unsupported-attribute error lists every stray key",
    nix: nixEval([declNix, `{ options.z = mkOption { }; bar = 1; foo = 2; }`]),
    modules: () => [decl(), { options: { z: mkOption({}) }, bar: 1, foo: 2 }],
    expect: error("INVALID_MODULE", /move all of them \(namely: bar foo\) into the explicit `config' attribute/),
  },
  {
    name: "the unsupported-attribute error names the module by its position, not its key",
    nix: nixEval([declNix, `{ imports = [ { key = "/m/bad.ts"; config.a = 1; stray = 2; } ]; }`]),
    modules: () => [decl(), { imports: [{ key: "/m/bad.ts", config: { a: 1 }, stray: 2 }] }],
    expect: error("INVALID_MODULE", /Module `:anon-2:anon-1' has an unsupported attribute `stray'/),
  },
  {
    name: "a full-form module may have meta",
    nix: nixEval([
      `{ options.meta = mkOption { type = types.attrsOf types.str; }; }`,
      `{ meta.x = "y"; config = { }; }`,
    ]),
    modules: () => [
      { options: { meta: mkOption({ type: types.attrsOf(types.str) }) } },
      { meta: { x: "y" }, config: {} },
    ],
    expect: value({ meta: { x: "y" } }),
  },
  {
    name: "a function module is called and returns a full-form module",
    nix: nixEval([`{ ... }: { options.x = mkOption { default = 1; }; config.x = mkForce 2; }`]),
    modules: () => [() => ({ options: { x: mkOption({ default: 1 }) }, config: { x: mkForce(2) } })],
    expect: value({ x: 2 }),
  },
  {
    name: "a function module may return a shorthand module",
    nix: nixEval([declNix, `{ ... }: { a = 9; }`]),
    modules: () => [decl(), () => ({ a: 9 })],
    expect: value({ a: 9, b: [] }),
  },
  {
    name: "a function module may read config lazily in its definitions",
    nix: nixEval([declNix, `{ config, ... }: { b = [ (toString config.a) ]; }`, `{ a = 3; }`]),
    modules: () => [
      decl(),
      ({ config }: any) => ({
        get b() {
          return [String(config.a)];
        },
      }),
      { a: 3 },
    ],
    expect: value({ a: 3, b: ["3"] }),
  },
  {
    name: "a top-level mkIf true is taken as config",
    nix: nixEval([declNix, `mkIf true { a = 1; }`]),
    modules: () => [decl(), mkIf(true, { a: 1 })],
    expect: value({ a: 1, b: [] }),
  },
  {
    name: "a top-level mkIf false defines nothing",
    nix: nixEval([declNix, `mkIf false { a = 1; }`]),
    modules: () => [decl(), mkIf(false, { a: 1 })],
    expect: value({ a: 0, b: [] }),
  },
  {
    name: "a top-level mkMerge is not a module (only mkIf and mkOverride are taken as config)",
    nix: nixEval([declNix, `mkMerge [ { a = 1; } { b = [ "m" ]; } ]`]),
    modules: () => [decl(), mkMerge([{ a: 1 }, { b: ["m"] }])],
    expect: error("INVALID_MODULE", /Expected a module, but found a value of type "merge"/),
  },
  {
    name: "a top-level mkForce applies to every definition inside",
    nix: nixEval([declNix, `mkForce { a = 1; b = [ "f" ]; }`, `{ a = 2; b = [ "p" ]; }`]),
    modules: () => [decl(), mkForce({ a: 1, b: ["f"] }), { a: 2, b: ["p"] }],
    expect: value({ a: 1, b: ["f"] }),
  },
  {
    name: "a top-level mkDefault loses to plain definitions",
    nix: nixEval([declNix, `mkDefault { a = 1; b = [ "d" ]; }`, `{ a = 2; }`]),
    modules: () => [decl(), mkDefault({ a: 1, b: ["d"] }), { a: 2 }],
    expect: value({ a: 2, b: ["d"] }),
  },
  {
    name: "a function module may return a top-level mkIf",
    nix: nixEval([declNix, `{ ... }: mkIf true { a = 8; }`]),
    modules: () => [decl(), () => mkIf(true, { a: 8 })],
    expect: value({ a: 8, b: [] }),
  },
  {
    name: "config may itself be an mkIf",
    nix: nixEval([declNix, `{ config = mkIf true { a = 6; }; }`]),
    modules: () => [decl(), { config: mkIf(true, { a: 6 }) }],
    expect: value({ a: 6, b: [] }),
  },
  {
    name: "config may itself be an mkMerge of mkIfs",
    nix: nixEval([declNix, `{ config = mkMerge [ (mkIf false { a = 1; }) (mkIf true { b = [ "t" ]; }) ]; }`]),
    modules: () => [decl(), { config: mkMerge([mkIf(false, { a: 1 }), mkIf(true, { b: ["t"] })]) }],
    expect: value({ a: 0, b: ["t"] }),
  },
  {
    name: "a module may be imported as a function from imports",
    nix: nixEval([`{ imports = [ ({ ... }: { options.x = mkOption { default = "i"; }; }) ]; }`]),
    modules: () => [{ imports: [() => ({ options: { x: mkOption({ default: "i" }) } })] }],
    expect: value({ x: "i" }),
  },

  {
    name: "a module function may return an mkMerge (only a module given as a value must be one)",
    nix: nixEval([declNix, `{ ... }: mkMerge [ { a = 1; } (mkIf true { b = [ "m" ]; }) ]`]),
    modules: () => [decl(), () => mkMerge([{ a: 1 }, mkIf(true, { b: ["m"] })])],
    expect: value({ a: 1, b: ["m"] }),
  },
];
