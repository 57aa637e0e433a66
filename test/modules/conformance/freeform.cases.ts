/** freeformType: definitions without an option, merged by a type, at the top level and in submodules. */
import { types, mkOption, mkIf } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeErr, conflict, unknownOpt, nixEval, nixAll } from "./type-case-helpers.js";

export const cases: ConformanceCase[] = [
  {
    name: "top-level freeformType takes undeclared definitions",
    nix: nixAll(`{ freeformType = types.attrsOf types.str; } { foo = "x"; bar = "y"; }`),
    modules: () => [{ freeformType: types.attrsOf(types.str) }, { foo: "x", bar: "y" }],
    expect: { value: { foo: "x", bar: "y" } },
  },
  {
    name: "declared options sit next to freeform ones",
    nix: nixAll(
      `{ freeformType = types.attrsOf types.str; options.port = mkOption { type = types.int; default = 1; }; } { foo = "x"; }`,
    ),
    modules: () => [
      { freeformType: types.attrsOf(types.str), options: { port: mkOption({ type: types.int, default: 1 }) } },
      { foo: "x" },
    ],
    expect: { value: { foo: "x", port: 1 } },
  },
  {
    name: "declared options keep their own type next to a freeform type",
    nix: nixEval(
      `{ freeformType = types.attrsOf types.str; options.port = mkOption { type = types.int; }; } { port = 8; }`,
      "port",
    ),
    modules: () => [
      { freeformType: types.attrsOf(types.str), options: { port: mkOption({ type: types.int }) } },
      { port: 8 },
    ],
    read: "port",
    expect: { value: 8 },
  },
  {
    name: "freeform values are checked by the freeform element type at their path",
    nix: nixEval(`{ freeformType = types.attrsOf types.str; } { foo = 1; }`, "foo"),
    modules: () => [{ freeformType: types.attrsOf(types.str) }, { foo: 1 }],
    read: "foo",
    expect: typeErr("foo", "string"),
  },
  {
    name: "freeform values merge with the freeform element type",
    nix: nixAll(`{ freeformType = types.attrsOf (types.listOf types.int); } { xs = [ 1 ]; } { xs = [ 2 ]; }`),
    modules: () => [{ freeformType: types.attrsOf(types.listOf(types.int)) }, { xs: [1] }, { xs: [2] }],
    expect: { value: { xs: [2, 1] } },
  },
  {
    name: "conflicting freeform values are reported at their path",
    nix: nixEval(`{ freeformType = types.attrsOf types.str; } { foo = "x"; } { foo = "y"; }`, "foo"),
    modules: () => [{ freeformType: types.attrsOf(types.str) }, { foo: "x" }, { foo: "y" }],
    read: "foo",
    expect: conflict("foo"),
  },
  {
    name: "freeformType attrsOf drops freeform keys under mkIf false",
    nix: nixAll(`{ freeformType = types.attrsOf types.str; } { foo = mkIf false "x"; bar = "y"; }`),
    modules: () => [{ freeformType: types.attrsOf(types.str) }, { foo: mkIf(false, "x"), bar: "y" }],
    expect: { value: { bar: "y" } },
  },
  {
    name: "freeformType anything merges nested freeform sets",
    nix: nixAll(`{ freeformType = types.attrsOf types.anything; } { n.a = 1; } { n.b.c = true; }`),
    modules: () => [{ freeformType: types.attrsOf(types.anything) }, { n: { a: 1 } }, { n: { b: { c: true } } }],
    expect: { value: { n: { a: 1, b: { c: true } } } },
  },
  {
    name: "a declared nested option and freeform siblings under the same prefix",
    nix: nixAll(
      `{ freeformType = types.attrsOf (types.attrsOf types.int); options.n.b = mkOption { type = types.int; }; } { n.b = 1; n.c = 2; }`,
    ),
    modules: () => [
      { freeformType: types.attrsOf(types.attrsOf(types.int)), options: { n: { b: mkOption({ type: types.int }) } } },
      { n: { b: 1, c: 2 } },
    ],
    expect: { value: { n: { b: 1, c: 2 } } },
  },
  {
    name: "freeformType may be set through _module.freeformType",
    nix: nixAll(`{ config._module.freeformType = types.attrsOf types.int; } { k = 3; }`),
    modules: () => [{ config: { _module: { freeformType: types.attrsOf(types.int) } } }, { k: 3 }],
    expect: { value: { k: 3 } },
  },
  {
    name: "two freeformType definitions merge as types",
    nix: nixEval(
      `{ freeformType = types.attrsOf (types.enum [ "a" ]); } { freeformType = types.attrsOf (types.enum [ "b" ]); } { x = "a"; y = "b"; }`,
      "",
    ),
    modules: () => [
      { freeformType: types.attrsOf(types.enum(["a"])) },
      { freeformType: types.attrsOf(types.enum(["b"])) },
      { x: "a", y: "b" },
    ],
    read: (r) => JSON.parse(JSON.stringify(r.config)),
    expect: { value: { x: "a", y: "b" } },
  },
  {
    name: "without freeformType an undeclared definition does not exist",
    nix: nixAll(`{ options.port = mkOption { type = types.int; default = 1; }; } { foo = "x"; }`),
    modules: () => [{ options: { port: mkOption({ type: types.int, default: 1 }) } }, { foo: "x" }],
    expect: unknownOpt("foo"),
  },
  {
    name: "freeformType in a submodule",
    nix: nixAll(
      `{ options.a = mkOption { type = types.submodule { freeformType = types.attrsOf types.int; options.x = mkOption { type = types.int; default = 0; }; }; }; } { a.y = 3; }`,
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submodule({
              freeformType: types.attrsOf(types.int),
              options: { x: mkOption({ type: types.int, default: 0 }) },
            }),
          }),
        },
      },
      { a: { y: 3 } },
    ],
    expect: { value: { a: { x: 0, y: 3 } } },
  },
  {
    name: "freeformType in a submodule checks values at the full path",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submodule { freeformType = types.attrsOf types.int; }; }; } { a.y = "three"; }`,
      "a.y",
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.submodule({ freeformType: types.attrsOf(types.int) }) }) } },
      { a: { y: "three" } },
    ],
    read: "a.y",
    expect: typeErr("a.y", "signed integer"),
  },
  {
    name: "freeformType in attrsOf submodules, per element",
    nix: nixAll(
      `{ options.a = mkOption { type = types.attrsOf (types.submodule ({ name, ... }: { freeformType = types.attrsOf types.str; options.n = mkOption { default = name; }; })); }; } { a.p.k = "v"; a.q = { }; }`,
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.attrsOf(
              types.submodule(({ name }: any) => ({
                freeformType: types.attrsOf(types.str),
                options: { n: mkOption({ default: name }) },
              })),
            ),
          }),
        },
      },
      { a: { p: { k: "v" }, q: {} } },
    ],
    expect: { value: { a: { p: { k: "v", n: "p" }, q: { n: "q" } } } },
  },
  {
    name: "freeform values can be read from config by other options",
    nix: nixEval(
      `{ freeformType = types.attrsOf types.str; options.greeting = mkOption { type = types.str; }; } ({ config, ... }: { who = "world"; greeting = "hello " + config.who; })`,
      "greeting",
    ),
    modules: () => [
      { freeformType: types.attrsOf(types.str), options: { greeting: mkOption({ type: types.str }) } },
      ({ config }: any) => ({
        who: "world",
        get greeting() {
          return "hello " + config.who;
        },
      }),
    ],
    read: "greeting",
    expect: { value: "hello world" },
  },

  {
    name: "a top-level freeform value that reads config is an infinite recursion",
    nix: nixEval(
      `({ config, ... }: { freeformType = types.attrsOf types.str; options.a = mkOption { type = types.str; default = "a"; }; config.k = config.a + "!"; })`,
      "k",
    ),
    modules: () => [
      ({ config }: any) => ({
        freeformType: types.attrsOf(types.str),
        options: { a: mkOption({ type: types.str, default: "a" }) },
        config: {
          get k() {
            return config.a + "!";
          },
        },
      }),
    ],
    read: "k",
    expect: { error: { code: "INFINITE_RECURSION", match: /infinite recursion/ } },
  },
];
