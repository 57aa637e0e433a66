/** One conformance case: the same modules in Nix (checked by nix-oracle) and in TypeScript. */
export interface ConformanceCase {
  name: string; // a spec sentence, e.g. "mkForce beats a plain definition"
  nix: string; // the same case as a Nix expression; `lib` is in scope; it evaluates to the checked value (or fails)
  modules: () => unknown[]; // our modules (TypeScript), built fresh per run
  specialArgs?: Record<string, unknown>;
  read?: string | ((r: any) => unknown); // dotted config path ("" or absent = whole config), or a function of the evalModules result
  expect: { value: unknown } | { error: { code: string; match: RegExp; nixMatch?: RegExp } };
}

export type ErrorExpectation = { code: string; match: RegExp; nixMatch?: RegExp };

/**
 * Builds the Nix side of a case: `lib.evalModules` over the given module
 * expressions (each a Nix expression string), read at `read` (a dotted config
 * path; "" or absent reads the whole config without `_module`).
 * `with lib;` is in scope, so `mkOption`, `types`, `mkIf` ... can be used bare.
 */
export function nixEval(
  modules: string[],
  opts: { read?: string; specialArgs?: string; extra?: string; tail?: string } = {},
): string {
  const args = [`modules = [ ${modules.map((m) => `(${m})`).join(" ")} ];`];
  if (opts.specialArgs) args.push(`specialArgs = ${opts.specialArgs};`);
  if (opts.extra) args.push(opts.extra);
  const ev = `(evalModules { ${args.join(" ")} })`;
  if (opts.tail !== undefined) return `with lib; let r = ${ev}; in ${opts.tail}`;
  const read = opts.read ?? "";
  return read === "" ? `with lib; builtins.removeAttrs ${ev}.config [ "_module" ]` : `with lib; ${ev}.config.${read}`;
}

/** A value expectation. */
export const value = (v: unknown): ConformanceCase["expect"] => ({ value: v });

/** An error expectation: `match` is checked against our message, `nixMatch` (default `match`) against Nix's stderr. */
export const error = (code: string, match: RegExp, nixMatch?: RegExp): ConformanceCase["expect"] =>
  nixMatch ? { error: { code, match, nixMatch } } : { error: { code, match } };

/** Area name of a case file: `priorities.cases.ts` -> `priorities`. */
export const areaOf = (file: string): string => file.replace(/^.*\//, "").replace(/\.cases\.ts$/, "");
