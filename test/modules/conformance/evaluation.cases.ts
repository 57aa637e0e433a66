import { evalModules, mkOption, mkForce, types } from "../../../src/index.js";
import { type ConformanceCase, nixEval, value } from "./case.js";

// Shared module shapes, TypeScript and Nix side by side.
const listDecl = () => ({
  _file: "declare-list.ts",
  options: { a: mkOption({ type: types.listOf(types.int), default: [0] }) },
});
const listDeclNix = `{ _file = "declare-list.ts"; options.a = mkOption { type = types.listOf types.int; default = [ 0 ]; }; }`;
const def = (file: string, v: unknown) => ({ _file: file, a: v });
const defNix = (file: string, v: string) => `{ _file = "${file}"; a = ${v}; }`;
const strDecl = (name: string) => ({ _file: "declare-str.ts", options: { [name]: mkOption({ type: types.str }) } });
const strDeclNix = (name: string) => `{ _file = "declare-str.ts"; options.${name} = mkOption { type = types.str; }; }`;

export const cases: ConformanceCase[] = [
  {
    name: "the whole config holds every declared option's value",
    nix: nixEval([`{ options.a = mkOption { default = 1; }; options.b.c = mkOption { default = "x"; }; }`]),
    modules: () => [{ options: { a: mkOption({ default: 1 }), b: { c: mkOption({ default: "x" }) } } }],
    expect: value({ a: 1, b: { c: "x" } }),
  },
  {
    name: "an evaluation with no modules has an empty config apart from _module",
    nix: nixEval([]),
    modules: () => [],
    expect: value({}),
  },
  {
    name: "_module.check defaults to true (config._module is the result's _module)",
    nix: nixEval([], { tail: "r._module.check" }),
    modules: () => [],
    read: (r) => r._module.check,
    expect: value(true),
  },
  {
    name: "options.<path>.value is the option's merged value",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], { tail: "r.options.a.value" }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) => r.options.a.value,
    expect: value([1]),
  },
  {
    name: "options.<path>.files lists the defining files, last module first",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]"), defNix("y.ts", "[ 2 ]")], { tail: "r.options.a.files" }),
    modules: () => [listDecl(), def("x.ts", [1]), def("y.ts", [2])],
    read: (r) => r.options.a.files,
    expect: value(["y.ts", "x.ts"]),
  },
  {
    name: "options.<path>.definitions lists the definition values, last module first",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]"), defNix("y.ts", "[ 2 ]")], { tail: "r.options.a.definitions" }),
    modules: () => [listDecl(), def("x.ts", [1]), def("y.ts", [2])],
    read: (r) => r.options.a.definitions,
    expect: value([[2], [1]]),
  },
  {
    name: "options.<path>.definitionsWithLocations carries the file of each definition",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]"), defNix("y.ts", "[ 2 ]")], {
      tail: "map (d: { inherit (d) file value; }) r.options.a.definitionsWithLocations",
    }),
    modules: () => [listDecl(), def("x.ts", [1]), def("y.ts", [2])],
    read: (r) => r.options.a.definitionsWithLocations.map((d: any) => ({ file: d.file, value: d.value })),
    expect: value([
      { file: "y.ts", value: [2] },
      { file: "x.ts", value: [1] },
    ]),
  },
  {
    name: "options.<path>.declarations lists the declaring files",
    nix: nixEval([listDeclNix], { tail: "r.options.a.declarations" }),
    modules: () => [listDecl()],
    read: (r) => r.options.a.declarations,
    expect: value(["declare-list.ts"]),
  },
  {
    name: "options.<path>.loc is the option path as a list",
    nix: nixEval([`{ options.a.b.c = mkOption { type = types.int; default = 1; }; }`], { tail: "r.options.a.b.c.loc" }),
    modules: () => [{ options: { a: { b: { c: mkOption({ type: types.int, default: 1 }) } } } }],
    read: (r) => r.options.a.b.c.loc,
    expect: value(["a", "b", "c"]),
  },
  {
    name: "options.<path>.isDefined is false without default or definition",
    nix: nixEval([strDeclNix("s")], { tail: "r.options.s.isDefined" }),
    modules: () => [strDecl("s")],
    read: (r) => r.options.s.isDefined,
    expect: value(false),
  },
  {
    name: "options.<path>.isDefined is true when only the default is there",
    nix: nixEval([listDeclNix], { tail: "r.options.a.isDefined" }),
    modules: () => [listDecl()],
    read: (r) => r.options.a.isDefined,
    expect: value(true),
  },
  {
    name: "options.<path>.type.name names the declared type",
    nix: nixEval([listDeclNix], { tail: "r.options.a.type.name" }),
    modules: () => [listDecl()],
    read: (r) => r.options.a.type.name,
    expect: value("listOf"),
  },
  {
    name: "extendModules adds definitions; the new module's list comes first",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], {
      tail: `(r.extendModules { modules = [ ${defNix("z.ts", "[ 3 ]")} ]; }).config.a`,
    }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) => r.extendModules({ modules: [def("z.ts", [3])] }).config.a,
    expect: value([3, 1]),
  },
  {
    name: "extendModules leaves the original result unchanged",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], {
      tail: `let e = r.extendModules { modules = [ ${defNix("z.ts", "[ 3 ]")} ]; }; in [ e.config.a r.config.a ]`,
    }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) => {
      const e = r.extendModules({ modules: [def("z.ts", [3])] });
      return [e.config.a, r.config.a];
    },
    expect: value([[3, 1], [1]]),
  },
  {
    name: "extendModules can be chained",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], {
      tail: `((r.extendModules { modules = [ ${defNix("y.ts", "[ 2 ]")} ]; }).extendModules { modules = [ ${defNix("z.ts", "[ 3 ]")} ]; }).config.a`,
    }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) =>
      r.extendModules({ modules: [def("y.ts", [2])] }).extendModules({ modules: [def("z.ts", [3])] }).config.a,
    expect: value([3, 2, 1]),
  },
  {
    name: "extendModules without arguments evaluates the same configuration",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], { tail: `(r.extendModules { }).config.a` }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) => r.extendModules({}).config.a,
    expect: value([1]),
  },
  {
    name: "extendModules can declare new options",
    nix: nixEval([listDeclNix], {
      tail: `builtins.removeAttrs (r.extendModules { modules = [ { options.b = mkOption { default = true; }; } ]; }).config [ "_module" ]`,
    }),
    modules: () => [listDecl()],
    read: (r) => r.extendModules({ modules: [{ options: { b: mkOption({ default: true }) } }] }).config,
    expect: value({ a: [0], b: true }),
  },
  {
    name: "extendModules definitions can override with mkForce",
    nix: nixEval([listDeclNix, defNix("x.ts", "[ 1 ]")], {
      tail: `(r.extendModules { modules = [ ${defNix("z.ts", "(mkForce [ 9 ])")} ]; }).config.a`,
    }),
    modules: () => [listDecl(), def("x.ts", [1])],
    read: (r) => r.extendModules({ modules: [def("z.ts", mkForce([9]))] }).config.a,
    expect: value([9]),
  },
  {
    name: "extendModules merges specialArgs, the new ones winning",
    nix: nixEval([strDeclNix("s"), `{ x, y, ... }: { s = x + y; }`], {
      specialArgs: `{ x = "a"; y = "b"; }`,
      tail: `(r.extendModules { specialArgs = { y = "c"; }; }).config.s`,
    }),
    modules: () => [strDecl("s"), ({ x, y }: any) => ({ s: x + y })],
    specialArgs: { x: "a", y: "b" },
    read: (r) => r.extendModules({ specialArgs: { y: "c" } }).config.s,
    expect: value("ac"),
  },
  {
    name: "extendModules keeps the original specialArgs in the original result",
    nix: nixEval([strDeclNix("s"), `{ x, y, ... }: { s = x + y; }`], {
      specialArgs: `{ x = "a"; y = "b"; }`,
      tail: `let e = r.extendModules { specialArgs = { y = "c"; }; }; in [ r.config.s e.config.s ]`,
    }),
    modules: () => [strDecl("s"), ({ x, y }: any) => ({ s: x + y })],
    specialArgs: { x: "a", y: "b" },
    read: (r) => {
      const e = r.extendModules({ specialArgs: { y: "c" } });
      return [r.config.s, e.config.s];
    },
    expect: value(["ab", "ac"]),
  },
  {
    name: "extendModules keeps specialArgs across a chain",
    nix: nixEval([strDeclNix("s"), `{ x, y, ... }: { s = x + y; }`], {
      specialArgs: `{ x = "a"; y = "b"; }`,
      tail: `((r.extendModules { specialArgs = { y = "c"; }; }).extendModules { specialArgs = { x = "d"; }; }).config.s`,
    }),
    modules: () => [strDecl("s"), ({ x, y }: any) => ({ s: x + y })],
    specialArgs: { x: "a", y: "b" },
    read: (r) => r.extendModules({ specialArgs: { y: "c" } }).extendModules({ specialArgs: { x: "d" } }).config.s,
    expect: value("dc"),
  },
  {
    name: "_module.specialArgs exposes the specialArgs",
    nix: nixEval([], { specialArgs: `{ x = 1; }`, tail: "r._module.specialArgs.x" }),
    modules: () => [],
    specialArgs: { x: 1 },
    read: (r) => r._module.specialArgs.x,
    expect: value(1),
  },
  {
    name: "the extendModules module argument extends the current evaluation",
    nix: nixEval(
      [
        listDeclNix,
        defNix("x.ts", "[ 1 ]"),
        `{ extendModules, ... }: { options.ext = mkOption { default = (extendModules { modules = [ { a = [ 5 ]; } ]; }).config.a; }; }`,
      ],
      {
        read: "ext",
      },
    ),
    modules: () => [
      listDecl(),
      def("x.ts", [1]),
      ({ extendModules }: any) => ({
        options: {
          ext: mkOption({
            get default() {
              return extendModules({ modules: [{ a: [5] }] }).config.a;
            },
          } as any),
        },
      }),
    ],
    read: "ext",
    expect: value([5, 1]),
  },
  {
    name: "an evaluated configuration's type works as a submodule type",
    nix: nixEval(
      [
        `{ options.sub = mkOption { type = (evalModules { modules = [ { options.x = mkOption { default = 1; }; } ]; }).type; default = { }; }; }`,
      ],
      {
        read: "sub.x",
      },
    ),
    modules: () => [
      {
        options: {
          sub: mkOption({
            type: evalModules({ modules: [{ options: { x: mkOption({ default: 1 }) } }] }).type,
            default: {},
          }),
        },
      },
    ],
    read: "sub.x",
    expect: value(1),
  },
  {
    name: "evalModules with a prefix reports option paths under it",
    nix: `with lib; (evalModules { prefix = [ "top" ]; modules = [ { options.a = mkOption { default = 1; }; } ]; }).options.a.loc`,
    modules: () => [],
    read: () =>
      evalModules({ prefix: ["top"], modules: [{ options: { a: mkOption({ default: 1 }) } }] } as any).options.a.loc,
    expect: value(["top", "a"]),
  },
  {
    name: "the result's _type is configuration",
    nix: nixEval([], { tail: "r._type" }),
    modules: () => [],
    read: (r) => r._type,
    expect: value("configuration"),
  },
];
