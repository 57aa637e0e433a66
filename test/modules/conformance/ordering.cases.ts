import { mkAfter, mkBefore, mkDefault, mkForce, mkIf, mkMerge, mkOption, mkOrder, types } from "../../../src/index.js";
import { type ConformanceCase, nixEval, value } from "./case.js";

const decl = () => ({
  _file: "declare-l.ts",
  options: { l: mkOption({ type: types.listOf(types.str), default: [] }) },
});
const declNix = `{ _file = "declare-l.ts"; options.l = mkOption { type = types.listOf types.str; default = [ ]; }; }`;
const linesDecl = () => ({ options: { s: mkOption({ type: types.lines, default: "" }) } });
const linesDeclNix = `{ options.s = mkOption { type = types.lines; default = ""; }; }`;
const read = "l";

export const cases: ConformanceCase[] = [
  {
    name: "mkBefore puts a definition first",
    nix: nixEval([declNix, `{ l = [ "plain" ]; }`, `{ l = mkBefore [ "before" ]; }`], { read }),
    modules: () => [decl(), { l: ["plain"] }, { l: mkBefore(["before"]) }],
    read,
    expect: value(["before", "plain"]),
  },
  {
    name: "mkAfter puts a definition last",
    nix: nixEval([declNix, `{ l = mkAfter [ "after" ]; }`, `{ l = [ "plain" ]; }`], { read }),
    modules: () => [decl(), { l: mkAfter(["after"]) }, { l: ["plain"] }],
    read,
    expect: value(["plain", "after"]),
  },
  {
    name: "mkBefore, plain and mkAfter sort by order whatever the module order",
    nix: nixEval([declNix, `{ l = mkAfter [ "after" ]; }`, `{ l = [ "plain" ]; }`, `{ l = mkBefore [ "before" ]; }`], {
      read,
    }),
    modules: () => [decl(), { l: mkAfter(["after"]) }, { l: ["plain"] }, { l: mkBefore(["before"]) }],
    read,
    expect: value(["before", "plain", "after"]),
  },
  {
    name: "mkOrder sorts by number, lowest first",
    nix: nixEval(
      [declNix, `{ l = mkOrder 300 [ "300" ]; }`, `{ l = mkOrder 100 [ "100" ]; }`, `{ l = mkOrder 200 [ "200" ]; }`],
      { read },
    ),
    modules: () => [decl(), { l: mkOrder(300, ["300"]) }, { l: mkOrder(100, ["100"]) }, { l: mkOrder(200, ["200"]) }],
    read,
    expect: value(["100", "200", "300"]),
  },
  {
    name: "mkOrder 1000 sits with plain definitions, keeping merge order (stable sort)",
    nix: nixEval([declNix, `{ l = [ "p1" ]; }`, `{ l = mkOrder 1000 [ "o" ]; }`, `{ l = [ "p3" ]; }`], { read }),
    modules: () => [decl(), { l: ["p1"] }, { l: mkOrder(1000, ["o"]) }, { l: ["p3"] }],
    read,
    expect: value(["p3", "o", "p1"]),
  },
  {
    name: "two mkBefore definitions keep merge order between them",
    nix: nixEval([declNix, `{ l = mkBefore [ "b1" ]; }`, `{ l = mkBefore [ "b2" ]; }`, `{ l = [ "plain" ]; }`], {
      read,
    }),
    modules: () => [decl(), { l: mkBefore(["b1"]) }, { l: mkBefore(["b2"]) }, { l: ["plain"] }],
    read,
    expect: value(["b2", "b1", "plain"]),
  },
  {
    name: "mkOrder below mkBefore goes first",
    nix: nixEval([declNix, `{ l = mkBefore [ "before" ]; }`, `{ l = mkOrder 10 [ "ten" ]; }`], { read }),
    modules: () => [decl(), { l: mkBefore(["before"]) }, { l: mkOrder(10, ["ten"]) }],
    read,
    expect: value(["ten", "before"]),
  },
  {
    name: "mkOrder applies within a single module's mkMerge",
    nix: nixEval([declNix, `{ l = mkMerge [ (mkAfter [ "z" ]) [ "m" ] (mkBefore [ "a" ]) ]; }`], { read }),
    modules: () => [decl(), { l: mkMerge([mkAfter(["z"]), ["m"], mkBefore(["a"])]) }],
    read,
    expect: value(["a", "m", "z"]),
  },
  {
    name: "mkAfter inside mkIf still orders",
    nix: nixEval([declNix, `{ l = mkIf true (mkAfter [ "late" ]); }`, `{ l = [ "plain" ]; }`], { read }),
    modules: () => [decl(), { l: mkIf(true, mkAfter(["late"])) }, { l: ["plain"] }],
    read,
    expect: value(["plain", "late"]),
  },
  {
    name: "mkBefore and mkForce: priority filters first, then order sorts",
    nix: nixEval(
      [
        declNix,
        `{ l = mkBefore [ "before" ]; }`,
        `{ l = mkForce [ "forced" ]; }`,
        `{ l = mkForce (mkAfter [ "forced-after" ]); }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { l: mkBefore(["before"]) },
      { l: mkForce(["forced"]) },
      { l: mkForce(mkAfter(["forced-after"])) },
    ],
    read,
    expect: value(["forced", "forced-after"]),
  },
  {
    name: "mkDefault mkBefore loses to plain definitions",
    nix: nixEval([declNix, `{ l = mkDefault (mkBefore [ "d" ]); }`, `{ l = [ "plain" ]; }`], { read }),
    modules: () => [decl(), { l: mkDefault(mkBefore(["d"])) }, { l: ["plain"] }],
    read,
    expect: value(["plain"]),
  },
  {
    name: "mkBefore on lines puts text first",
    nix: nixEval([linesDeclNix, `{ s = "middle"; }`, `{ s = mkBefore "first"; }`, `{ s = mkAfter "last"; }`], {
      read: "s",
    }),
    modules: () => [linesDecl(), { s: "middle" }, { s: mkBefore("first") }, { s: mkAfter("last") }],
    read: "s",
    expect: value("first\nmiddle\nlast"),
  },
  {
    name: "lines from several modules join last module first",
    nix: nixEval([linesDeclNix, `{ s = "one"; }`, `{ s = "two"; }`, `{ s = "three"; }`], { read: "s" }),
    modules: () => [linesDecl(), { s: "one" }, { s: "two" }, { s: "three" }],
    read: "s",
    expect: value("three\ntwo\none"),
  },
  {
    name: "list definitions from sibling modules concatenate last module first",
    nix: nixEval([declNix, `{ l = [ "a" "b" ]; }`, `{ l = [ "c" ]; }`], { read }),
    modules: () => [decl(), { l: ["a", "b"] }, { l: ["c"] }],
    read,
    expect: value(["c", "a", "b"]),
  },
  {
    name: "the declaring module's own list definition comes last when it is listed first",
    nix: nixEval(
      [`{ options.l = mkOption { type = types.listOf types.str; }; config.l = [ "decl" ]; }`, `{ l = [ "other" ]; }`],
      { read },
    ),
    modules: () => [
      { options: { l: mkOption({ type: types.listOf(types.str) }) }, config: { l: ["decl"] } },
      { l: ["other"] },
    ],
    read,
    expect: value(["other", "decl"]),
  },
  {
    name: "imports of an earlier module come after a later sibling's imports",
    nix: nixEval([declNix, `{ imports = [ { l = [ "i1" ]; } ]; }`, `{ imports = [ { l = [ "i2" ]; } ]; }`], { read }),
    modules: () => [decl(), { imports: [{ l: ["i1"] }] }, { imports: [{ l: ["i2"] }] }],
    read,
    expect: value(["i2", "i1"]),
  },
  {
    name: "a deeper import comes before all shallower modules",
    nix: nixEval(
      [declNix, `{ l = [ "top" ]; imports = [ { imports = [ { l = [ "deep" ]; } ]; } ]; }`, `{ l = [ "sibling" ]; }`],
      { read },
    ),
    modules: () => [decl(), { l: ["top"], imports: [{ imports: [{ l: ["deep"] }] }] }, { l: ["sibling"] }],
    read,
    expect: value(["deep", "sibling", "top"]),
  },
  {
    name: "imports within one module merge last import first",
    nix: nixEval([declNix, `{ imports = [ { l = [ "x" ]; } { l = [ "y" ]; } { l = [ "z" ]; } ]; }`], { read }),
    modules: () => [decl(), { imports: [{ l: ["x"] }, { l: ["y"] }, { l: ["z"] }] }],
    read,
    expect: value(["z", "y", "x"]),
  },
  {
    name: "mkBefore in a deep import still goes first",
    nix: nixEval(
      [declNix, `{ l = [ "top" ]; }`, `{ imports = [ { imports = [ { l = mkBefore [ "deep-before" ]; } ]; } ]; }`],
      { read },
    ),
    modules: () => [decl(), { l: ["top"] }, { imports: [{ imports: [{ l: mkBefore(["deep-before"]) }] }] }],
    read,
    expect: value(["deep-before", "top"]),
  },
  {
    name: "extendModules' modules merge before the original ones",
    nix: nixEval([declNix, `{ l = [ "orig1" ]; }`, `{ l = [ "orig2" ]; }`], {
      tail: `(r.extendModules { modules = [ { l = [ "ext" ]; } ]; }).config.l`,
    }),
    modules: () => [decl(), { l: ["orig1"] }, { l: ["orig2"] }],
    read: (r) => r.extendModules({ modules: [{ l: ["ext"] }] }).config.l,
    expect: value(["ext", "orig2", "orig1"]),
  },
  {
    name: "attribute-set definitions merge per key regardless of module order",
    nix: nixEval(
      [`{ options.s = mkOption { type = types.attrsOf types.str; }; }`, `{ s.b = "2"; }`, `{ s.a = "1"; }`],
      { read: "s" },
    ),
    modules: () => [
      { options: { s: mkOption({ type: types.attrsOf(types.str) }) } },
      { s: { b: "2" } },
      { s: { a: "1" } },
    ],
    read: "s",
    expect: value({ a: "1", b: "2" }),
  },
  {
    name: "lists inside attrsOf concatenate last module first per key",
    nix: nixEval(
      [
        `{ options.s = mkOption { type = types.attrsOf (types.listOf types.int); }; }`,
        `{ s.k = [ 1 ]; }`,
        `{ s.k = [ 2 ]; }`,
      ],
      { read: "s.k" },
    ),
    modules: () => [
      { options: { s: mkOption({ type: types.attrsOf(types.listOf(types.int)) }) } },
      { s: { k: [1] } },
      { s: { k: [2] } },
    ],
    read: "s.k",
    expect: value([2, 1]),
  },
];
