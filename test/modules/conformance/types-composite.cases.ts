/** The types catalogue, composite types: lists, attribute sets, unions, coercions, checks, functions. */
import { types, mkIf, mkMerge, mkBefore, mkAfter, mkOrder, mkForce, mkOption } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeCase as tc, typeErr, conflict, notUnique, noValue, lit, nixEval } from "./type-case-helpers.js";

const intList = () => types.listOf(types.int);

/** One package (the same object in both definitions). */
const pkg = { type: "derivation", name: "p", outPath: "/nix/store/p" };
const pkgNix = `{ type = "derivation"; name = "p"; outPath = "/nix/store/p"; }`;

export const cases: ConformanceCase[] = [
  // listOf
  tc(
    "listOf concatenates definitions",
    "types.listOf types.int",
    intList,
    [
      ["[ 1 2 ]", [1, 2]],
      ["[ 3 ]", [3]],
    ],
    { value: [3, 1, 2] },
  ),
  tc(
    "listOf with no definition at the top level is used but not defined",
    "types.listOf types.int",
    intList,
    [],
    noValue("a"),
  ),
  tc(
    "listOf rejects a non-list",
    "types.listOf types.int",
    intList,
    [["1", 1]],
    typeErr("a", "list of signed integer"),
  ),
  tc(
    "listOf checks every element, naming the entry (definitions counted in merge order, last module first)",
    "types.listOf types.int",
    intList,
    [
      ["[ 1 ]", [1]],
      ['[ 2 "x" ]', [2, "x"]],
    ],
    typeErr('a."[definition 1-entry 2]"', "signed integer"),
  ),
  tc(
    "listOf applies mkIf per element",
    "types.listOf types.int",
    intList,
    [["[ (mkIf false 1) 2 (mkIf true 3) ]", [mkIf(false, 1), 2, mkIf(true, 3)]]],
    { value: [2, 3] },
  ),
  tc(
    "listOf orders mkBefore and mkAfter definitions",
    "types.listOf types.int",
    intList,
    [
      ["mkAfter [ 9 ]", mkAfter([9])],
      ["[ 5 ]", [5]],
      ["mkBefore [ 1 ]", mkBefore([1])],
      ["[ 6 ]", [6]],
    ],
    { value: [1, 6, 5, 9] },
  ),
  tc(
    "listOf: mkOrder ties keep collection order",
    "types.listOf types.int",
    intList,
    [
      ["mkOrder 700 [ 1 ]", mkOrder(700, [1])],
      ["mkOrder 700 [ 2 ]", mkOrder(700, [2])],
      ["mkOrder 600 [ 3 ]", mkOrder(600, [3])],
    ],
    { value: [3, 2, 1] },
  ),
  tc(
    "listOf: mkForce discards plain definitions",
    "types.listOf types.int",
    intList,
    [
      ["[ 1 ]", [1]],
      ["mkForce [ 2 ]", mkForce([2])],
      ["[ 3 ]", [3]],
    ],
    { value: [2] },
  ),
  tc(
    "listOf of attrsOf merges each element separately",
    "types.listOf (types.attrsOf types.int)",
    () => types.listOf(types.attrsOf(types.int)),
    [
      ["[ { x = 1; } ]", [{ x: 1 }]],
      ["[ { y = 2; } ]", [{ y: 2 }]],
    ],
    { value: [{ y: 2 }, { x: 1 }] },
  ),
  tc(
    "listOf default is replaced by a definition",
    "types.listOf types.int",
    intList,
    [["[ 4 ]", [4]]],
    { value: [4] },
    { nix: "default = [ 1 2 ];", ts: { default: [1, 2] } },
  ),

  // nonEmptyListOf
  tc(
    "nonEmptyListOf accepts a one-element list",
    "types.nonEmptyListOf types.str",
    () => types.nonEmptyListOf(types.str),
    [['[ "x" ]', ["x"]]],
    { value: ["x"] },
  ),
  tc(
    "nonEmptyListOf rejects the empty list",
    "types.nonEmptyListOf types.str",
    () => types.nonEmptyListOf(types.str),
    [["[ ]", []]],
    typeErr("a", "non-empty (list of string)"),
  ),
  tc(
    "nonEmptyListOf with no definition is used but not defined",
    "types.nonEmptyListOf types.str",
    () => types.nonEmptyListOf(types.str),
    [],
    noValue("a"),
  ),

  // attrsOf / lazyAttrsOf basics
  tc(
    "attrsOf merges keys of all definitions",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [
      ["{ x = 1; }", { x: 1 }],
      ["{ y = 2; }", { y: 2 }],
    ],
    { value: { x: 1, y: 2 } },
  ),
  tc(
    "attrsOf with no definition at the top level is used but not defined",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [],
    noValue("a"),
  ),
  tc(
    "attrsOf rejects a list",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [["[ ]", []]],
    typeErr("a", "attribute set of signed integer"),
  ),
  tc(
    "attrsOf checks values at the key's path",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [['{ x = "no"; }', { x: "no" }]],
    typeErr("a.x", "signed integer"),
  ),
  tc(
    "attrsOf conflicting values name the key's path",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [
      ["{ x = 1; }", { x: 1 }],
      ["{ x = 2; }", { x: 2 }],
    ],
    conflict("a.x"),
  ),
  tc(
    "attrsOf of listOf concatenates per key",
    "types.attrsOf (types.listOf types.int)",
    () => types.attrsOf(types.listOf(types.int)),
    [
      ["{ x = [ 1 ]; }", { x: [1] }],
      ["{ x = [ 2 ]; y = [ ]; }", { x: [2], y: [] }],
    ],
    { value: { x: [2, 1], y: [] } },
  ),
  tc(
    "attrsOf: mkForce on one key only",
    "types.attrsOf types.int",
    () => types.attrsOf(types.int),
    [
      ["{ x = 1; y = 1; }", { x: 1, y: 1 }],
      ["{ x = mkForce 2; y = 1; }", { x: mkForce(2), y: 1 }],
    ],
    { value: { x: 2, y: 1 } },
  ),
  tc(
    "lazyAttrsOf merges keys of all definitions",
    "types.lazyAttrsOf types.str",
    () => types.lazyAttrsOf(types.str),
    [
      ['{ x = "1"; }', { x: "1" }],
      ['{ y = "2"; }', { y: "2" }],
    ],
    { value: { x: "1", y: "2" } },
  ),
  tc(
    "lazyAttrsOf with no definition at the top level is used but not defined",
    "types.lazyAttrsOf types.str",
    () => types.lazyAttrsOf(types.str),
    [],
    noValue("a"),
  ),
  tc(
    "lazyAttrsOf rejects a string",
    "types.lazyAttrsOf types.str",
    () => types.lazyAttrsOf(types.str),
    [['"x"', "x"]],
    typeErr("a", "lazy attribute set of string"),
  ),

  // nullOr
  tc("nullOr accepts null", "types.nullOr types.int", () => types.nullOr(types.int), [["null", null]], { value: null }),
  tc("nullOr accepts the element type", "types.nullOr types.int", () => types.nullOr(types.int), [["5", 5]], {
    value: 5,
  }),
  tc(
    "nullOr rejects other values",
    "types.nullOr types.int",
    () => types.nullOr(types.int),
    [['"5"', "5"]],
    typeErr("a", "null or signed integer"),
  ),
  tc(
    "nullOr with no definition at the top level is used but not defined",
    "types.nullOr types.int",
    () => types.nullOr(types.int),
    [],
    noValue("a"),
  ),
  tc(
    "nullOr merges non-null definitions with the element type",
    "types.nullOr (types.listOf types.int)",
    () => types.nullOr(types.listOf(types.int)),
    [
      ["[ 1 ]", [1]],
      ["[ 2 ]", [2]],
    ],
    { value: [2, 1] },
  ),
  tc(
    "nullOr rejects null next to a value",
    "types.nullOr types.int",
    () => types.nullOr(types.int),
    [
      ["null", null],
      ["1", 1],
    ],
    {
      error: { code: "CONFLICT", match: lit("The option `a` is defined both null and not null, in `def2' and `def1'") },
    },
  ),

  // either / oneOf
  tc(
    "either accepts the left type",
    "types.either types.int types.str",
    () => types.either(types.int, types.str),
    [["1", 1]],
    { value: 1 },
  ),
  tc(
    "either accepts the right type",
    "types.either types.int types.str",
    () => types.either(types.int, types.str),
    [['"s"', "s"]],
    { value: "s" },
  ),
  tc(
    "either rejects a value of neither type",
    "types.either types.int types.str",
    () => types.either(types.int, types.str),
    [["true", true]],
    typeErr("a", "signed integer or string"),
  ),
  tc(
    "either merges with the type all definitions check",
    "types.either (types.listOf types.int) types.str",
    () => types.either(types.listOf(types.int), types.str),
    [
      ["[ 1 ]", [1]],
      ["[ 2 ]", [2]],
    ],
    { value: [2, 1] },
  ),
  tc(
    "either with definitions of both types must be unique",
    "types.either types.int types.str",
    () => types.either(types.int, types.str),
    [
      ["1", 1],
      ['"s"', "s"],
    ],
    notUnique("a"),
  ),
  tc(
    "oneOf accepts its last type",
    "types.oneOf [ types.int types.str types.bool ]",
    () => types.oneOf([types.int, types.str, types.bool]),
    [["false", false]],
    { value: false },
  ),
  tc(
    "oneOf describes all its types",
    "types.oneOf [ types.int types.str types.bool ]",
    () => types.oneOf([types.int, types.str, types.bool]),
    [["[ ]", []]],
    typeErr("a", "signed integer or string or boolean"),
  ),

  // coercedTo
  tc(
    "coercedTo converts a value of the source type",
    "types.coercedTo types.int toString types.str",
    () => types.coercedTo(types.int, (x: number) => String(x), types.str),
    [["42", 42]],
    { value: "42" },
  ),
  tc(
    "coercedTo leaves a value of the final type",
    "types.coercedTo types.int toString types.str",
    () => types.coercedTo(types.int, (x: number) => String(x), types.str),
    [['"24"', "24"]],
    { value: "24" },
  ),
  tc(
    "coercedTo rejects a value of neither type",
    "types.coercedTo types.int toString types.str",
    () => types.coercedTo(types.int, (x: number) => String(x), types.str),
    [["[ ]", []]],
    typeErr("a", "string or signed integer convertible to it"),
  ),
  tc(
    "coercedTo coerces each definition before merging",
    "types.coercedTo types.str (s: [ s ]) (types.listOf types.str)",
    () => types.coercedTo(types.str, (s: string) => [s], types.listOf(types.str)),
    [
      ['"x"', "x"],
      ['[ "y" ]', ["y"]],
    ],
    { value: ["y", "x"] },
  ),
  tc(
    "coercedTo coerces the default",
    "types.coercedTo types.int toString types.str",
    () => types.coercedTo(types.int, (x: number) => String(x), types.str),
    [],
    { value: "7" },
    { nix: "default = 7;", ts: { default: 7 } },
  ),
  tc(
    "coercedTo with an unsound coercion keeps a coerced value that checks",
    "types.coercedTo types.str toInt types.ints.s8",
    () => types.coercedTo(types.str, (s: string) => parseInt(s, 10), types.ints.s8),
    [['"12"', "12"]],
    { value: 12 },
  ),
  tc(
    "coercedTo with an unsound coercion rejects a coerced value that does not check",
    "types.coercedTo types.str toInt types.ints.s8",
    () => types.coercedTo(types.str, (s: string) => parseInt(s, 10), types.ints.s8),
    [['"1000"', "1000"]],
    typeErr("a", "8 bit signed integer; between -128 and 127 (both inclusive) or string convertible to it"),
  ),

  // addCheck, uniq, unique
  tc(
    "addCheck accepts a value passing the check",
    "types.addCheck types.int (x: x > 5)",
    () => types.addCheck(types.int, (x: any) => x > 5),
    [["6", 6]],
    { value: 6 },
  ),
  tc(
    "addCheck rejects a value failing the check, with the base description",
    "types.addCheck types.int (x: x > 5)",
    () => types.addCheck(types.int, (x: any) => x > 5),
    [["3", 3]],
    typeErr("a", "signed integer"),
  ),
  tc(
    "addCheck keeps the base merge (equal definitions)",
    "types.addCheck types.int (x: x > 5)",
    () => types.addCheck(types.int, (x: any) => x > 5),
    [
      ["6", 6],
      ["6", 6],
    ],
    { value: 6 },
  ),
  tc("uniq accepts one definition", "types.uniq types.int", () => types.uniq(types.int), [["1", 1]], { value: 1 }),
  tc(
    "uniq rejects two equal definitions",
    "types.uniq types.int",
    () => types.uniq(types.int),
    [
      ["1", 1],
      ["1", 1],
    ],
    notUnique("a"),
  ),
  tc(
    "uniq keeps the element check",
    "types.uniq types.int",
    () => types.uniq(types.int),
    [['"1"', "1"]],
    typeErr("a", "signed integer"),
  ),
  tc(
    "uniq of listOf does not concatenate",
    "types.uniq (types.listOf types.int)",
    () => types.uniq(types.listOf(types.int)),
    [
      ["[ 1 ]", [1]],
      ["[ 2 ]", [2]],
    ],
    notUnique("a"),
  ),
  tc(
    "unique carries its message",
    'types.unique { message = "Set it in one place only."; } types.str',
    () => types.unique({ message: "Set it in one place only." }, types.str),
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    {
      error: {
        code: "NOT_UNIQUE",
        match:
          /The option `a' is defined multiple times while it's expected to be unique\.\n\s*Set it in one place only\./,
      },
    },
  ),
  tc(
    "uniq: mkForce leaves a single definition",
    "types.uniq types.int",
    () => types.uniq(types.int),
    [
      ["1", 1],
      ["mkForce 2", mkForce(2)],
    ],
    { value: 2 },
  ),

  // functionTo
  {
    name: "functionTo calls the defined function",
    nix: `${nixEval(`{ options.a = mkOption { type = types.functionTo types.int; }; } { a = x: x + 1; }`)} 2`,
    modules: () => [{ options: { a: mkOption({ type: types.functionTo(types.int) }) } }, { a: (x: number) => x + 1 }],
    read: (r) => r.config.a(2),
    expect: { value: 3 },
  },
  {
    name: "functionTo merges the results of all definitions",
    nix: `${nixEval(`{ options.a = mkOption { type = types.functionTo (types.listOf types.str); }; } { a = x: [ "one-\${x}" ]; } { a = x: [ "two-\${x}" ]; }`)} "z"`,
    modules: () => [
      { options: { a: mkOption({ type: types.functionTo(types.listOf(types.str)) }) } },
      { a: (x: string) => [`one-${x}`] },
      { a: (x: string) => [`two-${x}`] },
    ],
    read: (r) => r.config.a("z"),
    expect: { value: ["two-z", "one-z"] },
  },
  {
    name: "functionTo merges attribute set results by key",
    nix: `${nixEval(`{ options.a = mkOption { type = types.functionTo (types.attrsOf types.int); }; } { a = x: { p = x; }; } { a = x: { q = x * 2; }; }`)} 5`,
    modules: () => [
      { options: { a: mkOption({ type: types.functionTo(types.attrsOf(types.int)) }) } },
      { a: (x: number) => ({ p: x }) },
      { a: (x: number) => ({ q: x * 2 }) },
    ],
    read: (r) => r.config.a(5),
    expect: { value: { p: 5, q: 10 } },
  },
  tc(
    "functionTo rejects a non-function",
    "types.functionTo types.int",
    () => types.functionTo(types.int),
    [["1", 1]],
    typeErr("a", "function that evaluates to a(n) signed integer"),
  ),

  // package
  {
    name: "package accepts a derivation-like set",
    nix: nixEval(
      `{ options.a = mkOption { type = types.package; }; } { a = { type = "derivation"; name = "hello-1.0"; outPath = "/nix/store/00000000000000000000000000000000-hello-1.0"; }; }`,
      "a.name",
    ),
    modules: () => [
      { options: { a: mkOption({ type: types.package }) } },
      {
        a: { type: "derivation", name: "hello-1.0", outPath: "/nix/store/00000000000000000000000000000000-hello-1.0" },
      },
    ],
    read: "a.name",
    expect: { value: "hello-1.0" },
  },
  tc(
    "package rejects a plain set",
    "types.package",
    () => types.package,
    [['{ name = "x"; }', { name: "x" }]],
    typeErr("a", "package"),
  ),

  // optionType
  {
    name: "optionType merges type definitions as a declaration would",
    nix: nixEval(
      `{ options.t = mkOption { type = types.optionType; }; } { t = types.enum [ "a" ]; } { t = types.enum [ "b" ]; }`,
      "t.description",
    ),
    modules: () => [
      { options: { t: mkOption({ type: types.optionType }) } },
      { t: types.enum(["a"]) },
      { t: types.enum(["b"]) },
    ],
    read: (r) => r.config.t.description,
    expect: { value: 'one of "b", "a"' },
  },
  {
    name: "optionType rejects types that do not merge",
    nix: nixEval(
      `{ options.t = mkOption { type = types.optionType; }; } { _file = "t-int"; t = types.int; } { _file = "t-str"; t = types.str; }`,
      "t.description",
    ),
    modules: () => [
      { options: { t: mkOption({ type: types.optionType }) } },
      { _file: "t-int", t: types.int },
      { _file: "t-str", t: types.str },
    ],
    read: (r) => r.config.t.description,
    expect: {
      error: { code: "DECLARATION_CONFLICT", match: lit("The option `t' in `t-int' is already declared in `t-str'") },
    },
  },

  {
    name: "listOf: the length needs only the elements' conditions, not their values",
    nix: `with lib; length (evalModules { modules = [ { options.l = mkOption { type = types.listOf types.str; }; } { l = [ (mkMerge [ "a" "b" ]) "c" ]; } ]; }).config.l`,
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.str) }) } }, { l: [mkMerge(["a", "b"]), "c"] }],
    read: (r) => r.config.l.length,
    expect: { value: 2 },
  },
  {
    name: "listOf: an element that cannot merge fails alone, when read",
    nix: `with lib; elemAt (evalModules { modules = [ { options.l = mkOption { type = types.listOf types.str; }; } { l = [ (mkMerge [ "a" "b" ]) "c" ]; } ]; }).config.l 1`,
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.str) }) } }, { l: [mkMerge(["a", "b"]), "c"] }],
    read: (r) => r.config.l[1],
    expect: { value: "c" },
  },
  {
    name: "listOf: reading the element that cannot merge is its conflict",
    nix: `with lib; elemAt (evalModules { modules = [ { options.l = mkOption { type = types.listOf types.str; }; } { l = [ (mkMerge [ "a" "b" ]) "c" ]; } ]; }).config.l 0`,
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.str) }) } }, { l: [mkMerge(["a", "b"]), "c"] }],
    read: (r) => r.config.l[0],
    expect: conflict('l."[definition 1-entry 1]"'),
  },
  {
    name: "listOf: an element of the wrong type fails alone, when read",
    nix: `with lib; elemAt (evalModules { modules = [ { options.l = mkOption { type = types.listOf types.str; }; } { l = [ 1 "c" ]; } ]; }).config.l 1`,
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.str) }) } }, { l: [1, "c"] }],
    read: (r) => r.config.l[1],
    expect: { value: "c" },
  },
  tc(
    "package defined twice, even as the same package, is not unique",
    "types.package",
    () => types.package,
    [
      [pkgNix, pkg],
      [pkgNix, pkg],
    ],
    notUnique("a"),
  ),
];
