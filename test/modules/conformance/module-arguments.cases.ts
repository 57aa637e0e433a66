import { evalModules, mkOption, mkForce, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const declX = () => ({ _file: "declare-x.ts", options: { x: mkOption({ type: types.str }) } });
const declXNix = `{ _file = "declare-x.ts"; options.x = mkOption { type = types.str; }; }`;

export const cases: ConformanceCase[] = [
  {
    name: "a specialArg is passed to module functions",
    nix: nixEval([declXNix, `{ host, ... }: { x = host; }`], { specialArgs: `{ host = "h1"; }`, read: "x" }),
    modules: () => [declX(), ({ host }: any) => ({ x: host })],
    specialArgs: { host: "h1" },
    read: "x",
    expect: value("h1"),
  },
  {
    name: "specialArgs are usable while imports are collected",
    nix: nixEval([declXNix, `{ flag, ... }: { imports = if flag then [ { x = "on"; } ] else [ { x = "off"; } ]; }`], {
      specialArgs: `{ flag = true; }`,
      read: "x",
    }),
    modules: () => [declX(), ({ flag }: any) => ({ imports: flag ? [{ x: "on" }] : [{ x: "off" }] })],
    specialArgs: { flag: true },
    read: "x",
    expect: value("on"),
  },
  {
    name: "specialArgs reach modules imported by modules",
    nix: nixEval([declXNix, `{ imports = [ ({ host, ... }: { x = host + "!"; }) ]; }`], {
      specialArgs: `{ host = "h"; }`,
      read: "x",
    }),
    modules: () => [declX(), { imports: [({ host }: any) => ({ x: host + "!" })] }],
    specialArgs: { host: "h" },
    read: "x",
    expect: value("h!"),
  },
  {
    name: "the specialArgs argument holds all specialArgs",
    nix: nixEval([declXNix, `{ specialArgs, ... }: { x = specialArgs.a + specialArgs.b; }`], {
      specialArgs: `{ a = "1"; b = "2"; }`,
      read: "x",
    }),
    modules: () => [declX(), ({ specialArgs }: any) => ({ x: specialArgs.a + specialArgs.b })],
    specialArgs: { a: "1", b: "2" },
    read: "x",
    expect: value("12"),
  },
  {
    name: "_module.args provides arguments to module functions",
    nix: nixEval([declXNix, `{ _module.args.greeting = "hi"; }`, `{ greeting, ... }: { x = greeting; }`], {
      read: "x",
    }),
    modules: () => [declX(), { _module: { args: { greeting: "hi" } } }, ({ greeting }: any) => ({ x: greeting })],
    read: "x",
    expect: value("hi"),
  },
  {
    name: "_module.args may be set by the same module that uses it",
    nix: nixEval([declXNix, `{ greeting, ... }: { _module.args.greeting = "self"; x = greeting; }`], { read: "x" }),
    modules: () => [
      declX(),
      ({ greeting }: any) => ({
        _module: { args: { greeting: "self" } },
        get x() {
          return greeting;
        },
      }),
    ],
    read: "x",
    expect: value("self"),
  },
  {
    name: "_module.args may depend on config",
    nix: nixEval(
      [
        declXNix,
        `{ options.y = mkOption { default = "from-y"; }; }`,
        `{ config, ... }: { _module.args.fromY = config.y; }`,
        `{ fromY, ... }: { x = fromY; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { options: { y: mkOption({ default: "from-y" }) } },
      ({ config }: any) => ({
        _module: {
          args: {
            get fromY() {
              return config.y;
            },
          },
        },
      }),
      ({ fromY }: any) => ({
        get x() {
          return fromY;
        },
      }),
    ],
    read: "x",
    expect: value("from-y"),
  },
  {
    name: "_module.args definitions follow priorities",
    nix: nixEval(
      [declXNix, `{ _module.args.v = "weak"; }`, `{ _module.args.v = mkForce "strong"; }`, `{ v, ... }: { x = v; }`],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { _module: { args: { v: "weak" } } },
      { _module: { args: { v: mkForce("strong") } } },
      ({ v }: any) => ({
        get x() {
          return v;
        },
      }),
    ],
    read: "x",
    expect: value("strong"),
  },
  {
    name: "a specialArg wins over _module.args of the same name",
    nix: nixEval([declXNix, `{ _module.args.who = "module"; }`, `{ who, ... }: { x = who; }`], {
      specialArgs: `{ who = "special"; }`,
      read: "x",
    }),
    modules: () => [declX(), { _module: { args: { who: "module" } } }, ({ who }: any) => ({ x: who })],
    specialArgs: { who: "special" },
    read: "x",
    expect: value("special"),
  },
  {
    name: "an argument neither special nor in _module.args is an error naming it",
    nix: nixEval([declXNix, `{ missing, ... }: { x = missing; }`], { read: "x" }),
    modules: () => [
      declX(),
      ({ missing }: any) => ({
        get x() {
          return missing;
        },
      }),
    ],
    read: "x",
    expect: error(
      "NO_VALUE",
      /the module argument `missing'/,
      /attribute 'missing' missing[\s\S]*while evaluating the module argument `missing' in ":anon-2":/,
    ),
  },
  {
    name: "using _module.args in imports is an infinite recursion that names the argument",
    nix: nixEval([declXNix, `{ _module.args.late = [ ]; }`, `{ late, ... }: { imports = late; }`], { read: "x" }),
    modules: () => [declX(), { _module: { args: { late: [] } } }, ({ late }: any) => ({ imports: late })],
    read: "x",
    expect: error(
      "INFINITE_RECURSION",
      /module argument `late'/,
      /infinite recursion encountered[\s\S]*while evaluating the module argument `late'/,
    ),
  },
  {
    name: "imports that depend on config are an error that says so",
    nix: nixEval(
      [
        `{ options.flag = mkOption { default = true; }; }`,
        `{ config, ... }: { imports = if config.flag then [ ] else [ ]; }`,
      ],
      { read: "flag" },
    ),
    modules: () => [
      { options: { flag: mkOption({ default: true }) } },
      ({ config }: any) => ({ imports: config.flag ? [] : [] }),
    ],
    read: "flag",
    expect: error(
      "INFINITE_RECURSION",
      /reference `config` in `imports`/,
      /infinite recursion encountered[\s\S]*you probably reference `config` in `imports`/,
    ),
  },
  {
    name: "the config argument reads other options lazily",
    nix: nixEval(
      [declXNix, `{ options.y = mkOption { default = "y"; }; }`, `{ config, ... }: { x = config.y + "!"; }`],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { options: { y: mkOption({ default: "y" }) } },
      ({ config }: any) => ({
        get x() {
          return config.y + "!";
        },
      }),
    ],
    read: "x",
    expect: value("y!"),
  },
  {
    name: "the options argument gives access to option metadata",
    nix: nixEval(
      [
        declXNix,
        `{ options.y = mkOption { default = 1; }; }`,
        `{ options, ... }: { x = builtins.concatStringsSep "." options.y.loc; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { options: { y: mkOption({ default: 1 }) } },
      ({ options }: any) => ({
        get x() {
          return options.y.loc.join(".");
        },
      }),
    ],
    read: "x",
    expect: value("y"),
  },
  {
    name: "the options argument tells whether an option is defined",
    nix: nixEval(
      [
        declXNix,
        `{ options.y = mkOption { type = types.int; }; }`,
        `{ options, ... }: { x = if options.y.isDefined then "set" else "unset"; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { options: { y: mkOption({ type: types.int }) } },
      ({ options }: any) => ({
        get x() {
          return options.y.isDefined ? "set" : "unset";
        },
      }),
    ],
    read: "x",
    expect: value("unset"),
  },
  {
    name: "the lib argument provides the library",
    nix: nixEval([`{ lib, ... }: { options.x = lib.mkOption { type = lib.types.str; default = "lib"; }; }`], {
      read: "x",
    }),
    modules: () => [({ lib }: any) => ({ options: { x: lib.mkOption({ type: lib.types.str, default: "lib" }) } })],
    read: "x",
    expect: value("lib"),
  },
  {
    name: "_prefix is the empty list at the top level",
    nix: nixEval(
      [`{ options.p = mkOption { type = types.listOf types.str; }; }`, `{ _prefix, ... }: { p = _prefix; }`],
      { read: "p" },
    ),
    modules: () => [
      { options: { p: mkOption({ type: types.listOf(types.str) }) } },
      ({ _prefix }: any) => ({ p: _prefix }),
    ],
    read: "p",
    expect: value([]),
  },
  {
    name: "_prefix is the evaluation's prefix",
    nix: `with lib; (evalModules { prefix = [ "outer" "inner" ]; modules = [ { options.p = mkOption { type = types.listOf types.str; }; } ({ _prefix, ... }: { p = _prefix; }) ]; }).config.p`,
    modules: () => [],
    read: () =>
      evalModules({
        prefix: ["outer", "inner"],
        modules: [
          { options: { p: mkOption({ type: types.listOf(types.str) }) } },
          ({ _prefix }: any) => ({ p: _prefix }),
        ],
      } as any).config.p,
    expect: value(["outer", "inner"]),
  },
  {
    name: "_prefix in a submodule is the submodule's location",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.attrsOf (types.submodule ({ _prefix, ... }: { options.p = mkOption { default = _prefix; }; })); }; }`,
        `{ s.foo = { }; }`,
      ],
      { read: "s.foo.p" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.attrsOf(
              types.submodule(({ _prefix }: any) => ({ options: { p: mkOption({ default: _prefix }) } })),
            ),
          }),
        },
      },
      { s: { foo: {} } },
    ],
    read: "s.foo.p",
    expect: value(["s", "foo"]),
  },
  {
    name: "_prefix is usable while imports are collected",
    nix: nixEval([declXNix, `{ _prefix, ... }: { imports = if _prefix == [ ] then [ { x = "top"; } ] else [ ]; }`], {
      read: "x",
    }),
    modules: () => [declX(), ({ _prefix }: any) => ({ imports: _prefix.length === 0 ? [{ x: "top" }] : [] })],
    read: "x",
    expect: value("top"),
  },
  {
    name: "name in a submodule is the attribute it sits under",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.attrsOf (types.submodule ({ name, ... }: { options.n = mkOption { default = name; }; })); }; }`,
        `{ s.alpha = { }; s.beta = { }; }`,
      ],
      { read: "s" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.attrsOf(types.submodule(({ name }: any) => ({ options: { n: mkOption({ default: name }) } }))),
          }),
        },
      },
      { s: { alpha: {}, beta: {} } },
    ],
    read: "s",
    expect: value({ alpha: { n: "alpha" }, beta: { n: "beta" } }),
  },
  {
    name: "moduleType is provided in _module.args",
    nix: nixEval([`{ moduleType, ... }: { options.t = mkOption { default = moduleType.name; }; }`], { read: "t" }),
    modules: () => [
      ({ moduleType }: any) => ({
        options: {
          t: mkOption({
            get default() {
              return moduleType.name;
            },
          } as any),
        },
      }),
    ],
    read: "t",
    expect: value("submodule"),
  },

  {
    name: "a _module.args value is usable in arithmetic",
    nix: nixEval(
      [
        `{ options.x = mkOption { type = types.int; }; }`,
        `{ _module.args.foo = 1; }`,
        `{ foo, ... }: { x = foo + 1; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      { options: { x: mkOption({ type: types.int }) } },
      { _module: { args: { foo: 1 } } },
      ({ foo }: any) => ({
        get x() {
          return foo + 1;
        },
      }),
    ],
    read: "x",
    expect: value(2),
  },
  {
    name: "a _module.args value is usable in string methods and templates",
    nix: nixEval([declXNix, `{ _module.args.who = "World"; }`, `{ who, ... }: { x = "hello " + lib.toLower who; }`], {
      read: "x",
    }),
    modules: () => [
      declX(),
      { _module: { args: { who: "World" } } },
      ({ who }: any) => ({
        get x() {
          return `hello ${who.toLowerCase()}`;
        },
      }),
    ],
    read: "x",
    expect: value("hello world"),
  },
  {
    name: "a _module.args value deciding imports is an infinite recursion",
    nix: nixEval(
      [
        declXNix,
        `{ _module.args.flag = true; }`,
        `{ flag, ... }: { imports = if flag then [ { x = "on"; } ] else [ ]; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { _module: { args: { flag: true } } },
      ({ flag }: any) => ({ imports: flag ? [{ x: "on" }] : [] }),
    ],
    read: "x",
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
  {
    name: "a _module.args value deciding imports is an infinite recursion, also when it is false",
    nix: nixEval(
      [
        declXNix,
        `{ _module.args.flag = false; x = "d"; }`,
        `{ flag, ... }: { imports = if flag then [ ] else [ { x = "off"; } ]; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      declX(),
      { _module: { args: { flag: false } }, x: "d" },
      ({ flag }: any) => ({ imports: flag ? [] : [{ x: "off" }] }),
    ],
    read: "x",
    expect: error("INFINITE_RECURSION", /infinite recursion/),
  },
];
