/** The documentation list (lib.optionAttrSetToDocList / optionsToDocList): stable fields only. */
import { types, mkOption, mkEnableOption, optionsToDocList } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";

/** Nix: the doc list of `mods`, without `_module` options, reduced to stable fields. */
const nixDocs = (mods: string) =>
  `with lib; map (o: { inherit (o) name type readOnly internal visible description; default = o.default.text or null; example = o.example.text or null; }) ` +
  `(filter (o: !(elem "_module" o.loc)) (optionAttrSetToDocList (evalModules { modules = [ ${mods} ]; }).options))`;
const tsDocs = (r: any) =>
  optionsToDocList(r.options)
    .filter((o: any) => !/(^|\.)_module(\.|$)/.test(o.name))
    .map((o: any) => ({
      name: o.name,
      type: o.type,
      readOnly: o.readOnly,
      internal: o.internal,
      visible: o.visible,
      description: o.description ?? null,
      default: o.default?.text ?? null,
      example: o.example?.text ?? null,
    }));
const entry = (name: string, type: string, more: Record<string, unknown> = {}) => ({
  name,
  type,
  readOnly: false,
  internal: false,
  visible: true,
  description: null,
  default: null,
  example: null,
  ...more,
});

export const cases: ConformanceCase[] = [
  {
    name: "doc list: name, type description, description and rendered integer default",
    nix: nixDocs(`{ options.port = mkOption { type = types.port; default = 80; description = "The port."; }; }`),
    modules: () => [{ options: { port: mkOption({ type: types.port, default: 80, description: "The port." }) } }],
    read: tsDocs,
    expect: {
      value: [
        entry("port", "16 bit unsigned integer; between 0 and 65535 (both inclusive)", {
          description: "The port.",
          default: "80",
        }),
      ],
    },
  },
  {
    name: "doc list: options are sorted by name, nested names dotted",
    nix: nixDocs(
      `{ options.z = mkOption { type = types.str; }; options.a.b = mkOption { type = types.bool; }; options.m = mkOption { type = types.int; }; }`,
    ),
    modules: () => [
      {
        options: {
          z: mkOption({ type: types.str }),
          a: { b: mkOption({ type: types.bool }) },
          m: mkOption({ type: types.int }),
        },
      },
    ],
    read: tsDocs,
    expect: { value: [entry("a.b", "boolean"), entry("m", "signed integer"), entry("z", "string")] },
  },
  {
    name: "doc list: string, list and attribute set defaults render as Nix",
    nix: nixDocs(
      `{ options.s = mkOption { type = types.str; default = "hi"; }; options.l = mkOption { type = types.listOf types.int; default = [ 1 2 ]; }; options.e = mkOption { type = types.attrsOf types.int; default = { }; }; options.n = mkOption { type = types.nullOr types.int; default = null; }; }`,
    ),
    modules: () => [
      {
        options: {
          s: mkOption({ type: types.str, default: "hi" }),
          l: mkOption({ type: types.listOf(types.int), default: [1, 2] }),
          e: mkOption({ type: types.attrsOf(types.int), default: {} }),
          n: mkOption({ type: types.nullOr(types.int), default: null }),
        },
      },
    ],
    read: tsDocs,
    expect: {
      value: [
        entry("e", "attribute set of signed integer", { default: "{ }" }),
        entry("l", "list of signed integer", { default: "[\n  1\n  2\n]" }),
        entry("n", "null or signed integer", { default: "null" }),
        entry("s", "string", { default: '"hi"' }),
      ],
    },
  },
  {
    name: "doc list: mkEnableOption is a boolean with default false and example true",
    nix: nixDocs(`{ options.enable = mkEnableOption "the widget"; }`),
    modules: () => [{ options: { enable: mkEnableOption("the widget") } }],
    read: tsDocs,
    expect: {
      value: [
        entry("enable", "boolean", { description: "Whether to enable the widget.", default: "false", example: "true" }),
      ],
    },
  },
  {
    name: "doc list: readOnly, internal and visible flags",
    nix: nixDocs(
      `{ options.r = mkOption { type = types.str; readOnly = true; internal = true; visible = false; default = "x"; }; }`,
    ),
    modules: () => [
      { options: { r: mkOption({ type: types.str, readOnly: true, internal: true, visible: false, default: "x" }) } },
    ],
    read: tsDocs,
    expect: { value: [entry("r", "string", { readOnly: true, internal: true, visible: false, default: '"x"' })] },
  },
  {
    name: "doc list: example values render as Nix",
    nix: nixDocs(`{ options.x = mkOption { type = types.attrsOf types.str; example = { a = "b"; }; }; }`),
    modules: () => [{ options: { x: mkOption({ type: types.attrsOf(types.str), example: { a: "b" } }) } }],
    read: tsDocs,
    expect: { value: [entry("x", "attribute set of string", { example: '{\n  a = "b";\n}' })] },
  },
  {
    name: "doc list: submodule options follow their parent, with <name> for attrsOf",
    nix: nixDocs(
      `{ options.hosts = mkOption { type = types.attrsOf (types.submodule { options.ip = mkOption { type = types.str; }; options.port = mkOption { type = types.port; default = 22; }; }); default = { }; }; }`,
    ),
    modules: () => [
      {
        options: {
          hosts: mkOption({
            type: types.attrsOf(
              types.submodule({
                options: { ip: mkOption({ type: types.str }), port: mkOption({ type: types.port, default: 22 }) },
              }),
            ),
            default: {},
          }),
        },
      },
    ],
    read: tsDocs,
    expect: {
      value: [
        entry("hosts", "attribute set of (submodule)", { default: "{ }" }),
        entry("hosts.<name>.ip", "string"),
        entry("hosts.<name>.port", "16 bit unsigned integer; between 0 and 65535 (both inclusive)", { default: "22" }),
      ],
    },
  },
  {
    name: "doc list: listOf submodule options use *",
    nix: nixDocs(
      `{ options.rules = mkOption { type = types.listOf (types.submodule { options.allow = mkOption { type = types.bool; }; }); }; }`,
    ),
    modules: () => [
      {
        options: {
          rules: mkOption({
            type: types.listOf(types.submodule({ options: { allow: mkOption({ type: types.bool }) } })),
          }),
        },
      },
    ],
    read: tsDocs,
    expect: { value: [entry("rules", "list of (submodule)"), entry("rules.*.allow", "boolean")] },
  },
  {
    name: "doc list: a plain submodule option lists its nested options directly",
    nix: nixDocs(
      `{ options.web = mkOption { type = types.submodule { options.root = mkOption { type = types.path; }; }; }; }`,
    ),
    modules: () => [
      { options: { web: mkOption({ type: types.submodule({ options: { root: mkOption({ type: types.path }) } }) }) } },
    ],
    read: tsDocs,
    expect: { value: [entry("web", "submodule"), entry("web.root", "absolute path")] },
  },
  {
    name: "doc list: composite type descriptions",
    nix: nixDocs(
      `{ options.a = mkOption { type = types.either types.int (types.listOf types.str); }; options.b = mkOption { type = types.enum [ "x" "y" ]; }; options.c = mkOption { type = types.coercedTo types.int toString types.str; }; options.d = mkOption { type = types.functionTo types.bool; }; options.e = mkOption { type = types.nonEmptyListOf types.int; }; options.f = mkOption { type = types.lazyAttrsOf (types.nullOr types.str); }; }`,
    ),
    modules: () => [
      {
        options: {
          a: mkOption({ type: types.either(types.int, types.listOf(types.str)) }),
          b: mkOption({ type: types.enum(["x", "y"]) }),
          c: mkOption({ type: types.coercedTo(types.int, String, types.str) }),
          d: mkOption({ type: types.functionTo(types.bool) }),
          e: mkOption({ type: types.nonEmptyListOf(types.int) }),
          f: mkOption({ type: types.lazyAttrsOf(types.nullOr(types.str)) }),
        },
      },
    ],
    read: tsDocs,
    expect: {
      value: [
        entry("a", "signed integer or list of string"),
        entry("b", 'one of "x", "y"'),
        entry("c", "string or signed integer convertible to it"),
        entry("d", "function that evaluates to a(n) boolean"),
        entry("e", "non-empty (list of signed integer)"),
        entry("f", "lazy attribute set of (null or string)"),
      ],
    },
  },
];
