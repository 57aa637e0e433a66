/** `types.attrTag`: attribute-tagged unions, each tag an option. */
import { mkMerge, mkOption, mkOverride, optionsToDocList, types } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { lit, typeErr } from "./type-case-helpers.js";

const nixTags = `{ left = mkOption { type = types.int; }; right = mkOption { type = types.str; }; }`;
const tsTags = () => ({ left: mkOption({ type: types.int }), right: mkOption({ type: types.str }) });
/** A case: option `a` an attrTag of left (int) / right (str), defined by `nixDefs` / `tsDefs`, read at `path`. */
const tagCase = (
  name: string,
  nixDefs: string[],
  tsDefs: unknown[],
  path: string,
  expect: ConformanceCase["expect"],
  nixType = `types.attrTag ${nixTags}`,
  tsType: () => unknown = () => types.attrTag(tsTags()),
): ConformanceCase => ({
  name,
  nix: `with lib; (evalModules { modules = [ { options.a = mkOption { type = ${nixType}; }; } ${nixDefs.map((d, i) => `{ _file = "def${i + 1}"; config.a = ${d}; }`).join(" ")} ]; }).config.${path}`,
  modules: () => [
    { options: { a: mkOption({ type: tsType() as any }) } },
    ...tsDefs.map((d, i) => ({ _file: `def${i + 1}`, config: { a: d } })),
  ],
  read: path,
  expect,
});

export const cases: ConformanceCase[] = [
  tagCase("attrTag gives the tag and its value", ['{ right = "hello"; }'], [{ right: "hello" }], "a", {
    value: { right: "hello" },
  }),
  tagCase(
    "attrTag merges two definitions of the same tag",
    ["{ left = 1; }", "{ left = 1; }"],
    [{ left: 1 }, { left: 1 }],
    "a.left",
    {
      value: 1,
    },
  ),
  tagCase("attrTag rejects a value that is not a set", ["1"], [1], "a", typeErr("a", "attribute-tagged union")),
  tagCase("attrTag rejects an empty set", ["{ }"], [{}], "a", typeErr("a", "attribute-tagged union")),
  tagCase(
    "attrTag rejects a set with two tags",
    ['{ left = 1; right = "x"; }'],
    [{ left: 1, right: "x" }],
    "a",
    typeErr("a", "attribute-tagged union"),
  ),
  tagCase(
    "attrTag rejects an unknown tag",
    ["{ rite = 1; }"],
    [{ rite: 1 }],
    "a",
    typeErr("a", "attribute-tagged union"),
  ),
  tagCase(
    "attrTag rejects mkMerge of sets with unknown tags",
    ["mkMerge [ { a = true; } { b = true; } ]"],
    [mkMerge([{ a: true }, { b: true }])],
    "a",
    typeErr("a", "attribute-tagged union"),
  ),
  tagCase(
    "a tag's value is checked by the tag's type, at the tag's location",
    ['{ left = "bad"; }'],
    [{ left: "bad" }],
    "a.left",
    typeErr("a.left", "signed integer"),
  ),
  tagCase(
    "two definitions with different tags conflict",
    ["{ left = 1; }", '{ right = "x"; }'],
    [{ left: 1 }, { right: "x" }],
    "a",
    {
      error: { code: "CONFLICT", match: /The option `a` is defined both as `(left|right)` and `(left|right)`/ },
    },
  ),
  tagCase(
    "a tag declared with a bare type is an error naming the tag",
    ["{ int = 1; }"],
    [{ int: 1 }],
    "a.int",
    {
      error: {
        code: "INVALID_ARGUMENT",
        match: lit(
          "In attrTag, each tag value must be an option, but tag int was a bare type, not wrapped in mkOption.",
        ),
      },
    },
    "types.attrTag { int = types.int; }",
    () => types.attrTag({ int: types.int }),
  ),
  tagCase(
    "a tag is an option: its default wins over a weaker definition",
    ["{ left = mkOverride 1600 3; }"],
    [{ left: mkOverride(1600, 3) }],
    "a.left",
    { value: 5 },
    "types.attrTag { left = mkOption { type = types.int; default = 5; }; }",
    () => types.attrTag({ left: mkOption({ type: types.int, default: 5 }) }),
  ),
  {
    name: "attrTag declared twice joins the tags",
    nix: `with lib; let r = evalModules { modules = [ { options.a = mkOption { type = types.attrsOf (types.attrTag { yay = mkOption { type = types.int; }; }); }; } { options.a = mkOption { type = types.attrsOf (types.attrTag { nay = mkOption { type = types.bool; }; }); }; } { a.x.yay = 1; a.y.nay = false; } ]; }; in r.config.a`,
    modules: () => [
      { options: { a: mkOption({ type: types.attrsOf(types.attrTag({ yay: mkOption({ type: types.int }) })) }) } },
      { options: { a: mkOption({ type: types.attrsOf(types.attrTag({ nay: mkOption({ type: types.bool }) })) }) } },
      { a: { x: { yay: 1 }, y: { nay: false } } },
    ],
    read: "a",
    expect: { value: { x: { yay: 1 }, y: { nay: false } } },
  },
  {
    name: "attrTag's sub-options are its tags, at <name>.<tag> under attrsOf",
    nix: `with lib; map (o: o.name) (optionAttrSetToDocList ((types.attrsOf (types.attrTag ${nixTags})).getSubOptions [ "a" ]))`,
    modules: () => [],
    read: () => optionsToDocList(types.attrsOf(types.attrTag(tsTags())).getSubOptions(["a"])).map((o) => o.name),
    expect: { value: ["a.<name>.left", "a.<name>.right"] },
  },
];
