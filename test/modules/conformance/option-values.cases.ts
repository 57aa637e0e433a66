import { mkDefault, mkForce, mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const intOpt = (o: Record<string, unknown> = {}) => ({
  _file: "declare-int.ts",
  options: { x: mkOption({ type: types.int, ...o } as any) },
});
const intOptNix = (o = "") => `{ _file = "declare-int.ts"; options.x = mkOption { type = types.int; ${o} }; }`;
const def = (file: string, v: unknown) => ({ _file: file, x: v });
const defNix = (file: string, v: string) => `{ _file = "${file}"; x = ${v}; }`;
const enableDecl = () => ({
  _file: "declare-enable.ts",
  options: {
    enable: mkOption({ type: types.bool, default: false }),
    services: { web: { port: mkOption({ type: types.int, default: 80 }) } },
  },
});
const enableDeclNix = `{ _file = "declare-enable.ts"; options.enable = mkOption { type = types.bool; default = false; }; options.services.web.port = mkOption { type = types.int; default = 80; }; }`;
const read = "x";

export const cases: ConformanceCase[] = [
  {
    name: "readOnly with only its default gives the default",
    nix: nixEval([intOptNix("readOnly = true; default = 1;")], { read }),
    modules: () => [intOpt({ readOnly: true, default: 1 })],
    read,
    expect: value(1),
  },
  {
    name: "readOnly with one definition and no default gives the definition",
    nix: nixEval([intOptNix("readOnly = true;"), defNix("set.ts", "2")], { read }),
    modules: () => [intOpt({ readOnly: true }), def("set.ts", 2)],
    read,
    expect: value(2),
  },
  {
    name: "readOnly with a default and a definition is set multiple times (the default counts)",
    nix: nixEval([intOptNix("readOnly = true; default = 1;"), defNix("set.ts", "2")], { read }),
    modules: () => [intOpt({ readOnly: true, default: 1 }), def("set.ts", 2)],
    read,
    expect: error(
      "READ_ONLY",
      /The option `x' is read-only, but it's set multiple times\. Definition values:\n\s*- In `declare-int\.ts': 1\n\s*- In `set\.ts': 2/,
    ),
  },
  {
    name: "readOnly with two definitions is set multiple times",
    nix: nixEval([intOptNix("readOnly = true;"), defNix("a.ts", "2"), defNix("b.ts", "2")], { read }),
    modules: () => [intOpt({ readOnly: true }), def("a.ts", 2), def("b.ts", 2)],
    read,
    expect: error(
      "READ_ONLY",
      /The option `x' is read-only, but it's set multiple times\. Definition values:\n\s*- In `b\.ts': 2\n\s*- In `a\.ts': 2/,
    ),
  },
  {
    name: "readOnly counts definitions before priorities: mkForce does not help",
    nix: nixEval([intOptNix("readOnly = true; default = 1;"), defNix("force.ts", "mkForce 2")], { read }),
    modules: () => [intOpt({ readOnly: true, default: 1 }), def("force.ts", mkForce(2))],
    read,
    expect: error("READ_ONLY", /The option `x' is read-only, but it's set multiple times\./),
  },
  {
    name: "apply transforms the merged value",
    nix: nixEval([intOptNix("apply = v: v * 10;"), defNix("a.ts", "4")], { read }),
    modules: () => [intOpt({ apply: (v: number) => v * 10 }), def("a.ts", 4)],
    read,
    expect: value(40),
  },
  {
    name: "apply runs on the default too",
    nix: nixEval([intOptNix("default = 2; apply = v: v + 1;")], { read }),
    modules: () => [intOpt({ default: 2, apply: (v: number) => v + 1 })],
    read,
    expect: value(3),
  },
  {
    name: "apply runs after list concatenation",
    nix: nixEval(
      [
        `{ options.l = mkOption { type = types.listOf types.int; apply = builtins.length; }; }`,
        `{ l = [ 1 2 ]; }`,
        `{ l = [ 3 ]; }`,
      ],
      { read: "l" },
    ),
    modules: () => [
      { options: { l: mkOption({ type: types.listOf(types.int), apply: (v: number[]) => v.length }) } },
      { l: [1, 2] },
      { l: [3] },
    ],
    read: "l",
    expect: value(3),
  },
  {
    name: "apply may change the value's type after the type check",
    nix: nixEval([intOptNix("apply = v: toString v;"), defNix("a.ts", "5")], { read }),
    modules: () => [intOpt({ apply: (v: number) => String(v) }), def("a.ts", 5)],
    read,
    expect: value("5"),
  },
  {
    name: "options.<path>.value is the applied value",
    nix: nixEval([intOptNix("apply = v: v + 100;"), defNix("a.ts", "1")], { tail: "r.options.x.value" }),
    modules: () => [intOpt({ apply: (v: number) => v + 100 }), def("a.ts", 1)],
    read: (r) => r.options.x.value,
    expect: value(101),
  },
  {
    name: "a definition replaces the default of a scalar option",
    nix: nixEval([intOptNix("default = 1;"), defNix("a.ts", "2")], { read }),
    modules: () => [intOpt({ default: 1 }), def("a.ts", 2)],
    read,
    expect: value(2),
  },
  {
    name: "the default is type checked when used",
    nix: nixEval([intOptNix(`default = "one";`)], { read }),
    modules: () => [intOpt({ default: "one" })],
    read,
    expect: error(
      "TYPE_MISMATCH",
      /A definition for option `x' is not of type `signed integer'\. Definition values:\n\s*- In `declare-int\.ts': "one"/,
    ),
  },
  {
    name: "a bad default that is overridden is never checked",
    nix: nixEval([intOptNix(`default = "one";`), defNix("a.ts", "1")], { read }),
    modules: () => [intOpt({ default: "one" }), def("a.ts", 1)],
    read,
    expect: value(1),
  },
  {
    name: "an option with no default and no definition has no value",
    nix: nixEval([intOptNix()], { read }),
    modules: () => [intOpt()],
    read,
    expect: error("NO_VALUE", /The option `x' was accessed but has no value defined\. Try setting the option\./),
  },
  {
    name: "a nested option with no value names its full path",
    nix: nixEval([`{ options.a.b.c = mkOption { type = types.str; }; }`], { read: "a.b.c" }),
    modules: () => [{ options: { a: { b: { c: mkOption({ type: types.str }) } } } }],
    read: "a.b.c",
    expect: error("NO_VALUE", /The option `a\.b\.c' was accessed but has no value defined\. Try setting the option\./),
  },
  {
    name: "an unused option without value does not break other options",
    nix: nixEval([intOptNix(), `{ options.y = mkOption { default = "fine"; }; }`], { read: "y" }),
    modules: () => [intOpt(), { options: { y: mkOption({ default: "fine" }) } }],
    read: "y",
    expect: value("fine"),
  },
  {
    name: "a list option with neither default nor definition has no value (no empty value at an option)",
    nix: nixEval([`{ options.l = mkOption { type = types.listOf types.int; }; }`], { read: "l" }),
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.int) }) } }],
    read: "l",
    expect: error("NO_VALUE", /The option `l' was accessed but has no value defined\. Try setting the option\./),
  },
  {
    name: "a value of the wrong type names the option, type, file and value",
    nix: nixEval([intOptNix(), defNix("bad.ts", `"str"`)], { read }),
    modules: () => [intOpt(), def("bad.ts", "str")],
    read,
    expect: error(
      "TYPE_MISMATCH",
      /A definition for option `x' is not of type `signed integer'\. Definition values:\n\s*- In `bad\.ts': "str"/,
    ),
  },
  {
    name: "a definition for an undeclared option is an error naming file and value",
    nix: nixEval([enableDeclNix, `{ _file = "typo.ts"; enabel = true; }`]),
    modules: () => [enableDecl(), { _file: "typo.ts", enabel: true }],
    expect: error(
      "UNKNOWN_OPTION",
      /The option `enabel' does not exist\. Definition values:\n\s*- In `typo\.ts': true[\s\S]*Did you mean `enable'\?/,
      /The option `enabel' does not exist\. Definition values:\n\s*- In `typo\.ts': true/,
    ),
  },
  {
    name: "an unknown nested option names its full path",
    nix: nixEval([enableDeclNix, `{ _file = "typo.ts"; services.web.prot = 8080; }`]),
    modules: () => [enableDecl(), { _file: "typo.ts", services: { web: { prot: 8080 } } }],
    expect: error(
      "UNKNOWN_OPTION",
      /The option `services\.web\.prot' does not exist\. Definition values:\n\s*- In `typo\.ts': 8080[\s\S]*Did you mean `services\.web\.port'\?/,
      /The option `services\.web\.prot' does not exist\. Definition values:\n\s*- In `typo\.ts': 8080/,
    ),
  },
  {
    name: "an unknown option is reported even when reading another option",
    nix: nixEval([enableDeclNix, `{ _file = "typo.ts"; enabel = true; }`], { read: "enable" }),
    modules: () => [enableDecl(), { _file: "typo.ts", enabel: true }],
    read: "enable",
    expect: error("UNKNOWN_OPTION", /The option `enabel' does not exist\./),
  },
  {
    name: "with no options declared at all, an unknown option hints at config versus options",
    nix: nixEval([`{ _file = "cfg.ts"; foo = 1; }`]),
    modules: () => [{ _file: "cfg.ts", foo: 1 }],
    expect: error(
      "UNKNOWN_OPTION",
      /The option `foo' does not exist\. Definition values:\n\s*- In `cfg\.ts': 1\n\s*It seems as if you're trying to declare an option by placing it into `config' rather than `options'!/,
    ),
  },
  {
    name: "an option declared under config is reported as such",
    nix: nixEval([`{ _file = "cfg.ts"; config.wrong = mkOption { type = types.int; }; }`]),
    modules: () => [{ _file: "cfg.ts", config: { wrong: mkOption({ type: types.int }) } }],
    expect: error(
      "UNKNOWN_OPTION",
      /It seems as if you're trying to declare an option by placing it into `config' rather than `options'!/,
    ),
  },
  {
    name: "_module.check = false ignores undeclared definitions",
    nix: nixEval([enableDeclNix, `{ enabel = true; _module.check = false; }`], { read: "enable" }),
    modules: () => [enableDecl(), { enabel: true, _module: { check: false } }],
    read: "enable",
    expect: value(false),
  },
  {
    name: "_module.check = false leaves undeclared definitions out of config",
    nix: nixEval([enableDeclNix, `{ enabel = true; _module.check = false; }`]),
    modules: () => [enableDecl(), { enabel: true, _module: { check: false } }],
    expect: value({ enable: false, services: { web: { port: 80 } } }),
  },
  {
    name: "_module.check = mkDefault false is still false without other definitions",
    nix: nixEval([enableDeclNix, `{ nope = 1; _module.check = mkDefault false; }`], { read: "enable" }),
    modules: () => [enableDecl(), { nope: 1, _module: { check: mkDefault(false) } }],
    read: "enable",
    expect: value(false),
  },
  {
    name: "two options defined from each other are an infinite recursion",
    nix: nixEval(
      [
        `{ options.a = mkOption { type = types.int; }; options.b = mkOption { type = types.int; }; }`,
        `{ config, ... }: { a = config.b; b = config.a; }`,
      ],
      { read: "a" },
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
      ({ config }: any) => ({
        get a() {
          return config.b;
        },
        get b() {
          return config.a;
        },
      }),
    ],
    read: "a",
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
  {
    name: "an option defined from itself is an infinite recursion",
    nix: nixEval([intOptNix(), `{ config, ... }: { x = config.x + 1; }`], { read }),
    modules: () => [
      intOpt(),
      ({ config }: any) => ({
        get x() {
          return config.x + 1;
        },
      }),
    ],
    read,
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
  {
    name: "a default that reads its own option is an infinite recursion",
    nix: nixEval([`{ config, ... }: { options.x = mkOption { type = types.int; default = config.x; }; }`], { read }),
    modules: () => [
      ({ config }: any) => ({
        options: {
          x: mkOption({
            type: types.int,
            get default() {
              return config.x;
            },
          } as any),
        },
      }),
    ],
    read,
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
  {
    name: "an option may be computed from another without a cycle",
    nix: nixEval(
      [
        `{ options.a = mkOption { type = types.int; }; options.b = mkOption { type = types.int; }; }`,
        `{ config, ... }: { a = config.b * 2; b = 21; }`,
      ],
      { read: "a" },
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
      ({ config }: any) => ({
        get a() {
          return config.b * 2;
        },
        b: 21,
      }),
    ],
    read: "a",
    expect: value(42),
  },
  {
    name: "a cycle does not break options outside it",
    nix: nixEval(
      [
        `{ options.a = mkOption { type = types.int; }; options.b = mkOption { type = types.int; }; options.c = mkOption { default = "ok"; }; }`,
        `{ config, ... }: { a = config.b; b = config.a; }`,
      ],
      { read: "c" },
    ),
    modules: () => [
      {
        options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }), c: mkOption({ default: "ok" }) },
      },
      ({ config }: any) => ({
        get a() {
          return config.b;
        },
        get b() {
          return config.a;
        },
      }),
    ],
    read: "c",
    expect: value("ok"),
  },

  {
    name: "an apply that ignores its argument gives its value: conflicting definitions are never merged",
    nix: nixEval(
      [
        `{ _file = "declare-s.ts"; options.x = mkOption { type = types.str; apply = v: "const"; }; }`,
        defNix("a.ts", `"a"`),
        defNix("b.ts", `"b"`),
      ],
      { read },
    ),
    modules: () => [
      { _file: "declare-s.ts", options: { x: mkOption({ type: types.str, apply: (v: string) => "const" }) } },
      def("a.ts", "a"),
      def("b.ts", "b"),
    ],
    read,
    expect: value("const"),
  },
  {
    name: "an apply that reads its argument fails on conflicting definitions",
    nix: nixEval(
      [
        `{ _file = "declare-s.ts"; options.x = mkOption { type = types.str; apply = v: v + "!"; }; }`,
        defNix("a.ts", `"a"`),
        defNix("b.ts", `"b"`),
      ],
      { read },
    ),
    modules: () => [
      { _file: "declare-s.ts", options: { x: mkOption({ type: types.str, apply: (v: string) => v + "!" }) } },
      def("a.ts", "a"),
      def("b.ts", "b"),
    ],
    read,
    expect: error("CONFLICT", /The option `x' has conflicting definition values/),
  },
];
