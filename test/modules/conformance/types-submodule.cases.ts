/** Submodule-valued types: submodule, submoduleWith, deferredModule, evalModules(...).type. */
import { types, mkOption, mkForce, mkDefault, mkIf, mkOverride, evalModules } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeErr, noValue, unknownOpt, lit, nixEval, nixAll } from "./type-case-helpers.js";

/** Nix: a submodule with x (int, default 1) and y (str, default "d"). */
const nixSub = `(types.submodule { options.x = mkOption { type = types.int; default = 1; }; options.y = mkOption { type = types.str; default = "d"; }; })`;
const tsSub = () =>
  types.submodule({
    options: {
      x: mkOption({ type: types.int, default: 1 }),
      y: mkOption({ type: types.str, default: "d" }),
    },
  });
const nixDeclSub = (extra = "") => `{ _file = "decl"; options.a = mkOption { type = ${nixSub}; ${extra} }; }`;
const tsDeclSub = (extra: Record<string, unknown> = {}) => ({
  _file: "decl",
  options: { a: mkOption({ type: tsSub(), ...extra }) },
});

/** Nix/TS: attrsOf a submodule that records its `name`. */
const nixNamed = `{ options.a = mkOption { type = types.attrsOf (types.submodule ({ name, ... }: { options.n = mkOption { type = types.str; default = name; }; options.port = mkOption { type = types.port; default = 80; }; })); }; }`;
const tsNamed = () => ({
  options: {
    a: mkOption({
      type: types.attrsOf(
        types.submodule(({ name }: any) => ({
          options: {
            n: mkOption({ type: types.str, default: name }),
            port: mkOption({ type: types.port, default: 80 }),
          },
        })),
      ),
    }),
  },
});

export const cases: ConformanceCase[] = [
  {
    name: "submodule fills its option defaults",
    nix: nixAll(`${nixDeclSub()} { a = { }; }`),
    modules: () => [tsDeclSub(), { a: {} }],
    expect: { value: { a: { x: 1, y: "d" } } },
  },
  {
    name: "submodule merges definitions from several modules",
    nix: nixAll(`${nixDeclSub()} { a.x = 2; } { a.y = "s"; }`),
    modules: () => [tsDeclSub(), { a: { x: 2 } }, { a: { y: "s" } }],
    expect: { value: { a: { x: 2, y: "s" } } },
  },
  {
    name: "submodule option with no definition is used but not defined",
    nix: nixEval(nixDeclSub()),
    modules: () => [tsDeclSub()],
    read: "a",
    expect: noValue("a"),
  },
  {
    name: "submodule option default is a definition dropped when the option is defined",
    nix: nixAll(`${nixDeclSub(`default = { x = 5; };`)} { a.y = "s"; }`),
    modules: () => [tsDeclSub({ default: { x: 5 } }), { a: { y: "s" } }],
    expect: { value: { a: { x: 1, y: "s" } } },
  },
  {
    name: "submodule option default is used when the option is not defined",
    nix: nixAll(nixDeclSub(`default = { x = 5; };`)),
    modules: () => [tsDeclSub({ default: { x: 5 } })],
    expect: { value: { a: { x: 5, y: "d" } } },
  },
  {
    name: "submodule checks nested option types at the full path",
    nix: nixEval(`${nixDeclSub()} { a.x = "two"; }`, "a.x"),
    modules: () => [tsDeclSub(), { a: { x: "two" } }],
    read: "a.x",
    expect: typeErr("a.x", "signed integer"),
  },
  {
    name: "submodule rejects an undeclared nested option at the full path",
    nix: nixEval(`${nixDeclSub()} { a.z = 1; }`, "a.x"),
    modules: () => [tsDeclSub(), { a: { z: 1 } }],
    read: "a.x",
    expect: unknownOpt("a.z"),
  },
  {
    name: "submodule rejects a non-set definition",
    nix: nixEval(`${nixDeclSub()} { a = 3; }`, "a.x"),
    modules: () => [tsDeclSub(), { a: 3 }],
    read: "a.x",
    expect: typeErr("a", "submodule"),
  },
  {
    name: "submodule nested option without default is used but not defined at its full path",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submodule { options.x = mkOption { type = types.int; }; }; }; } { a = { }; }`,
      "a.x",
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.submodule({ options: { x: mkOption({ type: types.int }) } }) }) } },
      { a: {} },
    ],
    read: "a.x",
    expect: noValue("a.x"),
  },
  {
    name: "mkForce inside a submodule beats a plain nested definition",
    nix: nixAll(`${nixDeclSub()} { a.x = 2; } { a.x = mkForce 3; }`),
    modules: () => [tsDeclSub(), { a: { x: 2 } }, { a: { x: mkForce(3) } }],
    expect: { value: { a: { x: 3, y: "d" } } },
  },
  {
    name: "mkForce on a whole submodule value discards the other definitions of it",
    nix: nixAll(`${nixDeclSub()} { a = mkForce { x = 3; }; } { a = { x = 2; y = "s"; }; }`),
    modules: () => [tsDeclSub(), { a: mkForce({ x: 3 }) }, { a: { x: 2, y: "s" } }],
    expect: { value: { a: { x: 3, y: "d" } } },
  },
  {
    name: "mkDefault inside a submodule loses to a plain nested definition",
    nix: nixAll(`${nixDeclSub()} { a.x = 2; } { a.x = mkDefault 7; }`),
    modules: () => [tsDeclSub(), { a: { x: 2 } }, { a: { x: mkDefault(7) } }],
    expect: { value: { a: { x: 2, y: "d" } } },
  },
  {
    name: "mkIf false inside a submodule leaves the nested default",
    nix: nixAll(`${nixDeclSub()} { a = { x = mkIf false 5; y = "s"; }; }`),
    modules: () => [tsDeclSub(), { a: { x: mkIf(false, 5), y: "s" } }],
    expect: { value: { a: { x: 1, y: "s" } } },
  },
  {
    name: "mkIf false around a submodule value removes that definition",
    nix: nixAll(`${nixDeclSub()} { a = mkIf false { x = 5; }; } { a.y = "s"; }`),
    modules: () => [tsDeclSub(), { a: mkIf(false, { x: 5 }) }, { a: { y: "s" } }],
    expect: { value: { a: { x: 1, y: "s" } } },
  },
  {
    name: "mkIf true around a submodule value keeps it",
    nix: nixAll(`${nixDeclSub()} { a = mkIf true { x = 5; }; }`),
    modules: () => [tsDeclSub(), { a: mkIf(true, { x: 5 }) }],
    expect: { value: { a: { x: 5, y: "d" } } },
  },
  {
    name: "a submodule definition may be a module function",
    nix: nixAll(`${nixDeclSub()} { a = { config, ... }: { x = 4; y = "from-fn"; }; }`),
    modules: () => [tsDeclSub(), { a: ({ config }: any) => ({ x: 4, y: "from-fn" }) }],
    expect: { value: { a: { x: 4, y: "from-fn" } } },
  },
  {
    name: "types.submodule takes a definition's `config` key as an option name (shorthand only defines config)",
    nix: nixEval(`${nixDeclSub()} { a = { config.x = 9; }; }`, "a.x"),
    modules: () => [tsDeclSub(), { a: { config: { x: 9 } } }],
    read: "a.x",
    expect: unknownOpt("a.config"),
  },
  {
    name: "submodule options can depend on each other through config",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submodule ({ config, ... }: { options.x = mkOption { type = types.int; default = 1; }; options.y = mkOption { type = types.int; }; config.y = config.x + 10; }); }; } { a.x = 5; }`,
      "a.y",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submodule(({ config }: any) => ({
              options: { x: mkOption({ type: types.int, default: 1 }), y: mkOption({ type: types.int }) },
              config: {
                get y() {
                  return config.x + 10;
                },
              },
            })),
          }),
        },
      },
      { a: { x: 5 } },
    ],
    read: "a.y",
    expect: { value: 15 },
  },
  {
    name: "attrsOf submodule passes the attribute name as `name`",
    nix: nixAll(`${nixNamed} { a.foo = { }; a.bar.port = 8080; }`),
    modules: () => [tsNamed(), { a: { foo: {}, bar: { port: 8080 } } }],
    expect: { value: { a: { foo: { n: "foo", port: 80 }, bar: { n: "bar", port: 8080 } } } },
  },
  {
    name: "attrsOf submodule: `name` default can be overridden",
    nix: nixEval(`${nixNamed} { a.foo.n = "other"; }`, "a.foo.n"),
    modules: () => [tsNamed(), { a: { foo: { n: "other" } } }],
    read: "a.foo.n",
    expect: { value: "other" },
  },
  {
    name: "attrsOf submodule type errors name the key",
    nix: nixEval(`${nixNamed} { a.web.port = 99999; }`, "a.web.port"),
    modules: () => [tsNamed(), { a: { web: { port: 99999 } } }],
    read: "a.web.port",
    expect: typeErr("a.web.port", "16 bit unsigned integer; between 0 and 65535 (both inclusive)"),
  },
  {
    name: "attrsOf submodule unknown nested option names the key",
    nix: nixEval(`${nixNamed} { a.web.host = "h"; }`, "a.web.n"),
    modules: () => [tsNamed(), { a: { web: { host: "h" } } }],
    read: "a.web.n",
    expect: unknownOpt("a.web.host"),
  },
  {
    name: "listOf submodule evaluates each element",
    nix: nixAll(`{ options.a = mkOption { type = types.listOf ${nixSub}; }; } { a = [ { x = 2; } { y = "s"; } ]; }`),
    modules: () => [{ options: { a: mkOption({ type: types.listOf(tsSub()) }) } }, { a: [{ x: 2 }, { y: "s" }] }],
    expect: {
      value: {
        a: [
          { x: 2, y: "d" },
          { x: 1, y: "s" },
        ],
      },
    },
  },
  {
    name: "nested attrsOf submodules see their own names",
    nix: nixAll(
      `{ options.a = mkOption { type = types.attrsOf (types.submodule ({ name, ... }: { options.n = mkOption { default = name; }; options.sub = mkOption { type = types.attrsOf (types.submodule ({ name, ... }: { options.m = mkOption { default = name; }; })); default = { }; }; })); }; } { a.outer.sub.inner = { }; }`,
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.attrsOf(
              types.submodule(({ name }: any) => ({
                options: {
                  n: mkOption({ default: name }),
                  sub: mkOption({
                    type: types.attrsOf(
                      types.submodule(({ name }: any) => ({ options: { m: mkOption({ default: name }) } })),
                    ),
                    default: {},
                  }),
                },
              })),
            ),
          }),
        },
      },
      { a: { outer: { sub: { inner: {} } } } },
    ],
    expect: { value: { a: { outer: { n: "outer", sub: { inner: { m: "inner" } } } } } },
  },
  {
    name: "nullOr submodule accepts null and a set",
    nix: `with lib; let c = (evalModules { modules = [ { options.a = mkOption { type = types.nullOr ${nixSub}; }; options.b = mkOption { type = types.nullOr ${nixSub}; }; } { a = null; b.x = 3; } ]; }).config; in [ c.a c.b.x ]`,
    modules: () => [
      { options: { a: mkOption({ type: types.nullOr(tsSub()) }), b: mkOption({ type: types.nullOr(tsSub()) }) } },
      { a: null, b: { x: 3 } },
    ],
    read: (r) => [r.config.a, r.config.b.x],
    expect: { value: [null, 3] },
  },

  // submoduleWith
  {
    name: "submoduleWith passes specialArgs to its modules",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { specialArgs.flavour = "vanilla"; modules = [ ({ flavour, ... }: { options.f = mkOption { default = flavour; }; }) ]; }; }; } { a = { }; }`,
      "a.f",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submoduleWith({
              specialArgs: { flavour: "vanilla" },
              modules: [({ flavour }: any) => ({ options: { f: mkOption({ default: flavour }) } })],
            }),
          }),
        },
      },
      { a: {} },
    ],
    read: "a.f",
    expect: { value: "vanilla" },
  },
  {
    name: "submoduleWith specialArgs are visible to definition modules",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { specialArgs.flavour = "mint"; modules = [ { options.f = mkOption { type = types.str; }; } ]; }; }; } { a = { flavour, ... }: { f = "choc-" + flavour; }; }`,
      "a.f",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submoduleWith({
              specialArgs: { flavour: "mint" },
              modules: [{ options: { f: mkOption({ type: types.str }) } }],
            }),
          }),
        },
      },
      { a: ({ flavour }: any) => ({ f: "choc-" + flavour }) },
    ],
    read: "a.f",
    expect: { value: "choc-mint" },
  },
  {
    name: "submoduleWith shorthandOnlyDefinesConfig: a definition's `config` key is an option",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { shorthandOnlyDefinesConfig = true; modules = [ { options.config = mkOption { type = types.int; }; } ]; }; }; } { a.config = 1; }`,
      "a.config",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submoduleWith({
              shorthandOnlyDefinesConfig: true,
              modules: [{ options: { config: mkOption({ type: types.int }) } }],
            }),
          }),
        },
      },
      { a: { config: 1 } },
    ],
    read: "a.config",
    expect: { value: 1 },
  },
  {
    name: "submoduleWith without shorthandOnlyDefinesConfig: a definition is a full module",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { modules = [ { options.x = mkOption { type = types.int; }; } ]; }; }; } { a = { config.x = 4; }; }`,
      "a.x",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({ type: types.submoduleWith({ modules: [{ options: { x: mkOption({ type: types.int }) } }] }) }),
        },
      },
      { a: { config: { x: 4 } } },
    ],
    read: "a.x",
    expect: { value: 4 },
  },
  {
    name: "submoduleWith without shorthandOnlyDefinesConfig: a definition may declare options",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { modules = [ ]; }; }; } { a = { options.q = mkOption { default = "declared-in-def"; }; }; }`,
      "a.q",
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.submoduleWith({ modules: [] }) }) } },
      { a: { options: { q: mkOption({ default: "declared-in-def" }) } } },
    ],
    read: "a.q",
    expect: { value: "declared-in-def" },
  },
  {
    name: "submoduleWith class accepts modules of its class",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { class = "widget"; modules = [ { _class = "widget"; options.x = mkOption { default = 1; }; } ]; }; }; } { a = { }; }`,
      "a.x",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submoduleWith({
              class: "widget",
              modules: [{ _class: "widget", options: { x: mkOption({ default: 1 }) } }],
            }),
          }),
        },
      },
      { a: {} },
    ],
    read: "a.x",
    expect: { value: 1 },
  },
  {
    name: "submoduleWith class rejects a module of another class",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submoduleWith { class = "widget"; modules = [ { options.x = mkOption { default = 1; }; } ]; }; }; } { a = { _file = "gadget-def"; _class = "gadget"; x = 2; }; }`,
      "a.x",
    ),
    modules: () => [
      {
        options: {
          a: mkOption({
            type: types.submoduleWith({ class: "widget", modules: [{ options: { x: mkOption({ default: 1 }) } }] }),
          }),
        },
      },
      { a: { _file: "gadget-def", _class: "gadget", x: 2 } },
    ],
    read: "a.x",
    expect: {
      error: {
        code: "CLASS_MISMATCH",
        match: lit(
          `The module \`gadget-def\` (class: "gadget") cannot be imported into a module evaluation that expects class "widget".`,
        ),
      },
    },
  },

  // deferredModule
  {
    name: "deferredModule collects definitions as a module for a later evaluation",
    nix: `with lib; let r = evalModules { modules = [ { options.m = mkOption { type = types.deferredModule; }; } { m.x = 1; } { m = { y = 2; }; } ]; }; in builtins.removeAttrs (evalModules { modules = [ r.config.m { options.x = mkOption { }; options.y = mkOption { }; } ]; }).config [ "_module" ]`,
    modules: () => [{ options: { m: mkOption({ type: types.deferredModule }) } }, { m: { x: 1 } }, { m: { y: 2 } }],
    read: (r) =>
      JSON.parse(
        JSON.stringify(
          evalModules({ modules: [r.config.m, { options: { x: mkOption({}), y: mkOption({}) } }] }).config,
        ),
      ),
    expect: { value: { x: 1, y: 2 } },
  },
  {
    name: "deferredModule definitions may be module functions",
    nix: `with lib; let r = evalModules { modules = [ { options.m = mkOption { type = types.deferredModule; }; } { m = { config, ... }: { y = config.x + 1; }; } ]; }; in (evalModules { modules = [ r.config.m { options.x = mkOption { default = 41; }; options.y = mkOption { }; } ]; }).config.y`,
    modules: () => [
      { options: { m: mkOption({ type: types.deferredModule }) } },
      {
        m: ({ config }: any) => ({
          get y() {
            return config.x + 1;
          },
        }),
      },
    ],
    read: (r) =>
      evalModules({ modules: [r.config.m, { options: { x: mkOption({ default: 41 }), y: mkOption({}) } }] }).config.y,
    expect: { value: 42 },
  },
  {
    name: "deferredModule rejects a number",
    nix: `with lib; let r = evalModules { modules = [ { options.m = mkOption { type = types.deferredModule; }; } { m = 1; } ]; }; in (evalModules { modules = [ r.config.m ]; }).config`,
    modules: () => [{ options: { m: mkOption({ type: types.deferredModule }) } }, { m: 1 }],
    read: (r) => evalModules({ modules: [r.config.m] }).config,
    expect: typeErr("m", "module"),
  },
  {
    name: "submodule type from deferredModule option lets definitions extend every element",
    nix: `with lib; (evalModules { modules = [ ({ config, ... }: { options.common = mkOption { type = types.deferredModule; default = { }; }; options.a = mkOption { type = types.attrsOf (types.submoduleWith { modules = [ config.common ]; }); }; }) { common = { options.tag = mkOption { default = "t"; }; }; a.one = { }; } ]; }).config.a.one.tag`,
    modules: () => [
      ({ config }: any) => ({
        options: {
          common: mkOption({ type: types.deferredModule, default: {} as any }), // a default is a definition (a module), not the merged value
          a: mkOption({
            type: types.lazyAttrsOf(types.submoduleWith({ modules: [{ imports: [() => config.common] }] })),
          }),
        },
      }),
      { common: { options: { tag: mkOption({ default: "t" }) } }, a: { one: {} } },
    ],
    read: "a.one.tag",
    expect: { value: "t" },
  },

  // evalModules(...).type
  {
    name: "the type of an evaluation is a submodule type with its modules",
    nix: `with lib; let inner = evalModules { modules = [ { options.x = mkOption { type = types.int; default = 1; }; options.y = mkOption { type = types.int; default = 2; }; } ]; }; in builtins.removeAttrs (evalModules { modules = [ { options.a = mkOption { type = inner.type; }; } { a.x = 3; } ]; }).config [ "_module" ]`,
    modules: () => {
      const inner = evalModules({
        modules: [
          { options: { x: mkOption({ type: types.int, default: 1 }), y: mkOption({ type: types.int, default: 2 }) } },
        ],
      });
      return [{ options: { a: mkOption({ type: inner.type }) } }, { a: { x: 3 } }];
    },
    expect: { value: { a: { x: 3, y: 2 } } },
  },
  {
    name: "the type of an evaluation checks nested definitions",
    nix: `with lib; let inner = evalModules { modules = [ { options.x = mkOption { type = types.int; }; } ]; }; in (evalModules { modules = [ { options.a = mkOption { type = inner.type; }; } { a.x = "no"; } ]; }).config.a.x`,
    modules: () => {
      const inner = evalModules({ modules: [{ options: { x: mkOption({ type: types.int }) } }] });
      return [{ options: { a: mkOption({ type: inner.type }) } }, { a: { x: "no" } }];
    },
    read: "a.x",
    expect: typeErr("a.x", "signed integer"),
  },
  {
    name: "the type of an evaluation used in attrsOf",
    nix: `with lib; let inner = evalModules { modules = [ { options.x = mkOption { type = types.int; default = 0; }; } ]; }; in builtins.removeAttrs (evalModules { modules = [ { options.a = mkOption { type = types.attrsOf inner.type; }; } { a.p.x = 1; a.q = { }; } ]; }).config [ "_module" ]`,
    modules: () => {
      const inner = evalModules({ modules: [{ options: { x: mkOption({ type: types.int, default: 0 }) } }] });
      return [{ options: { a: mkOption({ type: types.attrsOf(inner.type) }) } }, { a: { p: { x: 1 }, q: {} } }];
    },
    expect: { value: { a: { p: { x: 1 }, q: { x: 0 } } } },
  },

  {
    name: "mkForce over mkIf on a submodule option: the mkIf left is the submodule's configuration",
    nix: nixAll(
      `{ options.s = mkOption { type = types.submodule { options.x = mkOption { type = types.int; default = 0; }; }; }; } { s = mkForce (mkIf true { x = 5; }); } { s.x = 1; }`,
    ),
    modules: () => [
      {
        options: {
          s: mkOption({ type: types.submodule({ options: { x: mkOption({ type: types.int, default: 0 }) } }) }),
        },
      },
      { s: mkForce(mkIf(true, { x: 5 })) },
      { s: { x: 1 } },
    ],
    expect: { value: { s: { x: 5 } } },
  },
  {
    name: "mkForce over a false mkIf on a submodule option leaves the submodule's defaults",
    nix: nixAll(
      `{ options.s = mkOption { type = types.submodule { options.x = mkOption { type = types.int; default = 0; }; }; }; } { s = mkForce (mkIf false { x = 5; }); } { s.x = 1; }`,
    ),
    modules: () => [
      {
        options: {
          s: mkOption({ type: types.submodule({ options: { x: mkOption({ type: types.int, default: 0 }) } }) }),
        },
      },
      { s: mkForce(mkIf(false, { x: 5 })) },
      { s: { x: 1 } },
    ],
    expect: { value: { s: { x: 0 } } },
  },
  {
    name: "mkForce pushed down over an mkOverride on a submodule option: the inner priority applies inside",
    nix: nixAll(
      `{ options.s = mkOption { type = types.submodule { options.x = mkOption { type = types.int; default = 0; }; }; }; } { config = mkForce { s = mkOverride 900 { x = 5; }; }; } { s.x = 1; }`,
    ),
    modules: () => [
      {
        options: {
          s: mkOption({ type: types.submodule({ options: { x: mkOption({ type: types.int, default: 0 }) } }) }),
        },
      },
      { config: mkForce({ s: mkOverride(900, { x: 5 }) }) },
      { s: { x: 1 } },
    ],
    expect: { value: { s: { x: 5 } } },
  },
  {
    name: "a submodule's name is _module.args.name: mkForce on it changes what modules see",
    nix: nixEval(`${nixNamed} { a.foo._module.args.name = mkForce "renamed"; }`, "a.foo.n"),
    modules: () => [tsNamed(), { a: { foo: { _module: { args: { name: mkForce("renamed") } } } } }],
    read: "a.foo.n",
    expect: { value: "renamed" },
  },
  {
    name: "a submodule's name defined again without a priority is defined multiple times",
    nix: nixEval(`${nixNamed} { a.foo._module.args.name = "renamed"; }`, "a.foo.n"),
    modules: () => [tsNamed(), { a: { foo: { _module: { args: { name: "renamed" } } } } }],
    read: "a.foo.n",
    expect: {
      error: {
        code: "NOT_UNIQUE",
        match: lit("The option `a.foo._module.args.name' is defined multiple times while it's expected to be unique"),
      },
    },
  },
];
