/** The types catalogue, scalar types: checks, merges and empty values. */
import { types, mkForce, mkDefault, mkBefore } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeCase as tc, typeErr, conflict, noValue, lit } from "./type-case-helpers.js";

export const cases: ConformanceCase[] = [
  // raw
  tc("raw accepts any single value, unmerged", "types.raw", () => types.raw, [["{ x = [ 1 ]; }", { x: [1] }]], {
    value: { x: [1] },
  }),
  tc(
    "raw with two definitions is an error (defined multiple times, unique)",
    "types.raw",
    () => types.raw,
    [
      ["1", 1],
      ["1", 1],
    ],
    {
      error: {
        code: "NOT_UNIQUE",
        match: lit("The option `a' is defined multiple times while it's expected to be unique"),
      },
    },
  ),
  tc("raw with no definition is used but not defined", "types.raw", () => types.raw, [], noValue("a")),

  // unspecified
  tc(
    "unspecified concatenates lists",
    "types.unspecified",
    () => types.unspecified,
    [
      ["[ 1 ]", [1]],
      ["[ 2 ]", [2]],
    ],
    { value: [2, 1] },
  ),
  tc(
    "unspecified merges attribute sets shallowly",
    "types.unspecified",
    () => types.unspecified,
    [
      ["{ x = 1; }", { x: 1 }],
      ["{ y = 2; }", { y: 2 }],
    ],
    { value: { x: 1, y: 2 } },
  ),
  tc(
    "unspecified ors booleans",
    "types.unspecified",
    () => types.unspecified,
    [
      ["false", false],
      ["true", true],
    ],
    { value: true },
  ),
  tc(
    "unspecified accepts equal numbers",
    "types.unspecified",
    () => types.unspecified,
    [
      ["3", 3],
      ["3", 3],
    ],
    { value: 3 },
  ),
  tc(
    "unspecified concatenates strings, later module first",
    "types.unspecified",
    () => types.unspecified,
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    { value: "yx" },
  ),
  tc(
    "unspecified rejects different integers: cannot merge",
    "types.unspecified",
    () => types.unspecified,
    [
      ["1", 1],
      ["2", 2],
    ],
    { error: { code: "CONFLICT", match: lit("Cannot merge definitions of `a'. Definition values:") } },
  ),
  tc("unspecified with one definition returns it", "types.unspecified", () => types.unspecified, [['"only"', "only"]], {
    value: "only",
  }),

  // anything
  tc(
    "anything merges attribute sets recursively",
    "types.anything",
    () => types.anything,
    [
      ["{ x.p = 1; }", { x: { p: 1 } }],
      ["{ x.q = 2; y = true; }", { x: { q: 2 }, y: true }],
    ],
    { value: { x: { p: 1, q: 2 }, y: true } },
  ),
  tc(
    "anything accepts equal scalars",
    "types.anything",
    () => types.anything,
    [
      ['"s"', "s"],
      ['"s"', "s"],
    ],
    { value: "s" },
  ),
  tc(
    "anything does not concatenate lists: different lists conflict",
    "types.anything",
    () => types.anything,
    [
      ["[ 1 ]", [1]],
      ["[ 2 3 ]", [2, 3]],
    ],
    conflict("a"),
  ),
  tc(
    "anything accepts equal lists",
    "types.anything",
    () => types.anything,
    [
      ["[ 1 2 ]", [1, 2]],
      ["[ 1 2 ]", [1, 2]],
    ],
    { value: [1, 2] },
  ),
  tc(
    "anything rejects different scalars as conflicting",
    "types.anything",
    () => types.anything,
    [
      ["1", 1],
      ["2", 2],
    ],
    conflict("a"),
  ),
  tc(
    "anything conflicts on a nested leaf with the nested path",
    "types.anything",
    () => types.anything,
    [
      ["{ x.y = 1; }", { x: { y: 1 } }],
      ["{ x.y = 2; }", { x: { y: 2 } }],
    ],
    conflict("a.x.y"),
  ),
  tc(
    "anything rejects mixing a set and a list",
    "types.anything",
    () => types.anything,
    [
      ["{ }", {}],
      ["[ ]", []],
    ],
    { error: { code: "CONFLICT", match: lit("The option `a' has conflicting option types in `def2' and `def1'") } },
  ),
  tc(
    "anything honours mkForce inside values",
    "types.anything",
    () => types.anything,
    [
      ["{ x = mkForce 1; }", { x: mkForce(1) }],
      ["{ x = 2; }", { x: 2 }],
    ],
    { value: { x: 1 } },
  ),
  tc("anything with no definition is used but not defined", "types.anything", () => types.anything, [], noValue("a")),

  // bool, boolByOr
  tc("bool accepts true", "types.bool", () => types.bool, [["true", true]], { value: true }),
  tc("bool rejects a string", "types.bool", () => types.bool, [['"true"', "true"]], typeErr("a", "boolean")),
  tc(
    "bool accepts equal definitions",
    "types.bool",
    () => types.bool,
    [
      ["false", false],
      ["false", false],
    ],
    { value: false },
  ),
  tc(
    "bool rejects different definitions as conflicting",
    "types.bool",
    () => types.bool,
    [
      ["true", true],
      ["false", false],
    ],
    conflict("a"),
  ),
  tc("bool with no definition is used but not defined", "types.bool", () => types.bool, [], noValue("a")),
  tc(
    "bool: mkDefault loses to a plain definition",
    "types.bool",
    () => types.bool,
    [
      ["mkDefault true", mkDefault(true)],
      ["false", false],
    ],
    { value: false },
  ),
  tc(
    "boolByOr merges with or",
    "types.boolByOr",
    () => types.boolByOr,
    [
      ["false", false],
      ["true", true],
      ["false", false],
    ],
    { value: true },
  ),
  tc(
    "boolByOr of falses is false",
    "types.boolByOr",
    () => types.boolByOr,
    [
      ["false", false],
      ["false", false],
    ],
    { value: false },
  ),
  tc(
    "boolByOr rejects an integer",
    "types.boolByOr",
    () => types.boolByOr,
    [["1", 1]],
    typeErr("a", "boolean (merged using or)"),
  ),

  // int and ints.*
  tc("int accepts a negative integer", "types.int", () => types.int, [["(-7)", -7]], { value: -7 }),
  tc("int rejects a string", "types.int", () => types.int, [['"1"', "1"]], typeErr("a", "signed integer")),
  tc("int rejects a float", "types.int", () => types.int, [["1.5", 1.5]], typeErr("a", "signed integer")),
  tc(
    "int rejects different definitions as conflicting",
    "types.int",
    () => types.int,
    [
      ["1", 1],
      ["2", 2],
    ],
    conflict("a"),
  ),
  tc(
    "int conflict is solved by mkForce",
    "types.int",
    () => types.int,
    [
      ["1", 1],
      ["mkForce 2", mkForce(2)],
    ],
    { value: 2 },
  ),
  tc("ints.between accepts its bounds", "types.ints.between 0 10", () => types.ints.between(0, 10), [["10", 10]], {
    value: 10,
  }),
  tc(
    "ints.between rejects a value above",
    "types.ints.between 0 10",
    () => types.ints.between(0, 10),
    [["11", 11]],
    typeErr("a", "integer between 0 and 10 (both inclusive)"),
  ),
  tc(
    "ints.between rejects a value below",
    "types.ints.between (-5) 5",
    () => types.ints.between(-5, 5),
    [["(-6)", -6]],
    typeErr("a", "integer between -5 and 5 (both inclusive)"),
  ),
  tc("ints.unsigned accepts 0", "types.ints.unsigned", () => types.ints.unsigned, [["0", 0]], { value: 0 }),
  tc(
    "ints.unsigned rejects -1",
    "types.ints.unsigned",
    () => types.ints.unsigned,
    [["(-1)", -1]],
    typeErr("a", "unsigned integer, meaning >=0"),
  ),
  tc(
    "ints.positive rejects 0",
    "types.ints.positive",
    () => types.ints.positive,
    [["0", 0]],
    typeErr("a", "positive integer, meaning >0"),
  ),
  tc("ints.positive accepts 1", "types.ints.positive", () => types.ints.positive, [["1", 1]], { value: 1 }),
  tc("ints.u8 accepts 255", "types.ints.u8", () => types.ints.u8, [["255", 255]], { value: 255 }),
  tc(
    "ints.u8 rejects 256",
    "types.ints.u8",
    () => types.ints.u8,
    [["256", 256]],
    typeErr("a", "8 bit unsigned integer; between 0 and 255 (both inclusive)"),
  ),
  tc(
    "ints.u16 rejects 65536",
    "types.ints.u16",
    () => types.ints.u16,
    [["65536", 65536]],
    typeErr("a", "16 bit unsigned integer; between 0 and 65535 (both inclusive)"),
  ),
  tc("ints.u32 accepts 4294967295", "types.ints.u32", () => types.ints.u32, [["4294967295", 4294967295]], {
    value: 4294967295,
  }),
  tc(
    "ints.u32 rejects 4294967296",
    "types.ints.u32",
    () => types.ints.u32,
    [["4294967296", 4294967296]],
    typeErr("a", "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)"),
  ),
  tc("ints.s8 accepts -128", "types.ints.s8", () => types.ints.s8, [["(-128)", -128]], { value: -128 }),
  tc(
    "ints.s8 rejects 128",
    "types.ints.s8",
    () => types.ints.s8,
    [["128", 128]],
    typeErr("a", "8 bit signed integer; between -128 and 127 (both inclusive)"),
  ),
  tc(
    "ints.s16 rejects -32769",
    "types.ints.s16",
    () => types.ints.s16,
    [["(-32769)", -32769]],
    typeErr("a", "16 bit signed integer; between -32768 and 32767 (both inclusive)"),
  ),
  tc(
    "ints.s32 rejects 2147483648",
    "types.ints.s32",
    () => types.ints.s32,
    [["2147483648", 2147483648]],
    typeErr("a", "32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)"),
  ),
  tc("port accepts 8080", "types.port", () => types.port, [["8080", 8080]], { value: 8080 }),
  tc(
    "port rejects 70000",
    "types.port",
    () => types.port,
    [["70000", 70000]],
    typeErr("a", "16 bit unsigned integer; between 0 and 65535 (both inclusive)"),
  ),

  // float, number
  tc("float accepts 1.5", "types.float", () => types.float, [["1.5", 1.5]], { value: 1.5 }),
  tc(
    "float rejects a string",
    "types.float",
    () => types.float,
    [['"1.5"', "1.5"]],
    typeErr("a", "floating point number"),
  ),
  tc(
    "float rejects different definitions as conflicting",
    "types.float",
    () => types.float,
    [
      ["1.5", 1.5],
      ["2.5", 2.5],
    ],
    conflict("a"),
  ),
  tc("number accepts an integer", "types.number", () => types.number, [["3", 3]], { value: 3 }),
  tc("number accepts a float", "types.number", () => types.number, [["0.25", 0.25]], { value: 0.25 }),
  tc(
    "number rejects a bool",
    "types.number",
    () => types.number,
    [["true", true]],
    typeErr("a", "signed integer or floating point number"),
  ),

  // strings
  tc("str accepts a string", "types.str", () => types.str, [['"hello"', "hello"]], { value: "hello" }),
  tc("str rejects an integer", "types.str", () => types.str, [["1", 1]], typeErr("a", "string")),
  tc(
    "str accepts equal definitions",
    "types.str",
    () => types.str,
    [
      ['"x"', "x"],
      ['"x"', "x"],
    ],
    { value: "x" },
  ),
  tc(
    "str rejects different definitions as conflicting",
    "types.str",
    () => types.str,
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    conflict("a"),
  ),
  tc("str with no definition is used but not defined", "types.str", () => types.str, [], noValue("a")),
  tc("nonEmptyStr accepts a word", "types.nonEmptyStr", () => types.nonEmptyStr, [['"w"', "w"]], { value: "w" }),
  tc(
    "nonEmptyStr rejects the empty string",
    "types.nonEmptyStr",
    () => types.nonEmptyStr,
    [['""', ""]],
    typeErr("a", "non-empty string"),
  ),
  tc(
    "nonEmptyStr rejects whitespace only",
    "types.nonEmptyStr",
    () => types.nonEmptyStr,
    [['"  "', "  "]],
    typeErr("a", "non-empty string"),
  ),
  tc(
    "singleLineStr accepts a trailing newline and strips it",
    "types.singleLineStr",
    () => types.singleLineStr,
    [['"one\\n"', "one\n"]],
    { value: "one" },
  ),
  tc(
    "singleLineStr rejects two lines",
    "types.singleLineStr",
    () => types.singleLineStr,
    [['"one\\ntwo"', "one\ntwo"]],
    typeErr("a", "(optionally newline-terminated) single-line string"),
  ),
  tc(
    "strMatching accepts a full match",
    'types.strMatching "[a-z]+"',
    () => types.strMatching("[a-z]+"),
    [['"abc"', "abc"]],
    { value: "abc" },
  ),
  tc(
    "strMatching rejects a partial match",
    'types.strMatching "[a-z]+"',
    () => types.strMatching("[a-z]+"),
    [['"abc1"', "abc1"]],
    typeErr("a", "string matching the pattern [a-z]+"),
  ),
  tc(
    "strMatching rejects a non-string",
    'types.strMatching "[0-9]+"',
    () => types.strMatching("[0-9]+"),
    [["12", 12]],
    typeErr("a", "string matching the pattern [0-9]+"),
  ),
  tc(
    "separatedString joins definitions with its separator",
    'types.separatedString " "',
    () => types.separatedString(" "),
    [
      ['"a"', "a"],
      ['"b"', "b"],
      ['"c"', "c"],
    ],
    { value: "c b a" },
  ),
  tc(
    "lines joins with newlines",
    "types.lines",
    () => types.lines,
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    { value: "y\nx" },
  ),
  tc(
    "commas joins with commas",
    "types.commas",
    () => types.commas,
    [
      ['"x"', "x"],
      ['"y"', "y"],
    ],
    { value: "y,x" },
  ),
  tc(
    "envVar joins with colons",
    "types.envVar",
    () => types.envVar,
    [
      ['"/bin"', "/bin"],
      ['"/usr/bin"', "/usr/bin"],
    ],
    { value: "/usr/bin:/bin" },
  ),
  tc(
    "lines rejects a list",
    "types.lines",
    () => types.lines,
    [['[ "x" ]', ["x"]]],
    typeErr("a", 'strings concatenated with "\\n"'),
  ),
  tc(
    "commas rejects an integer",
    "types.commas",
    () => types.commas,
    [["1", 1]],
    typeErr("a", 'strings concatenated with ","'),
  ),
  tc("lines with no definition is used but not defined", "types.lines", () => types.lines, [], noValue("a")),
  tc(
    "lines: mkBefore puts a definition first",
    "types.lines",
    () => types.lines,
    [
      ['"x"', "x"],
      ['mkBefore "first"', mkBefore("first")],
    ],
    { value: "first\nx" },
  ),

  // path
  tc("path accepts an absolute path string", "types.path", () => types.path, [['"/etc/hosts"', "/etc/hosts"]], {
    value: "/etc/hosts",
  }),
  tc(
    "path rejects a relative path string",
    "types.path",
    () => types.path,
    [['"etc/hosts"', "etc/hosts"]],
    typeErr("a", "absolute path"),
  ),
  tc("path rejects an integer", "types.path", () => types.path, [["1", 1]], typeErr("a", "absolute path")),
  tc(
    "path rejects different definitions as conflicting",
    "types.path",
    () => types.path,
    [
      ['"/a"', "/a"],
      ['"/b"', "/b"],
    ],
    conflict("a"),
  ),

  // attrs
  tc(
    "attrs merges shallowly, later modules winning per key",
    "types.attrs",
    () => types.attrs,
    [
      ["{ x = 1; y.p = 1; }", { x: 1, y: { p: 1 } }],
      ["{ y.q = 2; }", { y: { q: 2 } }],
    ],
    { value: { x: 1, y: { p: 1 } } },
  ),
  tc("attrs rejects a list", "types.attrs", () => types.attrs, [["[ ]", []]], typeErr("a", "attribute set")),
  tc("attrs with no definition is used but not defined", "types.attrs", () => types.attrs, [], noValue("a")),

  // enum
  tc("enum accepts a listed value", 'types.enum [ "a" "b" ]', () => types.enum(["a", "b"]), [['"b"', "b"]], {
    value: "b",
  }),
  tc(
    "enum rejects an unlisted value",
    'types.enum [ "a" "b" ]',
    () => types.enum(["a", "b"]),
    [['"c"', "c"]],
    typeErr("a", 'one of "a", "b"'),
  ),
  tc(
    "enum of integers and strings accepts an integer",
    'types.enum [ 1 "one" ]',
    () => types.enum([1, "one"]),
    [["1", 1]],
    { value: 1 },
  ),
  tc(
    "enum rejects different listed values as conflicting",
    'types.enum [ "a" "b" ]',
    () => types.enum(["a", "b"]),
    [
      ['"a"', "a"],
      ['"b"', "b"],
    ],
    conflict("a"),
  ),
  tc(
    "enum with one value describes it as a value",
    'types.enum [ "only" ]',
    () => types.enum(["only"]),
    [['"other"', "other"]],
    typeErr("a", 'value "only" (singular enum)'),
  ),
  tc(
    "empty enum describes impossible",
    "types.enum [ ]",
    () => types.enum([]),
    [['"x"', "x"]],
    typeErr("a", "impossible (empty enum)"),
  ),
];
