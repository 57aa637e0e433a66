/**
 * Behaviours the nixpkgs module-system test suite checks that the other areas do not
 * cover: specialArgs that shadow module arguments, a submodule's `specialArgs`
 * argument, options whose declarations do not merge, values that are not modules,
 * and the wording of several messages.
 */
import {
  evalModules,
  lazy,
  mergeAttrDefinitionsWithPrio,
  mkDefault,
  mkForce,
  mkMerge,
  mkOption,
  mkOverride,
  types,
} from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";
import { lit } from "./type-case-helpers.js";

const ev = (modules: unknown[], extra: Record<string, unknown> = {}): any => evalModules({ modules, ...extra });

export const cases: ConformanceCase[] = [
  {
    name: "a specialArg named lib replaces the lib argument in a submodule",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submoduleWith { modules = [ ({ lib, ... }: { options.foo = mkOption { default = lib.foo; }; }) ]; specialArgs.lib = { foo = "foo"; }; }; default = { }; }; }`,
      ],
      { read: "s.foo" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.submoduleWith({
              modules: [({ lib }: any) => ({ options: { foo: mkOption({ default: lib.foo }) } })],
              specialArgs: { lib: { foo: "foo" } },
            }),
            default: {},
          }),
        },
      },
    ],
    read: "s.foo",
    expect: value("foo"),
  },
  {
    name: "a submodule's specialArgs argument is its type's specialArgs, without name",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submoduleWith { modules = [ ({ specialArgs, ... }: { options.v = mkOption { default = specialArgs; }; }) ]; specialArgs.a = 1; }; default = { }; }; }`,
      ],
      { read: "s.v" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.submoduleWith({
              modules: [({ specialArgs }: any) => ({ options: { v: mkOption({ default: specialArgs }) } })],
              specialArgs: { a: 1 },
            }),
            default: {},
          }),
        },
      },
    ],
    read: "s.v",
    expect: value({ a: 1 }),
  },
  {
    name: "shorthandOnlyDefinesConfig may be read from the configuration",
    nix: nixEval(
      [
        `{ config, ... }: { options.s = mkOption { type = types.submoduleWith { modules = [ { options.config = mkOption { default = false; }; } ]; shorthandOnlyDefinesConfig = config.short; }; default = { }; }; options.short = mkOption { default = false; }; }`,
        `{ short = true; s.config = true; }`,
      ],
      { read: "s.config" },
    ),
    modules: () => [
      ({ config }: any) => ({
        options: {
          s: mkOption({
            type: types.submoduleWith({
              modules: [{ options: { config: mkOption({ default: false }) } }],
              shorthandOnlyDefinesConfig: config.short,
            }),
            default: {},
          }),
          short: mkOption({ default: false }),
        },
      }),
      { short: true, s: { config: true } },
    ],
    read: "s.config",
    expect: value(true),
  },
  {
    name: "options nested into a submodule declared twice name the files in nixpkgs' order",
    nix: nixEval(
      [
        `{ options.b = mkOption { type = types.submoduleWith { modules = [ ]; }; default = { }; }; }`,
        `{ _file = "deep"; options.b.deep = mkOption { type = types.int; default = 2; }; }`,
        `{ _file = "dup"; options.b.deep = mkOption { type = types.int; default = 2; }; }`,
      ],
      { read: "b.deep" },
    ),
    modules: () => [
      { options: { b: mkOption({ type: types.submoduleWith({ modules: [] }), default: {} }) } },
      { _file: "deep", options: { b: { deep: mkOption({ type: types.int, default: 2 }) } } },
      { _file: "dup", options: { b: { deep: mkOption({ type: types.int, default: 2 }) } } },
    ],
    read: "b.deep",
    expect: error("DECLARATION_CONFLICT", lit("The option `b.deep' in `deep' is already declared in `dup'.")),
  },
  {
    name: "declarations that do not merge fail only their option",
    nix: nixEval(
      [
        `{ options.bad = mkOption { type = types.attrsWith { lazy = true; elemType = types.int; }; }; options.ok = mkOption { default = 1; }; }`,
        `{ options.bad = mkOption { type = types.attrsWith { elemType = types.int; }; }; }`,
      ],
      { read: "ok" },
    ),
    modules: () => [
      {
        options: {
          bad: mkOption({ type: types.attrsWith({ lazy: true, elemType: types.int }) }),
          ok: mkOption({ default: 1 }),
        },
      },
      { options: { bad: mkOption({ type: types.attrsWith({ elemType: types.int }) }) } },
    ],
    read: "ok",
    expect: value(1),
  },
  {
    name: "a lazy and a strict attrsWith do not merge",
    nix: nixEval(
      [
        `{ _file = "a"; options.bad = mkOption { type = types.attrsWith { lazy = true; elemType = types.int; }; }; }`,
        `{ _file = "b"; options.bad = mkOption { type = types.attrsWith { elemType = types.int; }; }; }`,
        `{ bad.x = 1; }`,
      ],
      { read: "bad" },
    ),
    modules: () => [
      { _file: "a", options: { bad: mkOption({ type: types.attrsWith({ lazy: true, elemType: types.int }) }) } },
      { _file: "b", options: { bad: mkOption({ type: types.attrsWith({ elemType: types.int }) }) } },
      { bad: { x: 1 } },
    ],
    read: "bad",
    expect: error("DECLARATION_CONFLICT", lit("The option `bad' in `a' is already declared in `b'.")),
  },
  {
    name: "submodules of different classes do not merge, failing that option only",
    nix: nixEval(
      [
        `{ options.m = mkOption { type = types.submoduleWith { class = "nixos"; modules = [ ]; }; default = { }; }; options.ok = mkOption { default = 1; }; }`,
        `{ options.m = mkOption { type = types.submoduleWith { class = "darwin"; modules = [ ]; }; }; }`,
      ],
      { tail: "[ r.config.ok (builtins.tryEval r.config.m).success ]" },
    ),
    modules: () => [],
    read: () => {
      const r = ev([
        {
          options: {
            m: mkOption({ type: types.submoduleWith({ class: "nixos", modules: [] }), default: {} }),
            ok: mkOption({ default: 1 }),
          },
        },
        { options: { m: mkOption({ type: types.submoduleWith({ class: "darwin", modules: [] }) }) } },
      ]);
      let ok = true;
      try {
        r.config.m;
      } catch {
        ok = false;
      }
      return [r.config.ok, ok];
    },
    expect: value([1, false]),
  },
  {
    name: "submodules of different classes: the message names both",
    nix: nixEval(
      [
        `{ options.m = mkOption { type = types.submoduleWith { class = "nixos"; modules = [ ]; }; default = { }; }; }`,
        `{ options.m = mkOption { type = types.submoduleWith { class = "darwin"; modules = [ ]; }; }; }`,
      ],
      { read: "m" },
    ),
    modules: () => [
      { options: { m: mkOption({ type: types.submoduleWith({ class: "nixos", modules: [] }), default: {} }) } },
      { options: { m: mkOption({ type: types.submoduleWith({ class: "darwin", modules: [] }) }) } },
    ],
    read: "m",
    expect: error(
      "DECLARATION_CONFLICT",
      lit('A submoduleWith option is declared multiple times with conflicting class values "darwin" and "nixos".'),
    ),
  },
  {
    name: "importing a value of another _type is an error naming the type and the importing file",
    nix: nixEval([`{ _file = "importer.nix"; imports = [ { _type = "flake"; } ]; }`], { read: "" }),
    modules: () => [{ _file: "importer.nix", imports: [{ _type: "flake" }] }],
    expect: error(
      "INVALID_MODULE",
      /Expected a module, but found a value of type .*"flake".*, while trying to load a module into importer\.nix/,
    ),
  },
  {
    name: "importing a configuration asks for its modules instead",
    nix: nixEval([`{ _file = "importer.nix"; imports = [ (evalModules { modules = [ { } ]; }) ]; }`], { read: "" }),
    modules: () => [{ _file: "importer.nix", imports: [evalModules({ modules: [{}] })] }],
    expect: error(
      "INVALID_MODULE",
      /value of type .*"configuration"[\s\S]*please only import the modules that make up the configuration/,
    ),
  },
  {
    name: "a configuration imported in a submodule names the submodule's location",
    nix: nixEval(
      [
        `{ _file = "sub.nix"; options.foo = mkOption { type = types.submodule { }; default = { }; }; config.foo = { ... }: { imports = [ (evalModules { modules = [ { } ]; }) ]; }; }`,
      ],
      { read: "foo" },
    ),
    modules: () => [
      {
        _file: "sub.nix",
        options: { foo: mkOption({ type: types.submodule({}), default: {} }) },
        config: { foo: () => ({ imports: [evalModules({ modules: [{}] })] }) },
      },
    ],
    read: "foo",
    expect: error(
      "INVALID_MODULE",
      /"configuration", while trying to load a module into sub\.nix, while trying to load a module into .*foo.*\./,
    ),
  },
  {
    name: "an evaluated configuration under options is not an option declaration",
    nix: nixEval([`{ _file = "opts.nix"; options.result = evalModules { modules = [ ]; }; }`], { read: "result" }),
    modules: () => [{ _file: "opts.nix", options: { result: evalModules({ modules: [] }) } }],
    read: "result",
    expect: error(
      "INVALID_MODULE",
      lit(
        "In module opts.nix: expected an option declaration at option path `result` but got an attribute set with type configuration",
      ),
    ),
  },
  {
    name: "disabledModules takes a number key (as its string)",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submodule { imports = [ { options.e = mkOption { default = false; }; } { key = 123; config.e = true; } ]; disabledModules = [ 123 ]; }; default = { }; }; }`,
      ],
      { read: "s.e" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.submodule({
              imports: [{ options: { e: mkOption({ default: false }) } }, { key: 123, config: { e: true } }],
              disabledModules: [123],
            }),
            default: {},
          }),
        },
      },
    ],
    read: "s.e",
    expect: value(false),
  },
  {
    name: "anything keeps a set with outPath whole, its other values unread",
    nix: nixEval(
      [`{ options.v = mkOption { type = types.anything; }; config.v = { outPath = "foo"; err = throw "err"; }; }`],
      {
        read: "v.outPath",
      },
    ),
    modules: () => [
      {
        options: { v: mkOption({ type: types.anything }) },
        config: {
          v: {
            outPath: "foo",
            get err() {
              throw new Error("err");
            },
          },
        },
      },
    ],
    read: "v.outPath",
    expect: value("foo"),
  },
  {
    name: "a freeform submodule's sub-options list the freeform type's as _freeformOptions",
    nix: `with lib; let t = types.submodule { freeformType = types.attrsOf (types.submodule { options.foo = mkOption { }; }); }; in builtins.attrNames (t.getSubOptions [ ])._freeformOptions`,
    modules: () => [],
    read: () =>
      Object.keys(
        (
          types.submodule({ freeformType: types.attrsOf(types.submodule({ options: { foo: mkOption({}) } })) }) as any
        ).getSubOptions([])._freeformOptions,
      ),
    expect: value(["_module", "foo"]),
  },
  {
    name: "a definition that fails while an unknown option is reported is named in the message",
    nix: nixEval([`{ _file = "abort.nix"; config.enable = abort "oops"; }`], { read: "" }),
    modules: () => [
      {
        _file: "abort.nix",
        config: {
          get enable() {
            throw new Error("oops");
          },
        },
      },
    ],
    // Both contexts, in either order (Nix's trace lists the innermost first).
    expect: error(
      "UNKNOWN_OPTION",
      /^(?=[\s\S]*while evaluating the error message for definitions for .enable., which is an option that does not exist)(?=[\s\S]*while evaluating a definition from `.*abort\.nix)/,
    ),
  },
  {
    name: "a missing module argument is named with its module",
    nix: nixEval(
      [`{ options.e = mkOption { default = false; }; }`, `{ custom, ... }: { _file = "custom.nix"; e = custom; }`],
      { read: "e" },
    ),
    modules: () => [
      { options: { e: mkOption({ default: false }) } },
      ({ custom }: any) => ({ _file: "custom.nix", e: custom }),
    ],
    read: "e",
    // Nix names the module by its key, tsden by the file it gives.
    expect: error(
      "NO_VALUE",
      /while evaluating the module argument .*custom.* in .*custom\.nix.*:/,
      /while evaluating the module argument .custom. in ":anon-2":/,
    ),
  },
  {
    name: "imports that depend on a module argument are an infinite recursion, with nixpkgs' hint",
    nix: nixEval(
      [
        `{ options.e = mkOption { default = false; }; }`,
        `{ _module.args.custom = true; }`,
        `{ lib, custom, ... }: { imports = lib.optional custom { e = mkForce true; }; }`,
      ],
      { read: "e" },
    ),
    modules: () => [
      { options: { e: mkOption({ default: false }) } },
      { _module: { args: { custom: true } } },
      ({ custom }: any) => ({ imports: custom ? [{ e: mkForce(true) }] : [] }),
    ],
    read: "e",
    expect: error(
      "INFINITE_RECURSION",
      /infinite recursion encountered[\s\S]*(?:i|I)f you get an infinite recursion here/,
    ),
  },
  {
    name: "a value where a set of options is expected is named by its Nix type",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submodule { options.config = mkOption { default = false; }; }; default = { }; }; }`,
        `{ _file = "def.nix"; s = { config = mkForce true; }; }`,
        `{ _file = "plain.nix"; s.config = true; }`,
      ],
      { read: "s.config" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({ type: types.submodule({ options: { config: mkOption({ default: false }) } }), default: {} }),
        },
      },
      { _file: "def.nix", s: { config: mkForce(true) } },
      { _file: "plain.nix", s: { config: true } },
    ],
    read: "s.config",
    expect: value(true),
  },
  {
    name: "submoduleWith without shorthand: a bool where a module is expected names the type bool",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submoduleWith { modules = [ { options.config = mkOption { default = false; }; } ]; }; default = { }; }; }`,
        `{ _file = "def.nix"; s.config = true; }`,
      ],
      { read: "s.config" },
    ),
    modules: () => [
      {
        options: {
          s: mkOption({
            type: types.submoduleWith({ modules: [{ options: { config: mkOption({ default: false }) } }] }),
            default: {},
          }),
        },
      },
      { _file: "def.nix", s: { config: true } },
    ],
    read: "s.config",
    expect: error(
      "TYPE_MISMATCH",
      /In module .def\.nix., you're trying to define a value of type `bool'\n\s*rather than an attribute set for the option/,
    ),
  },
  {
    name: "an empty list in a message shows as [ ]",
    nix: nixEval([`{ options.v = mkOption { type = types.int; }; }`, `{ _file = "l.nix"; v = [ ]; }`], { read: "v" }),
    modules: () => [{ options: { v: mkOption({ type: types.int }) } }, { _file: "l.nix", v: [] }],
    read: "v",
    expect: error("TYPE_MISMATCH", /Definition values:\n\s*- In .*: \[ \]/),
  },
  {
    name: "graph lists the modules as imported, with keys, files and whether they are disabled",
    nix: `with lib; (evalModules { modules = [ { } (args: { }) { _file = "/m/a.nix"; key = "/m/a.nix"; imports = [ { imports = [ { } ]; } ]; disabledModules = [ "/m/b.nix" ]; } { _file = "/m/b.nix"; key = "/m/b.nix"; imports = [ { key = "explicit-key"; } ]; } ]; }).graph`,
    modules: () => [],
    read: () =>
      ev([
        {},
        (_args: unknown) => ({}),
        { _file: "/m/a.nix", key: "/m/a.nix", imports: [{ imports: [{}] }], disabledModules: ["/m/b.nix"] },
        { _file: "/m/b.nix", key: "/m/b.nix", imports: [{ key: "explicit-key" }] },
      ]).graph,
    expect: value([
      { key: ":anon-1", file: "<unknown-file>", imports: [], disabled: false },
      { key: ":anon-2", file: "<unknown-file>", imports: [], disabled: false },
      {
        key: "/m/a.nix",
        file: "/m/a.nix",
        imports: [
          {
            key: "/m/a.nix:anon-1",
            file: "/m/a.nix",
            imports: [{ key: "/m/a.nix:anon-1:anon-1", file: "/m/a.nix", imports: [], disabled: false }],
            disabled: false,
          },
        ],
        disabled: false,
      },
      {
        key: "/m/b.nix",
        file: "/m/b.nix",
        imports: [{ key: "explicit-key", file: "/m/b.nix", imports: [], disabled: false }],
        disabled: true,
      },
    ]),
  },
  {
    name: "moduleType declares options whose values are the evaluation again (variants)",
    nix: nixEval(
      [
        `{ moduleType, ... }: { options.variants = mkOption { type = types.lazyAttrsOf moduleType; default = { }; }; }`,
        `{ config, ... }: { options.attrs = mkOption { type = types.attrsOf types.int; }; options.r = mkOption { }; config = { attrs.a = 1; variants.foo.attrs.b = 1; variants.foo.variants.bar.attrs.z = 1; r = [ (builtins.attrNames config.variants.foo.attrs) (builtins.attrNames config.variants.foo.variants.bar.attrs) ]; }; }`,
      ],
      { read: "r" },
    ),
    modules: () => [
      ({ moduleType }: any) => ({
        options: { variants: mkOption({ type: types.lazyAttrsOf(moduleType), default: {} }) },
      }),
      ({ config }: any) => ({
        options: { attrs: mkOption({ type: types.attrsOf(types.int) }), r: mkOption({}) },
        config: {
          attrs: { a: 1 },
          variants: { foo: { attrs: { b: 1 }, variants: { bar: { attrs: { z: 1 } } } } },
          get r() {
            return [Object.keys(config.variants.foo.attrs), Object.keys(config.variants.foo.variants.bar.attrs)];
          },
        },
      }),
    ],
    read: "r",
    expect: value([
      ["a", "b"],
      ["a", "b", "z"],
    ]),
  },
  {
    name: "a submodule may declare an option typed by its own extendModules",
    nix: nixEval(
      [
        `{ options.sub = mkOption { default = { }; type = types.submodule ({ extendModules, ... }: { options.value = mkOption { type = types.int; }; options.specialisation = mkOption { default = { }; inherit (extendModules { modules = [ { specialisation = mkOverride 0 { }; } ]; }) type; }; }); }; }`,
        `{ sub.value = 1; }`,
      ],
      { read: "sub.specialisation.value" },
    ),
    modules: () => [
      {
        options: {
          sub: mkOption({
            default: {},
            type: types.submodule(({ extendModules }: any) => ({
              options: {
                value: mkOption({ type: types.int }),
                specialisation: mkOption({
                  default: {},
                  type: extendModules({ modules: [{ specialisation: mkOverride(0, {}) }] }).type,
                }),
              },
            })),
          }),
        },
      },
      { sub: { value: 1 } },
    ],
    read: "sub.specialisation.value",
    expect: value(1),
  },
  {
    name: "an option's type may be read from the configuration (types.optionType values merge)",
    nix: nixEval(
      [
        `{ config, ... }: { options.theType = mkOption { type = types.optionType; }; options.theOption = mkOption { type = config.theType; }; config.theType = mkMerge [ (types.submodule { options.int = mkOption { type = types.int; default = 10; }; }) (types.submodule { options.str = mkOption { type = types.str; }; }) ]; config.theOption.str = "hello"; }`,
      ],
      { tail: "[ r.config.theOption.int r.config.theOption.str ]" },
    ),
    modules: () => [],
    read: () => {
      const r = ev([
        ({ config }: any) => ({
          options: { theType: mkOption({ type: types.optionType }), theOption: mkOption({ type: config.theType }) },
          config: {
            theType: mkMerge([
              types.submodule({ options: { int: mkOption({ type: types.int, default: 10 }) } }),
              types.submodule({ options: { str: mkOption({ type: types.str }) } }),
            ]),
            theOption: { str: "hello" },
          },
        }),
      ]);
      return [r.config.theOption.int, r.config.theOption.str];
    },
    expect: value([10, "hello"]),
  },
  {
    name: "submodule types merged as optionType values name the files of their declarations",
    nix: nixEval(
      [
        `{ config, ... }: { _file = "optionTypeFile.nix"; options.theType = mkOption { type = types.optionType; }; options.theOption = mkOption { type = config.theType; default = { }; }; config.theType = mkMerge [ (types.submodule { options.nested = mkOption { type = types.int; }; }) (types.submodule { _file = "other.nix"; options.nested = mkOption { type = types.str; }; }) ]; }`,
      ],
      { read: "theOption.nested" },
    ),
    modules: () => [
      ({ config }: any) => ({
        _file: "optionTypeFile.nix",
        options: {
          theType: mkOption({ type: types.optionType }),
          theOption: mkOption({ type: config.theType, default: {} }),
        },
        config: {
          theType: mkMerge([
            types.submodule({ options: { nested: mkOption({ type: types.int }) } }),
            types.submodule({ _file: "other.nix", options: { nested: mkOption({ type: types.str }) } }),
          ]),
        },
      }),
    ],
    read: "theOption.nested",
    expect: error(
      "DECLARATION_CONFLICT",
      lit("The option `theOption.nested' in `other.nix' is already declared in `optionTypeFile.nix'."),
    ),
  },
  {
    name: "a lazy attrsWith lets values read each other",
    nix: nixEval(
      [
        `{ config, ... }: { options.m = mkOption { type = types.attrsWith { lazy = true; elemType = types.int; }; }; options.r = mkOption { default = config.m.bar; }; config.m.bar = config.m.baz + 1; config.m.baz = 10; }`,
      ],
      { read: "r" },
    ),
    modules: () => [
      ({ config }: any) => ({
        options: {
          m: mkOption({ type: types.attrsWith({ lazy: true, elemType: types.int }) }),
          r: mkOption({ default: lazy(() => config.m.bar) }),
        },
        config: {
          m: {
            get bar() {
              return config.m.baz + 1;
            },
            baz: 10,
          },
        },
      }),
    ],
    read: "r",
    expect: value(11),
  },
  {
    name: "a module may define options depending on which options exist (options ? x)",
    nix: nixEval(
      [
        `{ lib, options, ... }: { config = { value = if options ? enable then 360 else 7; } // lib.optionalAttrs (options ? enable) { enable = true; }; }`,
        `{ options.enable = mkOption { default = false; }; }`,
        `{ options.value = mkOption { type = types.ints.positive; }; }`,
      ],
      { tail: "[ r.config.enable r.config.value ]" },
    ),
    modules: () => [],
    read: () => {
      const r = ev([
        ({ options }: any) => ({
          config: { value: "enable" in options ? 360 : 7, ...("enable" in options ? { enable: true } : {}) },
        }),
        { options: { enable: mkOption({ default: false }) } },
        { options: { value: mkOption({ type: types.ints.positive }) } },
      ]);
      return [r.config.enable, r.config.value];
    },
    expect: value([true, 360]),
  },
  {
    name: "a module asking for a nested option that is not declared gets no",
    nix: nixEval(
      [
        `{ lib, options, ... }: { config.set = { value = if options ? set.enable then 360 else 7; } // lib.optionalAttrs (options ? set.enable) { enable = true; }; }`,
        `{ options.set.value = mkOption { type = types.ints.positive; }; }`,
      ],
      { read: "set.value" },
    ),
    modules: () => [
      ({ options }: any) => ({
        config: {
          set: { value: "enable" in options.set ? 360 : 7, ...("enable" in options.set ? { enable: true } : {}) },
        },
      }),
      { options: { set: { value: mkOption({ type: types.ints.positive }) } } },
    ],
    read: "set.value",
    expect: value(7),
  },
  {
    name: "mergeAttrDefinitionsWithPrio reads priorities without reading values",
    nix: `with lib; let r = evalModules { modules = [ { options.a = mkOption { type = types.lazyAttrsOf types.raw; }; config.a = { d = mkDefault (throw "no"); f = mkForce (throw "no"); u = throw "no"; }; } ]; }; in [ (modules.mergeAttrDefinitionsWithPrio r.options.a).d.highestPrio (modules.mergeAttrDefinitionsWithPrio r.options.a).f.highestPrio ]`,
    modules: () => [],
    read: () => {
      const no = () =>
        lazy(() => {
          throw new Error("no");
        });
      const r = ev([
        {
          options: { a: mkOption({ type: types.lazyAttrsOf(types.raw) }) },
          config: { a: { d: mkDefault(no()), f: mkForce(no()), u: no() } },
        },
      ]);
      const d = mergeAttrDefinitionsWithPrio(r.options.a);
      return [d.d!.highestPrio, d.f!.highestPrio];
    },
    expect: value([1000, 50]),
  },
  {
    name: "a deferred module that is not a module is named with its option and key",
    nix: nixEval(
      [
        `{ config, ... }: { options.deferred = mkOption { type = types.deferredModule; }; options.result = mkOption { default = (evalModules { modules = [ config.deferred ]; }).config.result; }; config.deferred = { ... }: true; }`,
      ],
      { read: "result" },
    ),
    modules: () => [
      ({ config }: any) => ({
        options: {
          deferred: mkOption({ type: types.deferredModule }),
          result: mkOption({ default: lazy(() => evalModules({ modules: [config.deferred] }).config.result) }),
        },
        config: { deferred: () => true },
      }),
    ],
    read: "result",
    expect: error("INVALID_MODULE", /via option deferred [(]:anon-1:anon-1:anon-1[)] does not look like a module\./),
  },
  {
    name: "options declared into a submodule option count among its declarations",
    nix: nixEval(
      [
        `{ _file = "A"; options.x = mkOption { type = types.submoduleWith { modules = [ ]; }; default = { }; }; }`,
        `{ _file = "B"; options.x.y = mkOption { default = 1; }; }`,
      ],
      { tail: "[ r.options.x.declarations r.config.x.y ]" },
    ),
    modules: () => [],
    read: () => {
      const r = ev([
        { _file: "A", options: { x: mkOption({ type: types.submoduleWith({ modules: [] }), default: {} }) } },
        { _file: "B", options: { x: { y: mkOption({ default: 1 }) } } },
      ]);
      return [r.options.x.declarations, r.config.x.y];
    },
    expect: value([["B", "A"], 1]),
  },
];
