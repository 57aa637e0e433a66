/** Type merging: one option declared in two modules with types that must merge. */
import { types, mkOption } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeErr, declConflict, nixEval, type Expect } from "./type-case-helpers.js";

/** Option `a` declared twice (files decl1, decl2), then defined by values (files def1, ...). */
function twice(
  name: string,
  nixTypes: [string, string],
  tsTypes: () => [unknown, unknown],
  defs: Array<[string, unknown]>,
  expect: Expect,
  read = "a",
): ConformanceCase {
  const nixRead = read;
  return {
    name,
    nix: nixEval(
      `{ _file = "decl1"; options.a = mkOption { type = ${nixTypes[0]}; }; } { _file = "decl2"; options.a = mkOption { type = ${nixTypes[1]}; }; } ` +
        defs.map((d, i) => `{ _file = "def${i + 1}"; a = ${d[0]}; }`).join(" "),
      nixRead,
    ),
    modules: () => {
      const [t1, t2] = tsTypes();
      return [
        { _file: "decl1", options: { a: mkOption({ type: t1 as any }) } },
        { _file: "decl2", options: { a: mkOption({ type: t2 as any }) } },
        ...defs.map((d, i) => ({ _file: `def${i + 1}`, a: d[1] })),
      ];
    },
    read,
    expect,
  };
}

const enumA = 'types.enum [ "a" ]';
const enumB = 'types.enum [ "b" ]';

export const cases: ConformanceCase[] = [
  twice("same type declared twice merges", ["types.int", "types.int"], () => [types.int, types.int], [["1", 1]], {
    value: 1,
  }),
  twice(
    "enum declarations union their values (value of the second)",
    [enumA, enumB],
    () => [types.enum(["a"]), types.enum(["b"])],
    [['"b"', "b"]],
    { value: "b" },
  ),
  twice(
    "enum declarations union their values (value of the first)",
    [enumA, enumB],
    () => [types.enum(["a"]), types.enum(["b"])],
    [['"a"', "a"]],
    { value: "a" },
  ),
  twice(
    "merged enum rejects values of neither, describing the union",
    [enumA, enumB],
    () => [types.enum(["a"]), types.enum(["b"])],
    [['"c"', "c"]],
    typeErr("a", 'one of "b", "a"'),
  ),
  twice(
    "listOf declarations merge their element types",
    [`types.listOf (${enumA})`, `types.listOf (${enumB})`],
    () => [types.listOf(types.enum(["a"])), types.listOf(types.enum(["b"]))],
    [
      ['[ "a" ]', ["a"]],
      ['[ "b" ]', ["b"]],
    ],
    { value: ["b", "a"] },
  ),
  twice(
    "attrsOf declarations merge their element types",
    [`types.attrsOf (${enumA})`, `types.attrsOf (${enumB})`],
    () => [types.attrsOf(types.enum(["a"])), types.attrsOf(types.enum(["b"]))],
    [['{ x = "a"; y = "b"; }', { x: "a", y: "b" }]],
    { value: { x: "a", y: "b" } },
  ),
  twice(
    "lazyAttrsOf declarations merge their element types",
    [`types.lazyAttrsOf (${enumA})`, `types.lazyAttrsOf (${enumB})`],
    () => [types.lazyAttrsOf(types.enum(["a"])), types.lazyAttrsOf(types.enum(["b"]))],
    [['{ x = "b"; }', { x: "b" }]],
    { value: { x: "b" } },
  ),
  twice(
    "nullOr declarations merge their element types",
    [`types.nullOr (${enumA})`, `types.nullOr (${enumB})`],
    () => [types.nullOr(types.enum(["a"])), types.nullOr(types.enum(["b"]))],
    [['"b"', "b"]],
    { value: "b" },
  ),
  twice(
    "either declarations merge both sides",
    [`types.either types.int (${enumA})`, `types.either types.int (${enumB})`],
    () => [types.either(types.int, types.enum(["a"])), types.either(types.int, types.enum(["b"]))],
    [['"b"', "b"]],
    { value: "b" },
  ),
  twice(
    "attrsOf and lazyAttrsOf declarations do not merge",
    ["types.attrsOf types.int", "types.lazyAttrsOf types.int"],
    () => [types.attrsOf(types.int), types.lazyAttrsOf(types.int)],
    [["{ }", {}]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "listOf int and listOf str do not merge",
    ["types.listOf types.int", "types.listOf types.str"],
    () => [types.listOf(types.int), types.listOf(types.str)],
    [["[ ]", []]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "types with different names do not merge",
    ["types.int", "types.str"],
    () => [types.int, types.str],
    [["1", 1]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "bool and boolByOr do not merge",
    ["types.bool", "types.boolByOr"],
    () => [types.bool, types.boolByOr],
    [["true", true]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "strMatching with equal patterns merges",
    ['types.strMatching "[a-z]+"', 'types.strMatching "[a-z]+"'],
    () => [types.strMatching("[a-z]+"), types.strMatching("[a-z]+")],
    [['"ok"', "ok"]],
    { value: "ok" },
  ),
  twice(
    "strMatching with different patterns does not merge",
    ['types.strMatching "[a-z]+"', 'types.strMatching "[0-9]+"'],
    () => [types.strMatching("[a-z]+"), types.strMatching("[0-9]+")],
    [['"ok"', "ok"]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "separatedString with equal separators merges",
    ["types.lines", 'types.separatedString "\\n"'],
    () => [types.lines, types.separatedString("\n")],
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    { value: "y\nx" },
  ),
  twice(
    "separatedString with different separators does not merge",
    ["types.lines", "types.commas"],
    () => [types.lines, types.commas],
    [['"x"', "x"]],
    declConflict("a", "decl1", "decl2"),
  ),
  twice(
    "coercedTo never merges, even with itself",
    ["types.coercedTo types.int toString types.str", "types.coercedTo types.int toString types.str"],
    () => [types.coercedTo(types.int, String, types.str), types.coercedTo(types.int, String, types.str)],
    [['"x"', "x"]],
    declConflict("a", "decl1", "decl2"),
  ),
  {
    ...twice(
      "functionTo declarations merge their result types",
      [`types.functionTo (types.listOf (${enumA}))`, `types.functionTo (types.listOf (${enumB}))`],
      () => [types.functionTo(types.listOf(types.enum(["a"]))), types.functionTo(types.listOf(types.enum(["b"])))],
      [['x: [ "a" x ]', (x: string) => ["a", x]]],
      { value: ["a", "b"] },
    ),
    read: (r) => r.config.a("b"),
    nix: `(${nixEval(`{ _file = "decl1"; options.a = mkOption { type = types.functionTo (types.listOf (${enumA})); }; } { _file = "decl2"; options.a = mkOption { type = types.functionTo (types.listOf (${enumB})); }; } { a = x: [ "a" x ]; }`)}) "b"`,
  },
  twice(
    "submodule declarations concatenate their modules",
    [
      "types.submodule { options.x = mkOption { default = 1; }; }",
      "types.submodule { options.y = mkOption { default = 2; }; }",
    ],
    () => [
      types.submodule({ options: { x: mkOption({ default: 1 }) } }),
      types.submodule({ options: { y: mkOption({ default: 2 }) } }),
    ],
    [["{ x = 3; }", { x: 3 }]],
    { value: { x: 3, y: 2 } },
  ),
  twice(
    "merged submodule declarations reject options of neither",
    [
      "types.submodule { options.x = mkOption { default = 1; }; }",
      "types.submodule { options.y = mkOption { default = 2; }; }",
    ],
    () => [
      types.submodule({ options: { x: mkOption({ default: 1 }) } }),
      types.submodule({ options: { y: mkOption({ default: 2 }) } }),
    ],
    [["{ z = 3; }", { z: 3 }]],
    { error: { code: "UNKNOWN_OPTION", match: /The option `a\.z' does not exist/ } },
  ),
  twice(
    "attrsOf submodule declarations concatenate the element modules",
    [
      "types.attrsOf (types.submodule { options.x = mkOption { default = 1; }; })",
      "types.attrsOf (types.submodule ({ name, ... }: { options.n = mkOption { default = name; }; }))",
    ],
    () => [
      types.attrsOf(types.submodule({ options: { x: mkOption({ default: 1 }) } })),
      types.attrsOf(types.submodule(({ name }: any) => ({ options: { n: mkOption({ default: name }) } }))),
    ],
    [["{ k = { }; }", { k: {} }]],
    { value: { k: { x: 1, n: "k" } } },
  ),
  {
    name: "an option tree may be declared into a submodule-typed option",
    nix: nixEval(
      `{ options.a = mkOption { type = types.submodule { options.x = mkOption { default = 1; }; }; }; } { options.a.y = mkOption { default = 2; }; } { a.y = 5; }`,
      "a",
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.submodule({ options: { x: mkOption({ default: 1 }) } }) }) } },
      { options: { a: { y: mkOption({ default: 2 }) } } },
      { a: { y: 5 } },
    ],
    read: "a",
    expect: { value: { x: 1, y: 5 } },
  },
  {
    name: "two declarations with a default do not merge",
    nix: nixEval(
      `{ _file = "decl1"; options.a = mkOption { type = types.int; default = 1; }; } { _file = "decl2"; options.a = mkOption { type = types.int; default = 2; }; }`,
    ),
    modules: () => [
      { _file: "decl1", options: { a: mkOption({ type: types.int, default: 1 }) } },
      { _file: "decl2", options: { a: mkOption({ type: types.int, default: 2 }) } },
    ],
    read: "a",
    expect: declConflict("a", "decl1", "decl2"),
  },
  {
    name: "a default in one declaration and a type in another merge",
    nix: nixEval(
      `{ _file = "decl1"; options.a = mkOption { default = 3; }; } { _file = "decl2"; options.a = mkOption { type = types.int; }; }`,
    ),
    modules: () => [
      { _file: "decl1", options: { a: mkOption({ default: 3 }) } },
      { _file: "decl2", options: { a: mkOption({ type: types.int }) } },
    ],
    read: "a",
    expect: { value: 3 },
  },
  {
    name: "a merged type checks a default from the other declaration",
    nix: nixEval(
      `{ _file = "decl1"; options.a = mkOption { default = "three"; }; } { _file = "decl2"; options.a = mkOption { type = types.int; }; }`,
    ),
    modules: () => [
      { _file: "decl1", options: { a: mkOption({ default: "three" }) } },
      { _file: "decl2", options: { a: mkOption({ type: types.int }) } },
    ],
    read: "a",
    expect: typeErr("a", "signed integer"),
  },

  twice(
    "a port declared twice merges to int: the range is not kept",
    ["types.port", "types.port"],
    () => [types.port, types.port],
    [["70000", 70000]],
    { value: 70000 },
  ),
  twice(
    "a port and an int merge to int",
    ["types.port", "types.int"],
    () => [types.port, types.int],
    [["70000", 70000]],
    { value: 70000 },
  ),
  {
    name: "ranged ints declared twice merge to a type named int",
    nix: `with lib; (evalModules { modules = [ { options.a = mkOption { type = types.ints.between 0 10; }; } { options.a = mkOption { type = types.ints.u8; }; } ]; }).options.a.type.name`,
    modules: () => [
      { options: { a: mkOption({ type: types.ints.between(0, 10) }) } },
      { options: { a: mkOption({ type: types.ints.u8 }) } },
    ],
    read: (r) => r.options.a.type.name,
    expect: { value: "int" },
  },
  {
    name: "options declared under an attrsOf (submodule) option are a declaration conflict",
    nix: `with lib; (evalModules { modules = [ { _file = "s.nix"; options.s = mkOption { type = types.attrsOf (types.submodule { options.v = mkOption { default = 1; }; }); }; } { _file = "w.nix"; options.s.w = mkOption { default = 2; }; } ]; }).config.s`,
    modules: () => [
      {
        _file: "s.nix",
        options: {
          s: mkOption({ type: types.attrsOf(types.submodule({ options: { v: mkOption({ default: 1 }) } })) }),
        },
      },
      { _file: "w.nix", options: { s: { w: mkOption({ default: 2 }) } } },
    ],
    read: "s",
    expect: {
      error: {
        code: "DECLARATION_CONFLICT",
        match:
          /The option `s' in module `s\.nix' would be a parent of the following options, but its type `attribute set of \(submodule\)' does not support nested options\.\n\s*- option\(s\) with prefix `s\.w' in module `w\.nix'/,
      },
    },
  },
];
