import { mkIf, mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, nixEval, value } from "./case.js";

// `l` is a list option: the order of its concatenated definitions shows which modules
// were collected, once or twice, and in which order they were merged.
const decl = () => ({
  _file: "declare-l.ts",
  options: { l: mkOption({ type: types.listOf(types.str), default: [] }) },
});
const declNix = `{ _file = "declare-l.ts"; options.l = mkOption { type = types.listOf types.str; default = [ ]; }; }`;
const read = "l";

export const cases: ConformanceCase[] = [
  {
    name: "an imported module's options are declared",
    nix: nixEval([`{ imports = [ ${declNix} ]; l = [ "a" ]; }`], { read }),
    modules: () => [{ imports: [decl()], l: ["a"] }],
    read,
    expect: value(["a"]),
  },
  {
    name: "imports are followed recursively",
    nix: nixEval([`{ imports = [ { imports = [ { imports = [ ${declNix} ]; l = [ "deep" ]; } ]; } ]; }`], { read }),
    modules: () => [{ imports: [{ imports: [{ imports: [decl()], l: ["deep"] }] }] }],
    read,
    expect: value(["deep"]),
  },
  {
    name: "the modules list is merged last module first",
    nix: nixEval([declNix, `{ l = [ "1" ]; }`, `{ l = [ "2" ]; }`, `{ l = [ "3" ]; }`], { read }),
    modules: () => [decl(), { l: ["1"] }, { l: ["2"] }, { l: ["3"] }],
    read,
    expect: value(["3", "2", "1"]),
  },
  {
    name: "imports are collected breadth first and merged in reverse: imports of later modules come first",
    nix: nixEval(
      [
        declNix,
        `{ l = [ "1" ]; }`,
        `{ imports = [ { l = [ "2a" ]; } { l = [ "2b" ]; } ]; l = [ "2" ]; }`,
        `{ l = [ "3" ]; }`,
      ],
      { read },
    ),
    modules: () => [decl(), { l: ["1"] }, { imports: [{ l: ["2a"] }, { l: ["2b"] }], l: ["2"] }, { l: ["3"] }],
    read,
    expect: value(["2b", "2a", "3", "2", "1"]),
  },
  {
    name: "a module's own definitions merge after those of the modules it imports",
    nix: nixEval([declNix, `{ imports = [ { l = [ "child" ]; } ]; l = [ "parent" ]; }`], { read }),
    modules: () => [decl(), { imports: [{ l: ["child"] }], l: ["parent"] }],
    read,
    expect: value(["child", "parent"]),
  },
  {
    name: "grandchildren are merged before children across the whole tree",
    nix: nixEval(
      [
        declNix,
        `{ imports = [ { imports = [ { l = [ "a1" ]; } ]; l = [ "a" ]; } ]; l = [ "top1" ]; }`,
        `{ imports = [ { l = [ "b" ]; } ]; l = [ "top2" ]; }`,
      ],
      { read },
    ),
    modules: () => [
      decl(),
      { imports: [{ imports: [{ l: ["a1"] }], l: ["a"] }], l: ["top1"] },
      { imports: [{ l: ["b"] }], l: ["top2"] },
    ],
    read,
    expect: value(["a1", "b", "a", "top2", "top1"]),
  },
  {
    name: "a key imported twice is evaluated once",
    nix: nixEval([declNix, `let m = { key = "/m/shared"; l = [ "s" ]; }; in { imports = [ m m ]; }`], { read }),
    modules: () => {
      const m = { key: "/m/shared", l: ["s"] };
      return [decl(), { imports: [m, m] }];
    },
    read,
    expect: value(["s"]),
  },
  {
    name: "modules with the same key from different parents are evaluated once",
    nix: nixEval(
      [
        declNix,
        `{ imports = [ { key = "/m/k"; l = [ "x" ]; } ]; }`,
        `{ imports = [ { key = "/m/k"; l = [ "x" ]; } ]; }`,
      ],
      { read },
    ),
    modules: () => [decl(), { imports: [{ key: "/m/k", l: ["x"] }] }, { imports: [{ key: "/m/k", l: ["x"] }] }],
    read,
    expect: value(["x"]),
  },
  {
    name: "of two modules with one key, the first collected (breadth first) is kept",
    nix: nixEval(
      [declNix, `{ imports = [ { key = "/m/k"; l = [ "nested" ]; } ]; }`, `{ key = "/m/k"; l = [ "top" ]; }`],
      { read },
    ),
    modules: () => [decl(), { imports: [{ key: "/m/k", l: ["nested"] }] }, { key: "/m/k", l: ["top"] }],
    read,
    expect: value(["top"]),
  },
  {
    name: "of two sibling modules with one key, the earlier is kept",
    nix: nixEval([declNix, `{ key = "/m/k"; l = [ "first" ]; }`, `{ key = "/m/k"; l = [ "second" ]; }`], { read }),
    modules: () => [decl(), { key: "/m/k", l: ["first"] }, { key: "/m/k", l: ["second"] }],
    read,
    expect: value(["first"]),
  },
  {
    name: "the same anonymous module imported twice is evaluated twice",
    nix: nixEval([declNix, `let m = { l = [ "anon" ]; }; in { imports = [ m m ]; }`], { read }),
    modules: () => {
      const m = { l: ["anon"] };
      return [decl(), { imports: [m, m] }];
    },
    read,
    expect: value(["anon", "anon"]),
  },
  {
    name: "different keys with equal content are both evaluated",
    nix: nixEval([declNix, `{ key = "/m/a"; l = [ "v" ]; }`, `{ key = "/m/b"; l = [ "v" ]; }`], { read }),
    modules: () => [decl(), { key: "/m/a", l: ["v"] }, { key: "/m/b", l: ["v"] }],
    read,
    expect: value(["v", "v"]),
  },
  {
    name: "a keyed function module imported twice is called once",
    nix: nixEval(
      [declNix, `{ imports = [ { key = "/m/f"; imports = [ ({ ... }: { l = [ "f" ]; }) ]; } { key = "/m/f"; } ]; }`],
      { read },
    ),
    modules: () => [decl(), { imports: [{ key: "/m/f", imports: [() => ({ l: ["f"] })] }, { key: "/m/f" }] }],
    read,
    expect: value(["f"]),
  },
  {
    name: "a key given to an imported module also deduplicates its imports",
    nix: nixEval(
      [declNix, `let m = { key = "/m/p"; imports = [ { l = [ "child" ]; } ]; }; in { imports = [ m m ]; }`],
      { read },
    ),
    modules: () => {
      const m = { key: "/m/p", imports: [{ l: ["child"] }] };
      return [decl(), { imports: [m, m] }];
    },
    read,
    expect: value(["child"]),
  },
  {
    name: "a nested list in imports is an error",
    nix: nixEval([declNix, `{ _file = "nested.ts"; imports = [ [ { l = [ "x" ]; } ] ]; }`], { read }),
    modules: () => [decl(), { _file: "nested.ts", imports: [[{ l: ["x"] }]] }],
    read,
    expect: error(
      "INVALID_MODULE",
      /Module imports can't be nested lists\. Perhaps you meant to remove one level of lists\? Definitions:\n\s*- In `nested\.ts'/,
    ),
  },
  {
    name: "an empty imports list is fine",
    nix: nixEval([declNix, `{ imports = [ ]; l = [ "e" ]; }`], { read }),
    modules: () => [decl(), { imports: [], l: ["e"] }],
    read,
    expect: value(["e"]),
  },
  {
    name: "an imported mkIf module is taken as config",
    nix: nixEval([declNix, `{ imports = [ (mkIf true { l = [ "if" ]; }) (mkIf false { l = [ "no" ]; }) ]; }`], {
      read,
    }),
    modules: () => [decl(), { imports: [mkIfT({ l: ["if"] }), mkIfF({ l: ["no"] })] }],
    read,
    expect: value(["if"]),
  },
  {
    name: "options declared in an import are known to definitions in the importer",
    nix: nixEval([`{ imports = [ { options.x.y = mkOption { type = types.int; }; } ]; config.x.y = 1; }`]),
    modules: () => [{ imports: [{ options: { x: { y: mkOption({ type: types.int }) } } }], config: { x: { y: 1 } } }],
    expect: value({ x: { y: 1 } }),
  },
  {
    name: "an imported module inherits the importer's file in definition errors",
    nix: nixEval(
      [`{ options.n = mkOption { type = types.int; }; }`, `{ _file = "parent.ts"; imports = [ { n = "x"; } ]; }`],
      { read: "n" },
    ),
    modules: () => [{ options: { n: mkOption({ type: types.int }) } }, { _file: "parent.ts", imports: [{ n: "x" }] }],
    read: "n",
    expect: error(
      "TYPE_MISMATCH",
      /A definition for option `n' is not of type `signed integer'\. Definition values:\n\s*- In `parent\.ts': "x"/,
    ),
  },
];

function mkIfT(m: object) {
  return mkIf(true, m);
}
function mkIfF(m: object) {
  return mkIf(false, m);
}
