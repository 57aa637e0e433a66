/**
 * Helpers for the types / submodules / renames conformance cases: each case is written twice
 * (Nix source and TypeScript modules); these keep the two sides short and parallel.
 */
import { mkOption } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";

/** A RegExp that matches `s` literally. */
export const lit = (s: string): RegExp => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** Nix: the evalModules result of `mods` (a Nix list body), read at `path` (dotted, under config). */
export const nixEval = (mods: string, path = "a"): string =>
  `with lib; (evalModules { modules = [ ${mods} ]; }).config${path ? "." + path : ""}`;

/** Nix: the whole config of `mods`, without `_module`. */
export const nixAll = (mods: string): string =>
  `with lib; builtins.removeAttrs (evalModules { modules = [ ${mods} ]; }).config [ "_module" ]`;

/** Nix: a module declaring option `a` of type `t` (Nix source), with extra mkOption fields. */
export const nixDecl = (t: string, extra = ""): string =>
  `{ _file = "decl"; options.a = mkOption { type = ${t}; ${extra} }; }`;

/** Nix: one definition module per value: files def1, def2, ... */
export const nixDefs = (vals: string[]): string =>
  vals.map((v, i) => `{ _file = "def${i + 1}"; config.a = ${v}; }`).join(" ");

/** TS counterparts. */
export const tsDecl = (t: unknown, extra: Record<string, unknown> = {}) => ({
  _file: "decl",
  options: { a: mkOption({ type: t as any, ...extra }) },
});
export const tsDefs = (vals: unknown[]) => vals.map((v, i) => ({ _file: `def${i + 1}`, config: { a: v } }));

export type Expect = ConformanceCase["expect"];

/** The usual error expectations, worded as the reference words them. */
export const typeErr = (path: string, desc: string): Expect => ({
  error: { code: "TYPE_MISMATCH", match: lit(`A definition for option \`${path}' is not of type \`${desc}'`) },
});
export const conflict = (path: string): Expect => ({
  error: { code: "CONFLICT", match: lit(`The option \`${path}' has conflicting definition values`) },
});
export const notUnique = (path: string): Expect => ({
  error: {
    code: "NOT_UNIQUE",
    match: lit(`The option \`${path}' is defined multiple times while it's expected to be unique`),
  },
});
export const noValue = (path: string): Expect => ({
  error: { code: "NO_VALUE", match: lit(`The option \`${path}' was accessed but has no value defined`) },
});
export const unknownOpt = (path: string): Expect => ({
  error: { code: "UNKNOWN_OPTION", match: lit(`The option \`${path}' does not exist`) },
});
export const declConflict = (path: string, inFile: string, declaredIn: string): Expect => ({
  error: {
    code: "DECLARATION_CONFLICT",
    match: lit(`The option \`${path}' in \`${inFile}' is already declared in \`${declaredIn}'`),
  },
});

/**
 * One option `a` of a type, defined by a list of values (one module each):
 * the Nix type and values as Nix source, the TS ones as values.
 */
export function typeCase(
  name: string,
  nixType: string,
  tsType: () => unknown,
  defs: Array<[nix: string, ts: unknown]>,
  expect: Expect,
  extra?: { nix?: string; ts?: Record<string, unknown> },
): ConformanceCase {
  return {
    name,
    nix: nixEval(`${nixDecl(nixType, extra?.nix ?? "")} ${nixDefs(defs.map((d) => d[0]))}`),
    modules: () => [tsDecl(tsType(), extra?.ts ?? {}), ...tsDefs(defs.map((d) => d[1]))],
    read: "a",
    expect,
  };
}

/** Nix: the assertions/warnings options as NixOS declares them (lib alone has no such module). */
export const nixAssertionsModule = `{ _file = "assertions"; options.assertions = mkOption { type = types.listOf types.unspecified; internal = true; default = [ ]; }; options.warnings = mkOption { type = types.listOf types.str; internal = true; default = [ ]; }; }`;
