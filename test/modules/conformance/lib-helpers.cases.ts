/**
 * nixpkgs `lib.modules` / `lib.options` helpers: mkDefinition, mkDerivedConfig,
 * mergeAttrDefinitionsWithPrio, mkSinkUndeclaredOptions, mkPackageOption,
 * setDefaultModuleLocation.
 */
import {
  evalModules,
  mergeAttrDefinitionsWithPrio,
  mkDefault,
  mkDefinition,
  mkDerivedConfig,
  mkForce,
  mkMerge,
  mkOption,
  mkOptionDefault,
  mkOverride,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  setDefaultModuleLocation,
  types,
} from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";
import { lit } from "./type-case-helpers.js";

const ev = (modules: unknown[]): any => evalModules({ modules });
const pkgsNix = `{ hello = { type = "derivation"; pname = "hello"; }; "123"."with\\"quote".hello = { type = "derivation"; pname = "quoted"; }; }`;
const pkgs = {
  hello: { type: "derivation", pname: "hello" },
  "123": { 'with"quote': { hello: { type: "derivation", pname: "quoted" } } },
};
/** Nix: option `p` declared by `mkPackageOption pkgs <args>`, then `tail` of `r`. */
const pkgNix = (args: string, tail: string) =>
  `with lib; let pkgs = ${pkgsNix}; r = evalModules { modules = [ { options.p = mkPackageOption pkgs ${args}; } ]; }; in ${tail}`;
const pkgTs = (name: string | string[], args: Record<string, unknown>) =>
  ev([{ options: { p: mkPackageOption(pkgs, name, args as any) } }]);

export const cases: ConformanceCase[] = [
  {
    name: "mkDefinition gives a definition its own file, shown in messages",
    nix: nixEval(
      [
        `{ _file = "file"; options.conflict = mkOption { default = 1; }; config.conflict = mkDefinition { file = "other"; value = mkOptionDefault 42; }; }`,
      ],
      { read: "conflict" },
    ),
    modules: () => [
      {
        _file: "file",
        options: { conflict: mkOption({ default: 1 }) },
        config: { conflict: mkDefinition({ file: "other", value: mkOptionDefault(42) }) },
      },
    ],
    read: "conflict",
    expect: error("CONFLICT", /Cannot merge definitions[\s\S]*- In `file'[\s\S]*- In `other'/),
  },
  {
    name: "mkDefinition's file is the definition's file",
    nix: nixEval([`{ options.v = mkOption { }; config.v = mkDefinition { file = "other"; value = true; }; }`], {
      tail: "[ r.config.v r.options.v.files ]",
    }),
    modules: () => [],
    read: () => {
      const r = ev([{ options: { v: mkOption({}) }, config: { v: mkDefinition({ file: "other", value: true }) } }]);
      return [r.config.v, r.options.v.files];
    },
    expect: value([true, ["other"]]),
  },
  {
    name: "mkMerge can hold mkDefinitions",
    nix: nixEval(
      [
        `{ options.v = mkOption { type = types.bool; }; config.v = mkMerge [ (mkDefinition { file = "a.nix"; value = true; }) (mkDefinition { file = "b.nix"; value = true; }) ]; }`,
      ],
      { tail: "[ r.config.v r.options.v.files ]" },
    ),
    modules: () => [],
    read: () => {
      const r = ev([
        {
          options: { v: mkOption({ type: types.bool }) },
          config: {
            v: mkMerge([mkDefinition({ file: "a.nix", value: true }), mkDefinition({ file: "b.nix", value: true })]),
          },
        },
      ]);
      return [r.config.v, r.options.v.files];
    },
    expect: value([true, ["a.nix", "b.nix"]]),
  },
  {
    name: "a mkDefinition's value may carry a priority",
    nix: nixEval(
      [
        `{ options.v = mkOption { type = types.bool; default = false; }; config.v = mkDefinition { file = "other"; value = mkForce true; }; }`,
        `{ v = false; }`,
      ],
      { read: "v" },
    ),
    modules: () => [
      {
        options: { v: mkOption({ type: types.bool, default: false }) },
        config: { v: mkDefinition({ file: "other", value: mkForce(true) }) },
      },
      { v: false },
    ],
    read: "v",
    expect: value(true),
  },
  {
    name: "mkDefinition in an option's default is not a definition",
    nix: nixEval(
      [`{ options.v = mkOption { type = types.bool; default = mkDefinition { file = "other"; value = true; }; }; }`],
      {
        read: "v",
      },
    ),
    modules: () => [
      { options: { v: mkOption({ type: types.bool, default: mkDefinition({ file: "other", value: true }) }) } },
    ],
    read: "v",
    expect: error("TYPE_MISMATCH", /A definition for option `v' is not of type `boolean'/),
  },
  {
    name: "mergeAttrDefinitionsWithPrio gives each attribute's winning priority",
    nix: `with lib; let r = evalModules { modules = [ { options.a = mkOption { type = types.attrsOf types.int; }; config.a = { x = mkDefault 1; y = 2; z = mkForce 3; }; } { a.y = 4; } ]; }; in mapAttrs (k: v: v.highestPrio) (modules.mergeAttrDefinitionsWithPrio r.options.a)`,
    modules: () => [],
    read: () => {
      const r = ev([
        {
          options: { a: mkOption({ type: types.attrsOf(types.int) }) },
          config: { a: { x: mkDefault(1), y: 2, z: mkForce(3) } },
        },
        { a: { y: 4 } },
      ]);
      const d = mergeAttrDefinitionsWithPrio(r.options.a);
      return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.highestPrio]));
    },
    expect: value({ x: 1000, y: 100, z: 50 }),
  },
  {
    name: "mergeAttrDefinitionsWithPrio merges each attribute's value",
    nix: `with lib; let r = evalModules { modules = [ { options.a = mkOption { type = types.attrsOf (types.listOf types.int); }; config.a.x = [ 1 ]; } { a.x = [ 2 ]; } ]; }; in (modules.mergeAttrDefinitionsWithPrio r.options.a).x.value`,
    modules: () => [],
    read: () => {
      const r = ev([
        { options: { a: mkOption({ type: types.attrsOf(types.listOf(types.int)) }) }, config: { a: { x: [1] } } },
        { a: { x: [2] } },
      ]);
      return mergeAttrDefinitionsWithPrio(r.options.a).x!.value;
    },
    expect: value([2, 1]),
  },
  {
    name: "mkDerivedConfig defines a value from another option's, at its priority",
    nix: `with lib; let r = evalModules { modules = [ ({ options, ... }: { options.a = mkOption { type = types.str; }; options.b = mkOption { type = types.str; }; config.a = mkDefault "x"; config.b = mkDerivedConfig options.a (v: v + "!"); }) ]; }; in [ r.config.b r.options.b.highestPrio ]`,
    modules: () => [],
    read: () => {
      const r = ev([
        ({ options }: any) => ({
          options: { a: mkOption({ type: types.str }), b: mkOption({ type: types.str }) },
          config: { a: mkDefault("x"), b: mkDerivedConfig(options.a, (v: string) => `${v}!`) },
        }),
      ]);
      return [r.config.b, r.options.b.highestPrio];
    },
    expect: value(["x!", 1000]),
  },
  {
    name: "mkDerivedConfig at the option's priority gives way to a plain definition",
    nix: `with lib; (evalModules { modules = [ ({ options, ... }: { options.a = mkOption { type = types.str; }; options.b = mkOption { type = types.str; }; config.a = mkDefault "x"; config.b = mkDerivedConfig options.a (v: v + "!"); }) { b = "plain"; } ]; }).config.b`,
    modules: () => [
      ({ options }: any) => ({
        options: { a: mkOption({ type: types.str }), b: mkOption({ type: types.str }) },
        config: { a: mkDefault("x"), b: mkDerivedConfig(options.a, (v: string) => `${v}!`) },
      }),
      { b: "plain" },
    ],
    read: "b",
    expect: value("plain"),
  },
  {
    name: "mkSinkUndeclaredOptions takes any definitions",
    nix: nixEval(
      [
        `{ options.s = mkSinkUndeclaredOptions { }; options.x = mkOption { default = 1; }; }`,
        `{ s = { any = "thing"; }; }`,
        `{ s = [ 1 ]; }`,
      ],
      {
        read: "x",
      },
    ),
    modules: () => [
      { options: { s: mkSinkUndeclaredOptions({}), x: mkOption({ default: 1 }) } },
      { s: { any: "thing" } },
      { s: [1] },
    ],
    read: "x",
    expect: value(1),
  },
  {
    name: "a sink option's value cannot be read",
    nix: nixEval([`{ options.s = mkSinkUndeclaredOptions { }; }`, `{ s = 1; }`], { read: "s" }),
    modules: () => [{ options: { s: mkSinkUndeclaredOptions({}) } }, { s: 1 }],
    read: "s",
    expect: error("NO_VALUE", lit("Option value is not readable because the option is not declared.")),
  },
  {
    name: "mkPackageOption defaults to the package of that name, documented as pkgs.<name>",
    nix: pkgNix(
      `"hello" { }`,
      "[ r.config.p.pname r.options.p.description r.options.p.defaultText.text r.options.p.defaultText._type r.options.p.type.description ]",
    ),
    modules: () => [],
    read: () => {
      const r = pkgTs("hello", {});
      return [
        r.config.p.pname,
        r.options.p.description,
        r.options.p.defaultText.text,
        r.options.p.defaultText._type,
        r.options.p.type.description,
      ];
    },
    expect: value(["hello", "The hello package to use.", "pkgs.hello", "literalExpression", "package"]),
  },
  {
    name: "mkPackageOption with another default and an extra description",
    nix: pkgNix(
      `"Hello" { default = [ "hello" ]; extraDescription = "More."; }`,
      "[ r.config.p.pname r.options.p.description ]",
    ),
    modules: () => [],
    read: () => {
      const r = pkgTs("Hello", { default: ["hello"], extraDescription: "More." });
      return [r.config.p.pname, r.options.p.description];
    },
    expect: value(["hello", "The Hello package to use. More."]),
  },
  {
    name: "mkPackageOption without a default has no value",
    nix: pkgNix(`"hello" { default = null; }`, "r.config.p"),
    modules: () => [],
    read: () => pkgTs("hello", { default: null }).config.p,
    expect: error("NO_VALUE", /The option `p' was accessed but has no value defined/),
  },
  {
    name: "a nullable mkPackageOption without a default is null",
    nix: pkgNix(`"hello" { nullable = true; default = null; }`, "[ r.config.p r.options.p.type.description ]"),
    modules: () => [],
    read: () => {
      const r = pkgTs("hello", { nullable: true, default: null });
      return [r.config.p, r.options.p.type.description];
    },
    expect: value([null, "null or package"]),
  },
  {
    name: "mkPackageOption quotes attribute names that are not identifiers, and takes pkgsText",
    nix: pkgNix(
      `[ "123" "with\\"quote" "hello" ] { pkgsText = "myPkgs"; example = [ "123" "hello" ]; }`,
      "[ r.config.p.pname r.options.p.defaultText.text r.options.p.example.text ]",
    ),
    modules: () => [],
    read: () => {
      const r = pkgTs(["123", 'with"quote', "hello"], { pkgsText: "myPkgs", example: ["123", "hello"] });
      return [r.config.p.pname, r.options.p.defaultText.text, r.options.p.example.text];
    },
    expect: value(["quoted", 'myPkgs."123"."with\\"quote".hello', 'myPkgs."123".hello']),
  },
  {
    name: "mkPackageOption takes an example as text",
    nix: pkgNix(`"hello" { example = "pkgs.hello.override { }"; }`, "r.options.p.example"),
    modules: () => [],
    read: () => pkgTs("hello", { example: "pkgs.hello.override { }" }).options.p.example,
    expect: value({ _type: "literalExpression", text: "pkgs.hello.override { }" }),
  },
  {
    name: "setDefaultModuleLocation names the file of a module's definitions",
    nix: nixEval([`{ options.a = mkOption { }; }`, `setDefaultModuleLocation "loc.nix" { a = 1; }`], {
      tail: "r.options.a.files",
    }),
    modules: () => [],
    read: () => ev([{ options: { a: mkOption({}) } }, setDefaultModuleLocation("loc.nix", { a: 1 })]).options.a.files,
    expect: value(["loc.nix"]),
  },
  {
    name: "a module's own _file wins over setDefaultModuleLocation",
    nix: nixEval(
      [`{ options.a = mkOption { }; }`, `setDefaultModuleLocation "loc.nix" { _file = "own.nix"; a = 1; }`],
      {
        tail: "r.options.a.files",
      },
    ),
    modules: () => [],
    read: () =>
      ev([{ options: { a: mkOption({}) } }, setDefaultModuleLocation("loc.nix", { _file: "own.nix", a: 1 })]).options.a
        .files,
    expect: value(["own.nix"]),
  },
  {
    name: "mkOverride priorities above the option default give way to it",
    nix: nixEval([`{ options.a = mkOption { default = "d"; }; }`, `{ a = mkOverride 1600 "weak"; }`], { read: "a" }),
    modules: () => [{ options: { a: mkOption({ default: "d" }) } }, { a: mkOverride(1600, "weak") }],
    read: "a",
    expect: value("d"),
  },
];
