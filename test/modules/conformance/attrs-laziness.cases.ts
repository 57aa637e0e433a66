/** attrsOf versus lazyAttrsOf: conditional keys, empty values, and laziness of values that are not read. */
import { types, mkOption, mkIf, mkMerge } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { noValue, typeErr, nixEval } from "./type-case-helpers.js";

const decl = (nixT: string, tsT: () => unknown) => ({
  nix: `{ options.a = mkOption { type = ${nixT}; }; options.missing = mkOption { type = types.int; }; options.enable = mkOption { type = types.bool; default = false; }; }`,
  ts: () => ({
    options: {
      a: mkOption({ type: tsT() as any }),
      missing: mkOption({ type: types.int }),
      enable: mkOption({ type: types.bool, default: false }),
    },
  }),
});
const attrsInt = decl("types.attrsOf types.int", () => types.attrsOf(types.int));
const lazyInt = decl("types.lazyAttrsOf types.int", () => types.lazyAttrsOf(types.int));
const lazyOf = (nixT: string, tsT: () => unknown) =>
  decl(`types.lazyAttrsOf (${nixT})`, () => types.lazyAttrsOf(tsT() as any));

const keysNix = (d: { nix: string }, def: string) => `builtins.attrNames (${nixEval(`${d.nix} ${def}`)})`;
const keysTs = (r: any) => Object.keys(r.config.a).sort();

export const cases: ConformanceCase[] = [
  {
    name: "attrsOf drops a key whose only definition is under mkIf false",
    nix: keysNix(attrsInt, `{ a = { x = mkIf false 1; y = 2; }; }`),
    modules: () => [attrsInt.ts(), { a: { x: mkIf(false, 1), y: 2 } }],
    read: keysTs,
    expect: { value: ["y"] },
  },
  {
    name: "attrsOf value without the dropped key",
    nix: nixEval(`${attrsInt.nix} { a = { x = mkIf false 1; y = 2; }; }`),
    modules: () => [attrsInt.ts(), { a: { x: mkIf(false, 1), y: 2 } }],
    read: "a",
    expect: { value: { y: 2 } },
  },
  {
    name: "lazyAttrsOf keeps a key whose only definition is under mkIf false",
    nix: keysNix(lazyInt, `{ a = { x = mkIf false 1; y = 2; }; }`),
    modules: () => [lazyInt.ts(), { a: { x: mkIf(false, 1), y: 2 } }],
    read: keysTs,
    expect: { value: ["x", "y"] },
  },
  {
    name: "lazyAttrsOf: the kept key fails only when read",
    nix: nixEval(`${lazyInt.nix} { a = { x = mkIf false 1; y = 2; }; }`, "a.x"),
    modules: () => [lazyInt.ts(), { a: { x: mkIf(false, 1), y: 2 } }],
    read: "a.x",
    expect: noValue("a.x"),
  },
  {
    name: "lazyAttrsOf: the other keys read fine next to a kept empty key",
    nix: nixEval(`${lazyInt.nix} { a = { x = mkIf false 1; y = 2; }; }`, "a.y"),
    modules: () => [lazyInt.ts(), { a: { x: mkIf(false, 1), y: 2 } }],
    read: "a.y",
    expect: { value: 2 },
  },
  {
    name: "lazyAttrsOf of listOf gives the empty list for a key under mkIf false",
    nix: nixEval(
      `${lazyOf("types.listOf types.int", () => types.listOf(types.int)).nix} { a.x = mkIf false [ 1 ]; }`,
      "a.x",
    ),
    modules: () => [lazyOf("", () => types.listOf(types.int)).ts(), { a: { x: mkIf(false, [1]) } }],
    read: "a.x",
    expect: { value: [] },
  },
  {
    name: "lazyAttrsOf of attrsOf gives the empty set for a key under mkIf false",
    nix: nixEval(
      `${lazyOf("types.attrsOf types.int", () => types.attrsOf(types.int)).nix} { a.x = mkIf false { }; }`,
      "a.x",
    ),
    modules: () => [lazyOf("", () => types.attrsOf(types.int)).ts(), { a: { x: mkIf(false, {}) } }],
    read: "a.x",
    expect: { value: {} },
  },
  {
    name: "lazyAttrsOf of nullOr gives null for a key under mkIf false",
    nix: nixEval(
      `${lazyOf("types.nullOr types.int", () => types.nullOr(types.int)).nix} { a.x = mkIf false 1; }`,
      "a.x",
    ),
    modules: () => [lazyOf("", () => types.nullOr(types.int)).ts(), { a: { x: mkIf(false, 1) } }],
    read: "a.x",
    expect: { value: null },
  },
  {
    name: "lazyAttrsOf of submodule gives an empty submodule for a key under mkIf false",
    nix: nixEval(`${lazyOf("types.submodule { }", () => types.submodule({})).nix} { a.x = mkIf false { }; }`, "a.x"),
    modules: () => [lazyOf("", () => types.submodule({})).ts(), { a: { x: mkIf(false, {}) } }],
    read: (r) => JSON.parse(JSON.stringify(r.config.a.x)),
    expect: { value: {} },
  },
  {
    name: "lazyAttrsOf of nonEmptyListOf has no empty value for a key under mkIf false",
    nix: nixEval(
      `${lazyOf("types.nonEmptyListOf types.int", () => types.nonEmptyListOf(types.int)).nix} { a.x = mkIf false [ 1 ]; }`,
      "a.x",
    ),
    modules: () => [lazyOf("", () => types.nonEmptyListOf(types.int)).ts(), { a: { x: mkIf(false, [1]) } }],
    read: "a.x",
    expect: noValue("a.x"),
  },
  {
    name: "attrsOf evaluates every value to know its keys: a failing sibling fails the read",
    nix: nixEval(`${attrsInt.nix} ({ config, ... }: { a = { bad = config.missing; good = 1; }; })`, "a.good"),
    modules: () => [
      attrsInt.ts(),
      ({ config }: any) => ({
        a: {
          get bad() {
            return config.missing;
          },
          good: 1,
        },
      }),
    ],
    read: "a.good",
    expect: noValue("missing"),
  },
  {
    name: "lazyAttrsOf does not evaluate values that are not read",
    nix: nixEval(`${lazyInt.nix} ({ config, ... }: { a = { bad = config.missing; good = 1; }; })`, "a.good"),
    modules: () => [
      lazyInt.ts(),
      ({ config }: any) => ({
        a: {
          get bad() {
            return config.missing;
          },
          good: 1,
        },
      }),
    ],
    read: "a.good",
    expect: { value: 1 },
  },
  {
    name: "lazyAttrsOf knows its keys without evaluating values",
    nix: keysNix(lazyInt, `({ config, ... }: { a = { bad = config.missing; good = 1; }; })`),
    modules: () => [
      lazyInt.ts(),
      ({ config }: any) => ({
        a: {
          get bad() {
            return config.missing;
          },
          good: 1,
        },
      }),
    ],
    read: keysTs,
    expect: { value: ["bad", "good"] },
  },
  {
    name: "lazyAttrsOf values may refer to sibling keys",
    nix: nixEval(`${lazyInt.nix} ({ config, ... }: { a = { x = 1; y = config.a.x + 1; }; })`, "a.y"),
    modules: () => [
      lazyInt.ts(),
      ({ config }: any) => ({
        a: {
          x: 1,
          get y() {
            return config.a.x + 1;
          },
        },
      }),
    ],
    read: "a.y",
    expect: { value: 2 },
  },
  {
    name: "attrsOf values referring to sibling keys are an infinite recursion",
    nix: nixEval(`${attrsInt.nix} ({ config, ... }: { a = { x = 1; y = config.a.x + 1; }; })`, "a.y"),
    modules: () => [
      attrsInt.ts(),
      ({ config }: any) => ({
        a: {
          x: 1,
          get y() {
            return config.a.x + 1;
          },
        },
      }),
    ],
    read: "a.y",
    expect: { error: { code: "INFINITE_RECURSION", match: /a/, nixMatch: /infinite recursion encountered/ } },
  },
  {
    name: "attrsOf keys may depend on another option through mkIf",
    nix: nixEval(
      `${attrsInt.nix} ({ config, ... }: { enable = true; a.x = mkIf config.enable 1; a.y = mkIf (!config.enable) 2; })`,
    ),
    modules: () => [
      attrsInt.ts(),
      ({ config }: any) => ({ enable: true, a: { x: mkIf(() => config.enable, 1), y: mkIf(() => !config.enable, 2) } }),
    ],
    read: "a",
    expect: { value: { x: 1 } },
  },
  {
    name: "attrsOf with mkMerge and a false mkIf branch",
    nix: nixEval(`${attrsInt.nix} { a = mkMerge [ { x = 1; } (mkIf false { y = 2; }) ]; }`),
    modules: () => [attrsInt.ts(), { a: mkMerge([{ x: 1 }, mkIf(false, { y: 2 })]) }],
    read: "a",
    expect: { value: { x: 1 } },
  },
  {
    name: "mkIf false around a whole attrsOf definition removes it",
    nix: nixEval(`${attrsInt.nix} { a = mkIf false { x = 1; }; } { a.y = 2; }`),
    modules: () => [attrsInt.ts(), { a: mkIf(false, { x: 1 }) }, { a: { y: 2 } }],
    read: "a",
    expect: { value: { y: 2 } },
  },
  {
    name: "an option that is not read is not evaluated (type errors stay hidden)",
    nix: nixEval(`${attrsInt.nix} { missing = "not an int"; enable = true; }`, "enable"),
    modules: () => [attrsInt.ts(), { missing: "not an int", enable: true }],
    read: "enable",
    expect: { value: true },
  },
  {
    name: "the same option fails when read",
    nix: nixEval(`${attrsInt.nix} { missing = "not an int"; enable = true; }`, "missing"),
    modules: () => [attrsInt.ts(), { missing: "not an int", enable: true }],
    read: "missing",
    expect: typeErr("missing", "signed integer"),
  },
  {
    name: "a top-level mkIf reading config is pushed down so option names are known",
    nix: nixEval(`${attrsInt.nix} ({ config, ... }: mkIf config.enable { a.x = 1; }) { enable = true; }`),
    modules: () => [attrsInt.ts(), ({ config }: any) => mkIf(() => config.enable, { a: { x: 1 } }), { enable: true }],
    read: "a",
    expect: { value: { x: 1 } },
  },
];
