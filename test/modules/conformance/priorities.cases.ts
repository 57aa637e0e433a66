import {
  mkDefault,
  mkForce,
  mkImageMediaOverride,
  mkOption,
  mkOptionDefault,
  mkOverride,
  mkVMOverride,
  types,
} from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

const decl = (o: Record<string, unknown> = {}) => ({
  _file: "declare-x.ts",
  options: { x: mkOption({ type: types.str, ...o } as any) },
});
const declNix = (o = "") => `{ _file = "declare-x.ts"; options.x = mkOption { type = types.str; ${o} }; }`;
const def = (file: string, v: unknown) => ({ _file: file, x: v });
const defNix = (file: string, v: string) => `{ _file = "${file}"; x = ${v}; }`;
const read = "x";
const prio = (r: any) => r.options.x.highestPrio;

export const cases: ConformanceCase[] = [
  {
    name: "mkForce beats a plain definition",
    nix: nixEval([declNix(), defNix("a.ts", `"plain"`), defNix("b.ts", `mkForce "forced"`)], { read }),
    modules: () => [decl(), def("a.ts", "plain"), def("b.ts", mkForce("forced"))],
    read,
    expect: value("forced"),
  },
  {
    name: "mkForce beats a plain definition whichever comes first",
    nix: nixEval([declNix(), defNix("b.ts", `mkForce "forced"`), defNix("a.ts", `"plain"`)], { read }),
    modules: () => [decl(), def("b.ts", mkForce("forced")), def("a.ts", "plain")],
    read,
    expect: value("forced"),
  },
  {
    name: "a plain definition beats mkDefault",
    nix: nixEval([declNix(), defNix("a.ts", `mkDefault "default"`), defNix("b.ts", `"plain"`)], { read }),
    modules: () => [decl(), def("a.ts", mkDefault("default")), def("b.ts", "plain")],
    read,
    expect: value("plain"),
  },
  {
    name: "mkDefault beats the option default",
    nix: nixEval([declNix(`default = "opt";`), defNix("a.ts", `mkDefault "mkd"`)], { read }),
    modules: () => [decl({ default: "opt" }), def("a.ts", mkDefault("mkd"))],
    read,
    expect: value("mkd"),
  },
  {
    name: "a plain definition beats the option default",
    nix: nixEval([declNix(`default = "opt";`), defNix("a.ts", `"plain"`)], { read }),
    modules: () => [decl({ default: "opt" }), def("a.ts", "plain")],
    read,
    expect: value("plain"),
  },
  {
    name: "mkOptionDefault ties with the option default and conflicts",
    nix: nixEval([declNix(`default = "opt";`), defNix("a.ts", `mkOptionDefault "optdef"`)], { read }),
    modules: () => [decl({ default: "opt" }), def("a.ts", mkOptionDefault("optdef"))],
    read,
    expect: error("CONFLICT", /The option `x' has conflicting definition values:/),
  },
  {
    name: "mkOptionDefault gives a value when there is no default",
    nix: nixEval([declNix(), defNix("a.ts", `mkOptionDefault "optdef"`)], { read }),
    modules: () => [decl(), def("a.ts", mkOptionDefault("optdef"))],
    read,
    expect: value("optdef"),
  },
  {
    name: "mkDefault beats mkOptionDefault",
    nix: nixEval([declNix(), defNix("a.ts", `mkOptionDefault "optdef"`), defNix("b.ts", `mkDefault "mkd"`)], { read }),
    modules: () => [decl(), def("a.ts", mkOptionDefault("optdef")), def("b.ts", mkDefault("mkd"))],
    read,
    expect: value("mkd"),
  },
  {
    name: "mkVMOverride beats mkForce",
    nix: nixEval([declNix(), defNix("a.ts", `mkForce "force"`), defNix("b.ts", `mkVMOverride "vm"`)], { read }),
    modules: () => [decl(), def("a.ts", mkForce("force")), def("b.ts", mkVMOverride("vm"))],
    read,
    expect: value("vm"),
  },
  {
    name: "mkImageMediaOverride beats a plain definition",
    nix: nixEval([declNix(), defNix("a.ts", `"plain"`), defNix("b.ts", `mkImageMediaOverride "image"`)], { read }),
    modules: () => [decl(), def("a.ts", "plain"), def("b.ts", mkImageMediaOverride("image"))],
    read,
    expect: value("image"),
  },
  {
    name: "mkForce beats mkImageMediaOverride",
    nix: nixEval([declNix(), defNix("a.ts", `mkImageMediaOverride "image"`), defNix("b.ts", `mkForce "force"`)], {
      read,
    }),
    modules: () => [decl(), def("a.ts", mkImageMediaOverride("image")), def("b.ts", mkForce("force"))],
    read,
    expect: value("force"),
  },
  {
    name: "mkVMOverride beats mkImageMediaOverride",
    nix: nixEval([declNix(), defNix("a.ts", `mkVMOverride "vm"`), defNix("b.ts", `mkImageMediaOverride "image"`)], {
      read,
    }),
    modules: () => [decl(), def("a.ts", mkVMOverride("vm")), def("b.ts", mkImageMediaOverride("image"))],
    read,
    expect: value("vm"),
  },
  {
    name: "mkOverride with a lower number wins",
    nix: nixEval(
      [
        declNix(),
        defNix("a.ts", `mkOverride 20 "twenty"`),
        defNix("b.ts", `mkOverride 10 "ten"`),
        defNix("c.ts", `mkOverride 30 "thirty"`),
      ],
      { read },
    ),
    modules: () => [
      decl(),
      def("a.ts", mkOverride(20, "twenty")),
      def("b.ts", mkOverride(10, "ten")),
      def("c.ts", mkOverride(30, "thirty")),
    ],
    read,
    expect: value("ten"),
  },
  {
    name: "mkOverride 100 is the same priority as a plain definition",
    nix: nixEval([declNix(), defNix("a.ts", `mkOverride 100 "same"`), defNix("b.ts", `"same"`)], { read }),
    modules: () => [decl(), def("a.ts", mkOverride(100, "same")), def("b.ts", "same")],
    read,
    expect: value("same"),
  },
  {
    name: "mkOverride 99 beats a plain definition",
    nix: nixEval([declNix(), defNix("a.ts", `"plain"`), defNix("b.ts", `mkOverride 99 "99"`)], { read }),
    modules: () => [decl(), def("a.ts", "plain"), def("b.ts", mkOverride(99, "99"))],
    read,
    expect: value("99"),
  },
  {
    name: "mkOverride 1001 loses to mkDefault",
    nix: nixEval([declNix(), defNix("a.ts", `mkOverride 1001 "1001"`), defNix("b.ts", `mkDefault "mkd"`)], { read }),
    modules: () => [decl(), def("a.ts", mkOverride(1001, "1001")), def("b.ts", mkDefault("mkd"))],
    read,
    expect: value("mkd"),
  },
  {
    name: "mkOverride 0 beats mkVMOverride",
    nix: nixEval([declNix(), defNix("a.ts", `mkVMOverride "vm"`), defNix("b.ts", `mkOverride 0 "zero"`)], { read }),
    modules: () => [decl(), def("a.ts", mkVMOverride("vm")), def("b.ts", mkOverride(0, "zero"))],
    read,
    expect: value("zero"),
  },
  {
    name: "two mkForce definitions with different values conflict",
    nix: nixEval([declNix(), defNix("a.ts", `mkForce "one"`), defNix("b.ts", `mkForce "two"`)], { read }),
    modules: () => [decl(), def("a.ts", mkForce("one")), def("b.ts", mkForce("two"))],
    read,
    expect: error(
      "CONFLICT",
      /The option `x' has conflicting definition values:\n\s*- In `b\.ts': "two"\n\s*- In `a\.ts': "one"\n\s*Use `lib\.mkForce value` or `lib\.mkDefault value` to change the priority on any of these definitions\./,
    ),
  },
  {
    name: "two plain definitions with different values conflict, listing the files last module first",
    nix: nixEval([declNix(), defNix("a.ts", `"one"`), defNix("b.ts", `"two"`)], { read }),
    modules: () => [decl(), def("a.ts", "one"), def("b.ts", "two")],
    read,
    expect: error(
      "CONFLICT",
      /The option `x' has conflicting definition values:\n\s*- In `b\.ts': "two"\n\s*- In `a\.ts': "one"/,
    ),
  },
  {
    name: "two plain definitions with equal values do not conflict",
    nix: nixEval([declNix(), defNix("a.ts", `"same"`), defNix("b.ts", `"same"`)], { read }),
    modules: () => [decl(), def("a.ts", "same"), def("b.ts", "same")],
    read,
    expect: value("same"),
  },
  {
    name: "a losing definition is not type checked",
    nix: nixEval([declNix(), defNix("a.ts", `42`), defNix("b.ts", `mkForce "ok"`)], { read }),
    modules: () => [decl(), def("a.ts", 42), def("b.ts", mkForce("ok"))],
    read,
    expect: value("ok"),
  },
  {
    name: "a conflict between mkDefault values disappears under a plain definition",
    nix: nixEval(
      [declNix(), defNix("a.ts", `mkDefault "d1"`), defNix("b.ts", `mkDefault "d2"`), defNix("c.ts", `"plain"`)],
      { read },
    ),
    modules: () => [decl(), def("a.ts", mkDefault("d1")), def("b.ts", mkDefault("d2")), def("c.ts", "plain")],
    read,
    expect: value("plain"),
  },
  {
    name: "nested overrides: the outermost priority applies",
    nix: nixEval([declNix(), defNix("a.ts", `mkDefault (mkForce "inner-force")`), defNix("b.ts", `"plain"`)], { read }),
    modules: () => [decl(), def("a.ts", mkDefault(mkForce("inner-force"))), def("b.ts", "plain")],
    read,
    expect: value("plain"),
  },
  {
    name: "highestPrio of the option default is 1500",
    nix: nixEval([declNix(`default = "d";`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl({ default: "d" })],
    read: prio,
    expect: value(1500),
  },
  {
    name: "highestPrio of a plain definition is 100",
    nix: nixEval([declNix(`default = "d";`), defNix("a.ts", `"p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl({ default: "d" }), def("a.ts", "p")],
    read: prio,
    expect: value(100),
  },
  {
    name: "highestPrio of mkForce is 50",
    nix: nixEval([declNix(), defNix("a.ts", `mkForce "p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl(), def("a.ts", mkForce("p"))],
    read: prio,
    expect: value(50),
  },
  {
    name: "highestPrio of mkDefault is 1000",
    nix: nixEval([declNix(), defNix("a.ts", `mkDefault "p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl(), def("a.ts", mkDefault("p"))],
    read: prio,
    expect: value(1000),
  },
  {
    name: "highestPrio of mkVMOverride is 10",
    nix: nixEval([declNix(), defNix("a.ts", `mkVMOverride "p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl(), def("a.ts", mkVMOverride("p"))],
    read: prio,
    expect: value(10),
  },
  {
    name: "highestPrio of mkImageMediaOverride is 60",
    nix: nixEval([declNix(), defNix("a.ts", `mkImageMediaOverride "p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl(), def("a.ts", mkImageMediaOverride("p"))],
    read: prio,
    expect: value(60),
  },
  {
    name: "highestPrio of mkOverride n is n",
    nix: nixEval([declNix(), defNix("a.ts", `mkOverride 77 "p"`)], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl(), def("a.ts", mkOverride(77, "p"))],
    read: prio,
    expect: value(77),
  },
  {
    name: "highestPrio of an undefined option without default is 9999",
    nix: nixEval([declNix()], { tail: "r.options.x.highestPrio" }),
    modules: () => [decl()],
    read: prio,
    expect: value(9999),
  },
  {
    name: "only the winning definitions are listed in options.<path>.definitions",
    nix: nixEval([declNix(`default = "d";`), defNix("a.ts", `"plain"`), defNix("b.ts", `mkForce "forced"`)], {
      tail: "r.options.x.definitions",
    }),
    modules: () => [decl({ default: "d" }), def("a.ts", "plain"), def("b.ts", mkForce("forced"))],
    read: (r) => r.options.x.definitions,
    expect: value(["forced"]),
  },
  {
    name: "mkForce on a list replaces the other definitions",
    nix: nixEval(
      [
        `{ options.l = mkOption { type = types.listOf types.int; }; }`,
        `{ l = [ 1 ]; }`,
        `{ l = mkForce [ 2 ]; }`,
        `{ l = [ 3 ]; }`,
      ],
      { read: "l" },
    ),
    modules: () => [
      { options: { l: mkOption({ type: types.listOf(types.int) }) } },
      { l: [1] },
      { l: mkForce([2]) },
      { l: [3] },
    ],
    read: "l",
    expect: value([2]),
  },
  {
    name: "mkDefault list definitions still concatenate among themselves",
    nix: nixEval(
      [
        `{ options.l = mkOption { type = types.listOf types.int; }; }`,
        `{ l = mkDefault [ 1 ]; }`,
        `{ l = mkDefault [ 2 ]; }`,
      ],
      { read: "l" },
    ),
    modules: () => [
      { options: { l: mkOption({ type: types.listOf(types.int) }) } },
      { l: mkDefault([1]) },
      { l: mkDefault([2]) },
    ],
    read: "l",
    expect: value([2, 1]),
  },
  {
    name: "a list option's default is dropped once anything is defined",
    nix: nixEval([`{ options.l = mkOption { type = types.listOf types.int; default = [ 0 ]; }; }`, `{ l = [ 1 ]; }`], {
      read: "l",
    }),
    modules: () => [{ options: { l: mkOption({ type: types.listOf(types.int), default: [0] }) } }, { l: [1] }],
    read: "l",
    expect: value([1]),
  },
  {
    name: "priorities apply inside an attribute-set option per key",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.attrsOf types.int; }; }`,
        `{ s = { a = 1; b = mkForce 2; }; }`,
        `{ s = { a = mkDefault 9; b = 9; }; }`,
      ],
      { read: "s" },
    ),
    modules: () => [
      { options: { s: mkOption({ type: types.attrsOf(types.int) }) } },
      { s: { a: 1, b: mkForce(2) } },
      { s: { a: mkDefault(9), b: 9 } },
    ],
    read: "s",
    expect: value({ a: 1, b: 2 }),
  },
];
