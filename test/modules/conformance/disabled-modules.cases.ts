import { mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

// Keys start with "/": the reference resolves a relative string in disabledModules
// against modulesPath, so "/m/..." keys mean the same thing on both sides.
const decl = () => ({
  _file: "declare-l.ts",
  options: { l: mkOption({ type: types.listOf(types.str), default: [] }) },
});
const declNix = `{ _file = "declare-l.ts"; options.l = mkOption { type = types.listOf types.str; default = [ ]; }; }`;
const declEnable = () => ({
  key: "/m/declare-enable.ts",
  _file: "declare-enable.ts",
  options: { enable: mkOption({ type: types.bool, default: false }) },
});
const declEnableNix = `{ key = "/m/declare-enable.ts"; _file = "declare-enable.ts"; options.enable = mkOption { type = types.bool; default = false; }; }`;
const read = "l";

export const cases: ConformanceCase[] = [
  {
    name: "a module disabled by its key is not evaluated",
    nix: nixEval([declNix, `{ key = "/m/a"; l = [ "a" ]; }`, `{ disabledModules = [ "/m/a" ]; l = [ "b" ]; }`], {
      read,
    }),
    modules: () => [decl(), { key: "/m/a", l: ["a"] }, { disabledModules: ["/m/a"], l: ["b"] }],
    read,
    expect: value(["b"]),
  },
  {
    name: "a module disabled by an object with its key is not evaluated",
    nix: nixEval(
      [declNix, `{ key = "/m/a"; l = [ "a" ]; }`, `{ disabledModules = [ { key = "/m/a"; } ]; l = [ "b" ]; }`],
      { read },
    ),
    modules: () => [decl(), { key: "/m/a", l: ["a"] }, { disabledModules: [{ key: "/m/a" }], l: ["b"] }],
    read,
    expect: value(["b"]),
  },
  {
    name: "disabling by the module object itself uses its key",
    nix: nixEval(
      [declNix, `let m = { key = "/m/a"; l = [ "a" ]; }; in { imports = [ m ]; disabledModules = [ m ]; }`],
      { read },
    ),
    modules: () => {
      const m = { key: "/m/a", l: ["a"] };
      return [decl(), { imports: [m], disabledModules: [m] }];
    },
    read,
    expect: value([]),
  },
  {
    name: "a disabled module is removed wherever it is imported",
    nix: nixEval(
      [
        declNix,
        `{ imports = [ { key = "/m/a"; l = [ "a" ]; } ]; }`,
        `{ imports = [ { imports = [ { key = "/m/a"; l = [ "a" ]; } ]; } ]; }`,
        `{ disabledModules = [ "/m/a" ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { imports: [{ key: "/m/a", l: ["a"] }] },
      { imports: [{ imports: [{ key: "/m/a", l: ["a"] }] }] },
      { disabledModules: ["/m/a"] },
    ],
    read,
    expect: value([]),
  },
  {
    name: "a disabled module's imports are not collected either",
    nix: nixEval(
      [
        declNix,
        `{ key = "/m/a"; imports = [ { l = [ "child" ]; } ]; l = [ "a" ]; }`,
        `{ disabledModules = [ "/m/a" ]; l = [ "b" ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { key: "/m/a", imports: [{ l: ["child"] }], l: ["a"] },
      { disabledModules: ["/m/a"], l: ["b"] },
    ],
    read,
    expect: value(["b"]),
  },
  {
    name: "disabling one key leaves the modules with other keys",
    nix: nixEval(
      [
        declNix,
        `{ key = "/m/a"; l = [ "a" ]; }`,
        `{ key = "/m/c"; l = [ "c" ]; }`,
        `{ disabledModules = [ "/m/c" ]; }`,
      ],
      { read },
    ),
    modules: () => [decl(), { key: "/m/a", l: ["a"] }, { key: "/m/c", l: ["c"] }, { disabledModules: ["/m/c"] }],
    read,
    expect: value(["a"]),
  },
  {
    name: "disabledModules in a deeply imported module applies to the whole evaluation",
    nix: nixEval(
      [
        declNix,
        `{ key = "/m/a"; l = [ "a" ]; }`,
        `{ imports = [ { imports = [ { disabledModules = [ "/m/a" ]; } ]; } ]; l = [ "b" ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { key: "/m/a", l: ["a"] },
      { imports: [{ imports: [{ disabledModules: ["/m/a"] }] }], l: ["b"] },
    ],
    read,
    expect: value(["b"]),
  },
  {
    name: "disabling a key that no module has changes nothing",
    nix: nixEval([declNix, `{ key = "/m/a"; l = [ "a" ]; }`, `{ disabledModules = [ "/m/nowhere" ]; }`], { read }),
    modules: () => [decl(), { key: "/m/a", l: ["a"] }, { disabledModules: ["/m/nowhere"] }],
    read,
    expect: value(["a"]),
  },
  {
    name: "a module may disable itself",
    nix: nixEval(
      [declNix, `{ key = "/m/self"; disabledModules = [ "/m/self" ]; l = [ "self" ]; }`, `{ l = [ "other" ]; }`],
      { read },
    ),
    modules: () => [decl(), { key: "/m/self", disabledModules: ["/m/self"], l: ["self"] }, { l: ["other"] }],
    read,
    expect: value(["other"]),
  },
  {
    name: "a disabled module's disabledModules still apply",
    nix: nixEval(
      [
        declNix,
        `{ key = "/m/x"; l = [ "x" ]; }`,
        `{ key = "/m/y"; disabledModules = [ "/m/x" ]; l = [ "y" ]; }`,
        `{ disabledModules = [ "/m/y" ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { key: "/m/x", l: ["x"] },
      { key: "/m/y", disabledModules: ["/m/x"], l: ["y"] },
      { disabledModules: ["/m/y"] },
    ],
    read,
    expect: value([]),
  },
  {
    name: "disabling the module that declares an option makes its definitions unknown",
    nix: nixEval([
      declEnableNix,
      `{ _file = "define-enable.ts"; enable = true; }`,
      `{ options.other = mkOption { default = 1; }; disabledModules = [ "/m/declare-enable.ts" ]; }`,
    ]),
    modules: () => [
      declEnable(),
      { _file: "define-enable.ts", enable: true },
      { options: { other: mkOption({ default: 1 }) }, disabledModules: ["/m/declare-enable.ts"] },
    ],
    expect: error(
      "UNKNOWN_OPTION",
      /The option `enable' does not exist\. Definition values:\n\s*- In `define-enable\.ts': true/,
    ),
  },
  {
    name: "disabling the module that declares an option removes the option",
    nix: nixEval([
      declEnableNix,
      `{ options.other = mkOption { default = 1; }; disabledModules = [ "/m/declare-enable.ts" ]; }`,
    ]),
    modules: () => [
      declEnable(),
      { options: { other: mkOption({ default: 1 }) }, disabledModules: ["/m/declare-enable.ts"] },
    ],
    expect: value({ other: 1 }),
  },
  {
    name: "disabling a definition module leaves the default",
    nix: nixEval(
      [
        declEnableNix,
        `{ key = "/m/define-enable.ts"; enable = true; }`,
        `{ disabledModules = [ "/m/define-enable.ts" ]; }`,
      ],
      { read: "enable" },
    ),
    modules: () => [
      declEnable(),
      { key: "/m/define-enable.ts", enable: true },
      { disabledModules: ["/m/define-enable.ts"] },
    ],
    read: "enable",
    expect: value(false),
  },
  {
    name: "a disabledModules entry that is an object without key is an error naming the module",
    nix: nixEval([declNix, `{ _file = "disable-bad.ts"; disabledModules = [ { l = [ "x" ]; } ]; }`], { read }),
    modules: () => [decl(), { _file: "disable-bad.ts", disabledModules: [{ l: ["x"] }] }],
    read,
    expect: error(
      "INVALID_MODULE",
      /Module `disable-bad\.ts` contains a disabledModules item that is an attribute set, presumably a module, that does not have a `key` attribute\./,
    ),
  },
  {
    name: "several modules can be disabled at once",
    nix: nixEval(
      [
        declNix,
        `{ key = "/m/a"; l = [ "a" ]; }`,
        `{ key = "/m/b"; l = [ "b" ]; }`,
        `{ key = "/m/c"; l = [ "c" ]; }`,
        `{ disabledModules = [ "/m/a" { key = "/m/c"; } ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { key: "/m/a", l: ["a"] },
      { key: "/m/b", l: ["b"] },
      { key: "/m/c", l: ["c"] },
      { disabledModules: ["/m/a", { key: "/m/c" }] },
    ],
    read,
    expect: value(["b"]),
  },

  {
    name: 'a relative string without modulesPath is the path under / (it does not disable the key "foo")',
    nix: nixEval([declNix, `{ key = "foo"; l = [ "a" ]; }`, `{ disabledModules = [ "foo" ]; l = [ "b" ]; }`], { read }),
    modules: () => [decl(), { key: "foo", l: ["a"] }, { disabledModules: ["foo"], l: ["b"] }],
    read,
    expect: value(["b", "a"]),
  },
  {
    name: 'a relative string without modulesPath disables the key "/foo"',
    nix: nixEval([declNix, `{ key = "/foo"; l = [ "a" ]; }`, `{ disabledModules = [ "foo" ]; l = [ "b" ]; }`], {
      read,
    }),
    modules: () => [decl(), { key: "/foo", l: ["a"] }, { disabledModules: ["foo"], l: ["b"] }],
    read,
    expect: value(["b"]),
  },
];
