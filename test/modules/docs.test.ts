// Unit tests of src/modules/docs.ts beyond the conformance table (doc-list.cases.ts).
// Expected renderings were checked with nix-oracle against lib.options.renderOptionValue.
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkOption,
  types,
  mkAliasOptionModule,
  mkRenamedOptionModule,
  optionsToDocList,
  renderOptionValue,
  renderOptionsMarkdown,
  literalExpression,
  literalMD,
  showOptionPath,
  toPretty,
} from "../../src/index.js";

/** The doc list without the internal `_module` options (which it does list, as the reference). */
const docs = (modules: unknown[]) =>
  optionsToDocList(evalModules({ modules }).options).filter((o) => !o.loc.includes("_module"));

describe("renderOptionValue / toPretty", () => {
  it.each([
    ["a\nb", "''\n  a\n  b''"],
    ["a\nb\n", "''\n  a\n  b\n''"],
    ["x${y}''z\nq", "''\n  x''${y}'''z\n  q''"],
    ['q"\\${', '"q\\"\\\\\\${"'],
    [
      { "a b": 1, x$y: [1, { c: "d\ne" }], z: {} },
      "{\n  \"a b\" = 1;\n  \"x\\$y\" = [\n    1\n    {\n      c = ''\n        d\n        e'';\n    }\n  ];\n  z = { };\n}",
    ],
    [1.5, "1.5"],
    [(x: unknown) => x, "<function>"],
    [{ type: "derivation", name: "hello", outPath: "/nix/store/x" }, "<derivation hello>"],
    [[[], [1]], "[\n  [ ]\n  [\n    1\n  ]\n]"],
  ])("renders %s as the reference", (v, text) => {
    expect(renderOptionValue(v)).toEqual({ _type: "literalExpression", text });
  });

  it("keeps literalExpression and literalMD as they are", () => {
    expect(renderOptionValue(literalMD("*md*"))).toEqual({ _type: "literalMD", text: "*md*" });
    expect(renderOptionValue(literalExpression("pkgs.hello"))).toEqual({
      _type: "literalExpression",
      text: "pkgs.hello",
    });
  });

  it("leaves out undefined attributes, as JSON does", () => {
    expect(toPretty({ a: 1, b: undefined })).toBe("{\n  a = 1;\n}");
  });
});

describe("showOptionPath", () => {
  it("quotes as the reference, placeholders bare", () => {
    expect(showOptionPath(["a", "x$y", "<n>", "*", "b.c", "1a"])).toBe('a."x\\$y".<n>.*."b.c"."1a"');
  });
});

describe("optionsToDocList", () => {
  it("prefers defaultText over default", () => {
    const [o] = docs([
      { options: { p: mkOption({ type: types.str, default: "x", defaultText: literalExpression("config.y") }) } },
    ]);
    expect(o!.default).toEqual({ _type: "literalExpression", text: "config.y" });
  });

  it("lists declaring files and the location", () => {
    const [o] = docs([{ _file: "web.ts", options: { web: { port: mkOption({ type: types.port }) } } }]);
    expect(o).toMatchObject({ loc: ["web", "port"], name: "web.port", declarations: ["web.ts"] });
  });

  it("skips the sub-options of invisible and shallow options", () => {
    const sub = () => types.submodule({ options: { x: mkOption({ type: types.int }) } });
    const names = docs([
      {
        options: {
          a: mkOption({ type: sub(), visible: false }),
          b: mkOption({ type: sub(), visible: "shallow" }),
          c: mkOption({ type: sub() }),
        },
      },
    ]).map((o) => [o.name, o.visible]);
    expect(names).toEqual([
      ["a", false],
      ["b", true],
      ["c", true],
      ["c.x", true],
    ]);
  });

  it("documents an alias with the target's type; a renamed option is hidden", () => {
    const list = docs([
      { options: { new: mkOption({ type: types.int, default: 0 }) } },
      mkAliasOptionModule(["alias"], ["new"]),
      mkRenamedOptionModule(["old"], ["new"]),
    ]);
    expect(list.map((o) => [o.name, o.type, o.visible, o.description])).toEqual([
      ["alias", "signed integer", true, "Alias of {option}`new`."],
      ["new", "signed integer", true, null],
      ["old", "signed integer", false, "Alias of {option}`new`."],
    ]);
  });
});

describe("renderOptionsMarkdown", () => {
  it("renders visible options with type, default, example and files", () => {
    const list = docs([
      {
        _file: "web.ts",
        options: {
          port: mkOption({ type: types.port, default: 80, description: "The port.", example: 8080 }),
          tags: mkOption({ type: types.listOf(types.str), default: ["a"] }),
          hidden: mkOption({ type: types.int, internal: true }),
        },
      },
    ]);
    expect(renderOptionsMarkdown(list)).toBe(
      [
        "## `port`",
        "",
        "The port.",
        "",
        "*Type:* 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
        "",
        "*Default:* `80`",
        "",
        "*Example:* `8080`",
        "",
        "*Declared by:*\n- `web.ts`",
        "",
        "## `tags`",
        "",
        "*Type:* list of string",
        "",
        '*Default:* \n```nix\n[\n  "a"\n]\n```',
        "",
        "*Declared by:*\n- `web.ts`",
        "",
      ].join("\n"),
    );
    expect(renderOptionsMarkdown(list, { includeHidden: true })).toContain("## `hidden`");
    expect(renderOptionsMarkdown([])).toBe("");
  });
});
