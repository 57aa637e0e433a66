import { mkEnableOption, mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const opt = (file: string, o: Record<string, unknown>) => ({ _file: file, options: { x: mkOption(o as any) } });
const optNix = (file: string, o: string) => `{ _file = "${file}"; options.x = mkOption { ${o} }; }`;
const already = /The option `x' in `a\.ts' is already declared in `b\.ts'\./;

export const cases: ConformanceCase[] = [
  {
    name: "mkOption default is the value when nothing is defined",
    nix: nixEval([optNix("a.ts", "type = types.int; default = 4;")], { read: "x" }),
    modules: () => [opt("a.ts", { type: types.int, default: 4 })],
    read: "x",
    expect: value(4),
  },
  {
    name: "mkOption without a type accepts a value",
    nix: nixEval([optNix("a.ts", ""), `{ x = { a = 1; }; }`], { read: "x" }),
    modules: () => [opt("a.ts", {}), { x: { a: 1 } }],
    read: "x",
    expect: value({ a: 1 }),
  },
  {
    name: "mkOption description is exposed on the option",
    nix: nixEval([optNix("a.ts", `type = types.int; default = 1; description = "The x.";`)], {
      tail: "r.options.x.description",
    }),
    modules: () => [opt("a.ts", { type: types.int, default: 1, description: "The x." })],
    read: (r) => r.options.x.description,
    expect: value("The x."),
  },
  {
    name: "mkOption example is exposed on the option",
    nix: nixEval([optNix("a.ts", `type = types.int; example = 42;`)], { tail: "r.options.x.example" }),
    modules: () => [opt("a.ts", { type: types.int, example: 42 })],
    read: (r) => r.options.x.example,
    expect: value(42),
  },
  {
    name: "mkOption default is exposed on the option",
    nix: nixEval([optNix("a.ts", `type = types.int; default = 7;`)], { tail: "r.options.x.default" }),
    modules: () => [opt("a.ts", { type: types.int, default: 7 })],
    read: (r) => r.options.x.default,
    expect: value(7),
  },
  {
    name: "a default of null is a default (presence, not value, counts)",
    nix: nixEval([optNix("a.ts", `type = types.nullOr types.int; default = null;`)], { read: "x" }),
    modules: () => [opt("a.ts", { type: types.nullOr(types.int), default: null })],
    read: "x",
    expect: value(null),
  },
  {
    name: "readOnly is exposed on the option",
    nix: nixEval([optNix("a.ts", `type = types.int; default = 1; readOnly = true;`)], { tail: "r.options.x.readOnly" }),
    modules: () => [opt("a.ts", { type: types.int, default: 1, readOnly: true })],
    read: (r) => r.options.x.readOnly,
    expect: value(true),
  },
  {
    name: "internal and visible are exposed on the option",
    nix: nixEval([optNix("a.ts", `default = 1; internal = true; visible = false;`)], {
      tail: "[ r.options.x.internal r.options.x.visible ]",
    }),
    modules: () => [opt("a.ts", { default: 1, internal: true, visible: false })],
    read: (r) => [r.options.x.internal, r.options.x.visible],
    expect: value([true, false]),
  },
  {
    name: "mkEnableOption is a bool option defaulting to false",
    nix: nixEval([`{ options.e = mkEnableOption "the thing"; }`], { tail: "[ r.config.e r.options.e.type.name ]" }),
    modules: () => [{ options: { e: mkEnableOption("the thing") } }],
    read: (r) => [r.config.e, r.options.e.type.name],
    expect: value([false, "bool"]),
  },
  {
    name: "mkEnableOption describes itself as 'Whether to enable <name>.'",
    nix: nixEval([`{ options.e = mkEnableOption "the thing"; }`], { tail: "r.options.e.description" }),
    modules: () => [{ options: { e: mkEnableOption("the thing") } }],
    read: (r) => r.options.e.description,
    expect: value("Whether to enable the thing."),
  },
  {
    name: "mkEnableOption has example true",
    nix: nixEval([`{ options.e = mkEnableOption "the thing"; }`], { tail: "r.options.e.example" }),
    modules: () => [{ options: { e: mkEnableOption("the thing") } }],
    read: (r) => r.options.e.example,
    expect: value(true),
  },
  {
    name: "an mkEnableOption option can be enabled",
    nix: nixEval([`{ options.e = mkEnableOption "the thing"; }`, `{ e = true; }`], { read: "e" }),
    modules: () => [{ options: { e: mkEnableOption("the thing") } }, { e: true }],
    read: "e",
    expect: value(true),
  },
  {
    name: "an option declared in two modules merges: type from one, default from the other",
    nix: nixEval([optNix("a.ts", "type = types.int;"), optNix("b.ts", "default = 3;")], { read: "x" }),
    modules: () => [opt("a.ts", { type: types.int }), opt("b.ts", { default: 3 })],
    read: "x",
    expect: value(3),
  },
  {
    name: "an option declared in two modules lists both declarations, last module first",
    nix: nixEval([optNix("a.ts", "type = types.int;"), optNix("b.ts", "default = 3;")], {
      tail: "r.options.x.declarations",
    }),
    modules: () => [opt("a.ts", { type: types.int }), opt("b.ts", { default: 3 })],
    read: (r) => r.options.x.declarations,
    expect: value(["b.ts", "a.ts"]),
  },
  {
    name: "an option declared twice with the same type and one description merges",
    nix: nixEval(
      [optNix("a.ts", `type = types.int; description = "d";`), optNix("b.ts", "type = types.int; default = 1;")],
      { tail: "[ r.config.x r.options.x.description ]" },
    ),
    modules: () => [opt("a.ts", { type: types.int, description: "d" }), opt("b.ts", { type: types.int, default: 1 })],
    read: (r) => [r.config.x, r.options.x.description],
    expect: value([1, "d"]),
  },
  {
    name: "an option declared twice with a default each is already declared",
    nix: nixEval([optNix("a.ts", "type = types.int; default = 1;"), optNix("b.ts", "type = types.int; default = 2;")], {
      read: "x",
    }),
    modules: () => [opt("a.ts", { type: types.int, default: 1 }), opt("b.ts", { type: types.int, default: 2 })],
    read: "x",
    expect: error("DECLARATION_CONFLICT", already),
  },
  {
    name: "an option declared twice with a description each is already declared",
    nix: nixEval([optNix("a.ts", `description = "one";`), optNix("b.ts", `description = "two";`)], { read: "x" }),
    modules: () => [opt("a.ts", { description: "one" }), opt("b.ts", { description: "two" })],
    read: "x",
    expect: error("DECLARATION_CONFLICT", already),
  },
  {
    name: "an option declared twice with an example each is already declared",
    nix: nixEval([optNix("a.ts", `example = 1;`), optNix("b.ts", `example = 2;`)], { read: "x" }),
    modules: () => [opt("a.ts", { example: 1 }), opt("b.ts", { example: 2 })],
    read: "x",
    expect: error("DECLARATION_CONFLICT", already),
  },
  {
    name: "an option declared twice with an apply each is already declared",
    nix: nixEval([optNix("a.ts", `apply = v: v;`), optNix("b.ts", `apply = v: v;`), `{ x = 1; }`], { read: "x" }),
    modules: () => [opt("a.ts", { apply: (v: unknown) => v }), opt("b.ts", { apply: (v: unknown) => v }), { x: 1 }],
    read: "x",
    expect: error("DECLARATION_CONFLICT", already),
  },
  {
    name: "an option declared twice with types that do not merge is already declared",
    nix: nixEval([optNix("a.ts", `type = types.int;`), optNix("b.ts", `type = types.str;`)], { read: "x" }),
    modules: () => [opt("a.ts", { type: types.int }), opt("b.ts", { type: types.str })],
    read: "x",
    expect: error("DECLARATION_CONFLICT", already),
  },
  {
    name: "an already-declared error names the first module's file in the reverse merge order",
    nix: nixEval([optNix("b.ts", "default = 1;"), optNix("a.ts", "default = 2;")], { read: "x" }),
    modules: () => [opt("b.ts", { default: 1 }), opt("a.ts", { default: 2 })],
    read: "x",
    expect: error("DECLARATION_CONFLICT", /The option `x' in `b\.ts' is already declared in `a\.ts'\./),
  },
  {
    name: "the already-declared check also applies to nested option paths",
    nix: nixEval(
      [
        `{ _file = "a.ts"; options.s.x = mkOption { default = 1; }; }`,
        `{ _file = "b.ts"; options.s.x = mkOption { default = 2; }; }`,
      ],
      { read: "s.x" },
    ),
    modules: () => [
      { _file: "a.ts", options: { s: { x: mkOption({ default: 1 }) } } },
      { _file: "b.ts", options: { s: { x: mkOption({ default: 2 }) } } },
    ],
    read: "s.x",
    expect: error("DECLARATION_CONFLICT", /The option `s\.x' in `a\.ts' is already declared in `b\.ts'\./),
  },
  {
    name: "option trees from several modules merge into one namespace",
    nix: nixEval([`{ options.s.a = mkOption { default = 1; }; }`, `{ options.s.b = mkOption { default = 2; }; }`], {
      read: "s",
    }),
    modules: () => [
      { options: { s: { a: mkOption({ default: 1 }) } } },
      { options: { s: { b: mkOption({ default: 2 }) } } },
    ],
    read: "s",
    expect: value({ a: 1, b: 2 }),
  },
  {
    name: "an option cannot be the parent of other options unless its type is a submodule",
    nix: nixEval(
      [
        `{ _file = "leaf.ts"; options.x = mkOption { type = types.int; default = 1; }; }`,
        `{ _file = "nested.ts"; options.x.y = mkOption { default = 1; }; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      { _file: "leaf.ts", options: { x: mkOption({ type: types.int, default: 1 }) } },
      { _file: "nested.ts", options: { x: { y: mkOption({ default: 1 }) } } },
    ],
    read: "x",
    expect: error(
      "DECLARATION_CONFLICT",
      /The option `x' in module `leaf\.ts' would be a parent of the following options, but its type `signed integer' does not support nested options\.\n\s*- option\(s\) with prefix `x\.y' in module `nested\.ts'/,
    ),
  },
  {
    name: "options declared under a submodule-typed option extend the submodule",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.submodule { options.a = mkOption { default = 1; }; }; default = { }; }; }`,
        `{ options.s.b = mkOption { default = 2; }; }`,
      ],
      { read: "s" },
    ),
    modules: () => [
      {
        options: { s: mkOption({ type: types.submodule({ options: { a: mkOption({ default: 1 }) } }), default: {} }) },
      },
      { options: { s: { b: mkOption({ default: 2 }) } } },
    ],
    read: "s",
    expect: value({ a: 1, b: 2 }),
  },
  {
    name: "the declared option's type description is available",
    nix: nixEval([optNix("a.ts", "type = types.listOf types.int; default = [ ];")], {
      tail: "r.options.x.type.description",
    }),
    modules: () => [opt("a.ts", { type: types.listOf(types.int), default: [] })],
    read: (r) => r.options.x.type.description,
    expect: value("list of signed integer"),
  },

  {
    name: "attributes given by several declarations: the last module's declaration wins (readOnly false)",
    nix: nixEval(
      [
        optNix("a.ts", "type = types.int; readOnly = true;"),
        optNix("b.ts", "type = types.int; readOnly = false;"),
        `{ x = 1; }`,
        `{ x = 1; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      opt("a.ts", { type: types.int, readOnly: true }),
      opt("b.ts", { type: types.int, readOnly: false }),
      { x: 1 },
      { x: 1 },
    ],
    read: "x",
    expect: value(1),
  },
  {
    name: "attributes given by several declarations: the last module's declaration wins (readOnly true)",
    nix: nixEval(
      [
        optNix("a.ts", "type = types.int; readOnly = false;"),
        optNix("b.ts", "type = types.int; readOnly = true;"),
        `{ x = 1; }`,
        `{ x = 1; }`,
      ],
      { read: "x" },
    ),
    modules: () => [
      opt("a.ts", { type: types.int, readOnly: false }),
      opt("b.ts", { type: types.int, readOnly: true }),
      { x: 1 },
      { x: 1 },
    ],
    read: "x",
    expect: error("READ_ONLY", /The option `x' is read-only, but it's set multiple times/),
  },
];
