/**
 * Leaf option types: values that are merged whole (booleans, numbers, strings, paths,
 * packages, enums) and the catch-all types `raw`, `unspecified` and `anything`.
 */
import type { Definition } from "../definition.js";
import { ModuleError } from "../errors/module-error.js";
import { showFiles, showOption } from "../errors/render.js";
import {
  deepEqual,
  isPlainObject,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mkOptionType,
  type OptionType,
  pure,
} from "./option-type.js";
import { deref } from "../reference.js";
import { mergeShallow } from "../plain-object.js";

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isString = (v: unknown): v is string => typeof v === "string";

/** Any value, exactly one definition, never looked into. */
export const raw = pure(
  mkOptionType<unknown>({
    name: "raw",
    description: "raw value",
    descriptionClass: "noun",
    merge: mergeOneOption,
  }),
);

/** Any value, merged the old default way (see `mergeDefaultOption`). */
export const unspecified = pure(
  mkOptionType<unknown>({
    name: "unspecified",
    description: "unspecified value",
    descriptionClass: "noun",
    merge: mergeDefaultOption,
  }),
);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "function") return "lambda";
  // A set that stands for a string (a package: `outPath`) is an atom, not looked into.
  if (isPlainObject(v)) return "outPath" in v || "__toString" in v ? "stringCoercibleSet" : "set";
  return typeof v;
}

/** Any value; objects merge per key recursively, other values must be equal. */
export const anything: OptionType<unknown> = pure(
  mkOptionType<unknown>({
    name: "anything",
    description: "anything",
    descriptionClass: "noun",
    merge: mergeAnything,
  }),
);

function mergeAnything(loc: readonly string[], defs: readonly Definition[]): unknown {
  const ds = defs.map((d) => ({ ...d, value: deref(d.value) }));
  const kind = typeOf(ds[0]!.value);
  if (ds.some((d) => typeOf(d.value) !== kind)) {
    throw new ModuleError({
      code: "CONFLICT",
      message: `The option \`${showOption(loc)}' has conflicting option types in ${showFiles(ds.map((d) => d.file))}`,
      optionPath: loc,
      definitions: ds,
      hint: "Give every definition the same kind of value (all sets, all lists, ...).",
    });
  }
  if (kind === "set") return mergeAttrsPerKey(loc, ds, anything);
  if (kind === "lambda") {
    return (arg: unknown) =>
      mergeAnything(
        [...loc, "<function body>"],
        ds.map((d) => ({ ...d, value: (d.value as (a: unknown) => unknown)(arg) })),
      );
  }
  return mergeEqualOption(loc, ds);
}

/** Set by compound.ts: the per-key merge shared with `attrsOf` (avoids an import cycle). */
let mergeAttrsPerKey: (loc: readonly string[], defs: readonly Definition[], elem: OptionType) => unknown = () => {
  throw new Error("attrs merge not initialised");
};
/** @internal */
export function setAttrsMerge(f: typeof mergeAttrsPerKey): void {
  mergeAttrsPerKey = f;
}

/** `true` or `false`; all definitions must agree. */
export const bool = pure(
  mkOptionType<boolean>({
    name: "bool",
    description: "boolean",
    descriptionClass: "noun",
    check: (v) => typeof v === "boolean",
    merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => boolean,
  }),
);

/** A boolean that is true when any definition is true. */
export const boolByOr = pure(
  mkOptionType<boolean>({
    name: "boolByOr",
    description: "boolean (merged using or)",
    descriptionClass: "noun",
    check: (v) => typeof v === "boolean",
    merge: (_loc, defs) => defs.some((d) => d.value === true),
    mergesEqual: () => true,
  }),
);

/** A signed integer. Declared again as it or as any ranged integer type, it merges to itself. */
export const int: OptionType<number> = pure(
  mkOptionType<number>({
    name: "int",
    description: "signed integer",
    descriptionClass: "noun",
    check: isInt,
    merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => number,
    typeMerge: (_self, other) => mergeAsInt(other),
  }),
);

/** The type serving `int` (or a ranged integer type) declared again as `other`: `int` when that is an integer type too. */
function mergeAsInt(other: OptionType): OptionType | null {
  return other.functorName === "int" ? int : null;
}

/**
 * An integer in `[lowest, highest]`: `int` with a check, so that (as in nixpkgs) two
 * declarations of it, or of it and `int`, merge to plain `int` (the range is not kept).
 * The payload (the bounds of `ints.between`) is for documentation and schemas only:
 * type merging does not compare it.
 */
function intRange(lowest: number, highest: number, name: string, description: string): OptionType<number> {
  return pure(
    mkOptionType<number>({
      name,
      functorName: int.functorName,
      description,
      descriptionClass: "noun",
      check: (v) => isInt(v) && v >= lowest && v <= highest,
      merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => number,
      payload: name === "intBetween" ? [lowest, highest] : undefined,
      typeMerge: (_self, other) => mergeAsInt(other),
    }),
  );
}
const between = (lo: number, hi: number) => `${lo} and ${hi} (both inclusive)`;
const unsign = (bit: number) =>
  intRange(0, 2 ** bit - 1, `unsignedInt${bit}`, `${bit} bit unsigned integer; between ${between(0, 2 ** bit - 1)}`);
const sign = (bit: number) =>
  intRange(
    -(2 ** (bit - 1)),
    2 ** (bit - 1) - 1,
    `signedInt${bit}`,
    `${bit} bit signed integer; between ${between(-(2 ** (bit - 1)), 2 ** (bit - 1) - 1)}`,
  );

/** Integers with a range. */
export const ints = {
  /** An integer in `[lowest, highest]`. */
  between: (lowest: number, highest: number): OptionType<number> => {
    if (lowest > highest) throw new Error("ints.between: lowest must be smaller than highest");
    return intRange(lowest, highest, "intBetween", `integer between ${between(lowest, highest)}`);
  },
  unsigned: intRange(0, Number.MAX_SAFE_INTEGER, "unsignedInt", "unsigned integer, meaning >=0"),
  positive: intRange(1, Number.MAX_SAFE_INTEGER, "positiveInt", "positive integer, meaning >0"),
  u8: unsign(8),
  u16: unsign(16),
  u32: unsign(32),
  s8: sign(8),
  s16: sign(16),
  s32: sign(32),
};

/** A TCP/UDP port: a 16 bit unsigned integer. */
export const port = ints.u16;

/** A type of finite numbers named `name` (JavaScript has one number type: integers are numbers too). */
function finiteNumber(name: string, description: string): OptionType<number> {
  return pure(
    mkOptionType<number>({
      name,
      description,
      descriptionClass: "noun",
      check: (v) => typeof v === "number" && Number.isFinite(v),
      merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => number,
    }),
  );
}

/** A number (JavaScript has one number type; integers are numbers too). */
export const float = finiteNumber("float", "floating point number");

/** An integer or floating point number. */
export const number = finiteNumber("number", "signed integer or floating point number");

/** A string; all definitions must be equal. */
export const str = pure(
  mkOptionType<string>({
    name: "str",
    description: "string",
    descriptionClass: "noun",
    check: isString,
    merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => string,
  }),
);

/** A string with at least one non-space character. */
export const nonEmptyStr = pure(
  mkOptionType<string>({
    name: "nonEmptyStr",
    description: "non-empty string",
    descriptionClass: "noun",
    check: (v) => isString(v) && v.trim().length > 0,
    merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => string,
  }),
);

/** A string without line breaks (a trailing newline is allowed and removed). */
export const singleLineStr = pure(
  mkOptionType<string>({
    name: "singleLineStr",
    description: "(optionally newline-terminated) single-line string",
    descriptionClass: "noun",
    check: (v) => isString(v) && /^[^\n\r]*\n?$/.test(v),
    merge: (loc, defs) => (mergeEqualOption(loc, defs) as string).replace(/\n$/, ""),
  }),
);

/**
 * A string that matches `pattern` whole (as Nix `builtins.match`).
 *
 * @example types.strMatching("[a-z][a-z0-9-]*")
 */
export function strMatching(pattern: string): OptionType<string> {
  const re = new RegExp(`^(?:${pattern})$`, "s");
  return pure(
    mkOptionType<string>({
      name: `strMatching ${JSON.stringify(pattern)}`,
      description: `string matching the pattern ${pattern}`,
      descriptionClass: "noun",
      check: (v) => isString(v) && re.test(v),
      merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => string,
      payload: pattern,
    }),
  );
}

/** Strings joined with `sep` when defined several times. */
export function separatedString(sep: string): OptionType<string> {
  return pure(
    mkOptionType<string>({
      name: "separatedString",
      description: sep === "" ? "Concatenated string" : `strings concatenated with ${JSON.stringify(sep)}`,
      descriptionClass: "noun",
      check: isString,
      merge: (_loc, defs) => defs.map((d) => d.value as string).join(sep),
      payload: sep,
    }),
  );
}
/** Lines joined with "\n". */
export const lines = separatedString("\n");
/** Values joined with ",". */
export const commas = separatedString(",");
/** Values joined with ":" (as PATH-like variables). */
export const envVar = separatedString(":");

/** An attribute set, merged shallowly (later definitions win per key). */
export const attrs = pure(
  mkOptionType<Record<string, unknown>>({
    name: "attrs",
    description: "attribute set",
    check: isPlainObject,
    merge: (_loc, defs) => mergeShallow(defs.map((d) => d.value as object)),
    emptyValue: { value: {} },
  }),
);

/** Whether `v` is a package: an object whose `type` is "derivation" (store outputs are). */
export function isDerivation(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as { type?: unknown }).type === "derivation";
}

/** What a `package` option holds, as far as the module system checks it. */
export interface DerivationValue {
  readonly type: "derivation";
  readonly name?: string;
  readonly outPath?: string;
}

/** A package: an object `{ type: "derivation", name, outPath }` (a store output is one). */
export const packageType = pure(
  mkOptionType<DerivationValue>({
    name: "package",
    description: "package",
    descriptionClass: "noun",
    check: isDerivation,
    // One definition only, even when several give the same package (as nixpkgs).
    merge: mergeOneOption as (loc: readonly string[], defs: readonly Definition[]) => DerivationValue,
  }),
);

function showEnumValue(v: unknown): string {
  if (typeof v === "string") return `"${v}"`;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `<${typeOf(v)}>`;
}

/** One of the given values. Declaring an enum twice unions the values. */
export function enumType<const T>(values: readonly T[]): OptionType<T> {
  const make = (vs: readonly unknown[]): OptionType<T> =>
    pure(
      mkOptionType<T>({
        name: "enum",
        description:
          vs.length === 0
            ? "impossible (empty enum)"
            : vs.length === 1
              ? `value ${showEnumValue(vs[0])} (singular enum)`
              : `one of ${vs.map(showEnumValue).join(", ")}`,
        descriptionClass: vs.length < 2 ? "noun" : "conjunction",
        check: (v) => vs.some((x) => deepEqual(x, v)),
        merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => T,
        payload: vs,
        typeMerge: (_self, other) => {
          if (other.name !== "enum") return null;
          const merged = [...vs];
          for (const v of other.payload as unknown[]) if (!merged.some((x) => deepEqual(x, v))) merged.push(v);
          return make(merged);
        },
      }),
    );

  return make(values);
}
