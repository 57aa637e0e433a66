/**
 * Option types built from other types: lists, attribute sets, null-or, unions,
 * coercions, added checks, uniqueness and functions.
 */
import { contextOf, type Definition, withValue } from "../definition.js";
import { ModuleError } from "../errors/module-error.js";
import { showFiles, showOption } from "../errors/render.js";
import { lazyAttrs } from "../lazy-attrs.js";
import { lazyElement } from "../lazy-list.js";
import { mergeDefinitions, type Merged } from "../merge.js";
import { deref } from "../reference.js";
import {
  isPlainObject,
  mergeOneOption,
  mergeUniqueOption,
  mkOptionType,
  type OptionType,
  pure,
} from "./option-type.js";
import { setAttrsMerge } from "./primitives.js";
import type { DefinitionOf, ValueOf } from "../config-of.js";

type Merge<T> = (loc: readonly string[], defs: readonly Definition[]) => T;

/** Wraps a description in parentheses unless its class reads well inline. */
export function phrase(t: OptionType, ok: (cls: string | undefined) => boolean): string {
  return ok(t.descriptionClass) ? t.description : `(${t.description})`;
}
const nounOrComposite = (c: string | undefined) => c === "noun" || c === "composite";
const nounOrConjunction = (c: string | undefined) => c === "noun" || c === "conjunction";

function elemMerge(self: OptionType, other: OptionType, rebuild: (e: OptionType) => OptionType): OptionType | null {
  if (other.name !== self.name) return null;
  const e = self.nestedTypes.elemType!.typeMerge(other.nestedTypes.elemType!);
  return e ? rebuild(e) : null;
}

/**
 * A list whose definitions concatenate. Each element is merged as a definition of its
 * own, so `mkIf` works per element.
 */
export function listOf<T>(elemType: OptionType<T>): OptionType<T[]> {
  const type: OptionType<T[]> = mkOptionType<T[]>({
    name: "listOf",
    description: () => `list of ${phrase(elemType, nounOrComposite)}`,
    descriptionClass: "composite",
    check: Array.isArray,
    merge: (loc, defs) => {
      const out: T[] = [];
      defs.forEach((def, n) => {
        (def.value as unknown[]).forEach((value, m) => {
          // A primitive element of a type that takes it as it is needs no pipeline.
          if (
            typeof value !== "object" &&
            typeof value !== "function" &&
            elemType.mergesEqual?.(value) &&
            elemType.check(value)
          ) {
            out.push(value as T);
            return;
          }
          const merged = mergeDefinitions([...loc, `[definition ${n + 1}-entry ${m + 1}]`], elemType, [
            withValue(def, value),
          ]);
          // Which elements there are depends on their conditions only; each value is
          // computed when read (so one bad element fails alone, as in nixpkgs).
          if (merged.isDefined) lazyElement(out, out.length, () => merged.mergedValue);
        });
      });
      return out;
    },
    emptyValue: { value: [] },
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, "*"]),
    subModules: elemType.subModules,
    substSubModules: (m) => listOf(elemType.substSubModules(m)),
    typeMerge: (self, other) => elemMerge(self, other, (e) => listOf(e)),
    nestedTypes: { elemType },
  });
  return pure(type, elemType);
}

/** A list with at least one element. */
export function nonEmptyListOf<T>(elemType: OptionType<T>): OptionType<T[]> {
  const list = listOf(elemType);
  return pure(
    derive(list, {
      description: () => `non-empty ${phrase(list, (c) => c === "noun")}`,
      check: (v) => Array.isArray(v) && v.length > 0,
      emptyValue: undefined,
      substSubModules: (m) => nonEmptyListOf(elemType.substSubModules(m)),
    }),
    elemType,
  );
}

/** A copy of `t` with some fields replaced; getters (lazy descriptions) stay getters. */
export function derive<T>(
  t: OptionType<T>,
  fields: Partial<Omit<OptionType<T>, "description">> & { description?: string | (() => string) },
): OptionType<T> {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(t)) as OptionType<T>;
  if ("merge" in fields && !("mergesEqual" in fields)) delete (out as { mergesEqual?: unknown }).mergesEqual;
  for (const [k, v] of Object.entries(fields)) {
    if (k === "description" && typeof v === "function") {
      let cached: string | undefined;
      Object.defineProperty(out, k, {
        enumerable: true,
        configurable: true,
        get: () => (cached ??= (v as () => string)()),
      });
    } else Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  }
  return out;
}

interface AttrsWith {
  elemType: OptionType;
  lazy?: boolean;
  placeholder?: string;
}

/** Per-key merge of object definitions, sorted keys, lazy values. */
function mergeAttrs(
  loc: readonly string[],
  defs: readonly Definition[],
  elemType: OptionType,
  lazy: boolean,
): Record<string, unknown> {
  // Per name, which definitions give it (their positions in `defs`); values are read when the name is merged.
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < defs.length; i++) {
    for (const key of Object.keys(defs[i]!.value as object)) {
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
  }
  const keys = [...byKey.keys()].sort();
  const read = (key: string): Definition[] =>
    byKey.get(key)!.map((i) => {
      const d = defs[i]!;
      return withValue(d, (d.value as Record<string, unknown>)[key]);
    });
  if (lazy) {
    const entry = (i: number) => {
      const merged = mergeDefinitions([...loc, keys[i]!], elemType, read(keys[i]!));
      if (!merged.isDefined && elemType.emptyValue) return elemType.emptyValue.value;
      return merged.mergedValue;
    };
    // An entry is computed when first read: its getters run in the definitions' context.
    const context = contextOf(defs);
    return lazyAttrs(keys, context === undefined ? entry : (i) => context.enter(() => entry(i)));
  }
  const defined: Merged[] = [];
  const names: string[] = [];
  for (const key of keys) {
    const merged = mergeDefinitions([...loc, key], elemType, read(key));
    if (merged.isDefined) {
      names.push(key);
      defined.push(merged);
    }
  }
  return lazyAttrs(names, (i) => defined[i]!.mergedValue);
}
setAttrsMerge((loc, defs, elem) => mergeAttrs(loc, defs, elem, false));

/** Attribute sets of values of one type (`attrsOf`, `lazyAttrsOf` with a placeholder name). */
export function attrsWith<T>({
  elemType,
  lazy = false,
  placeholder = "name",
}: AttrsWith & { elemType: OptionType<T> }): OptionType<Record<string, T>> {
  return pure(
    mkOptionType<Record<string, T>>({
      name: lazy ? "lazyAttrsOf" : "attrsOf",
      description: () => `${lazy ? "lazy attribute set" : "attribute set"} of ${phrase(elemType, nounOrComposite)}`,
      descriptionClass: "composite",
      check: isPlainObject,
      merge: (loc, defs) => mergeAttrs(loc, defs, elemType, lazy) as Record<string, T>,
      emptyValue: { value: {} },
      getSubOptions: (prefix) => elemType.getSubOptions([...prefix, `<${placeholder}>`]),
      subModules: elemType.subModules,
      substSubModules: (m) => attrsWith({ elemType: elemType.substSubModules(m) as OptionType<T>, lazy, placeholder }),
      typeMerge: (self, other) => {
        if (other.name !== self.name) return null;
        const e = elemType.typeMerge(other.nestedTypes.elemType!);
        const op = other.payload as { placeholder: string };
        const ph =
          placeholder === op.placeholder
            ? placeholder
            : placeholder === "name"
              ? op.placeholder
              : op.placeholder === "name"
                ? placeholder
                : null;
        return e && ph ? attrsWith({ elemType: e, lazy, placeholder: ph }) : null;
      },
      payload: { placeholder },
      nestedTypes: { elemType },
    }),
    elemType,
  );
}

/**
 * An attribute set whose values have type `elemType`, merged per key. Keys whose
 * definitions are all `mkIf false` are absent.
 */
export const attrsOf = <T>(elemType: OptionType<T>) => attrsWith({ elemType });
/**
 * Like `attrsOf`, but conditions are not evaluated to know the keys: a key defined only
 * under `mkIf false` is present and fails when read. Use it when values must stay lazy.
 */
export const lazyAttrsOf = <T>(elemType: OptionType<T>) => attrsWith({ elemType, lazy: true });

/** `null`, or a value of `elemType`; definitions are all null or none. */
export function nullOr<T>(elemType: OptionType<T>): OptionType<T | null> {
  return pure(
    mkOptionType<T | null>({
      name: "nullOr",
      description: () => `null or ${phrase(elemType, nounOrConjunction)}`,
      descriptionClass: "conjunction",
      check: (v) => v === null || elemType.check(v),
      merge: (loc, defs) => {
        const nulls = defs.filter((d) => d.value === null).length;
        if (nulls === defs.length) return null;
        if (nulls !== 0) {
          throw new ModuleError({
            code: "CONFLICT",
            message: `The option \`${showOption(loc)}\` is defined both null and not null, in ${showFiles(defs.map((d) => d.file))}.`,
            optionPath: loc,
            definitions: defs,
            hint: "Use `mkForce null` or `mkForce <value>` to decide which definition wins.",
          });
        }
        return elemType.merge(loc, defs);
      },
      emptyValue: { value: null },
      mergesEqual: (v) => v === null || elemType.mergesEqual?.(v) === true,
      getSubOptions: elemType.getSubOptions,
      subModules: elemType.subModules,
      substSubModules: (m) => nullOr(elemType.substSubModules(m)),
      typeMerge: (self, other) => elemMerge(self, other, (e) => nullOr(e)),
      nestedTypes: { elemType },
    }),
    elemType,
  );
}

/** A value of `t1` or of `t2`; merged by the first type that accepts every definition. */
export function either<A, B>(t1: OptionType<A>, t2: OptionType<B>): OptionType<A | B> {
  return pure(
    mkOptionType<A | B>({
      name: "either",
      description: () =>
        t1.descriptionClass === "nonRestrictiveClause"
          ? `${t1.description}, or ${phrase(t2, nounOrConjunction)}`
          : `${phrase(t1, nounOrConjunction)} or ${phrase(t2, (c) => c === "noun" || c === "conjunction" || c === "composite")}`,
      descriptionClass: "conjunction",
      check: (v) => t1.check(v) || t2.check(v),
      merge: (loc, defs) => {
        if (defs.every((d) => t1.check(d.value))) return t1.merge(loc, defs);
        if (defs.every((d) => t2.check(d.value))) return t2.merge(loc, defs);
        return mergeOneOption(loc, defs) as A | B;
      },
      typeMerge: (_self, other) => {
        if (other.name !== "either") return null;
        const l = t1.typeMerge(other.nestedTypes.left!);
        const r = t2.typeMerge(other.nestedTypes.right!);
        return l && r ? either(l, r) : null;
      },
      nestedTypes: { left: t1, right: t2 },
    }),
    t1,
    t2,
  );
}

/** A value of any of the types, tried in order. */
export function oneOf<const Ts extends readonly OptionType<any>[]>(ts: Ts): OptionType<ValueOf<Ts[number]>> {
  if (ts.length === 0) throw new Error("types.oneOf needs to get at least one type in its argument");
  return ts.slice(1).reduce<OptionType>((acc, t) => either(acc, t), ts[0]!) as OptionType<ValueOf<Ts[number]>>;
}

/**
 * A value of `finalType`, or of `coercedType` converted by `coerce`.
 *
 * @example types.coercedTo(types.int, (n) => String(n), types.str)
 */
export function coercedTo<F, T>(
  coercedType: OptionType<F>,
  coerce: (v: F) => NoInfer<T | DefinitionOf<T>>,
  finalType: OptionType<T>,
): OptionType<T> {
  if (coercedType.subModules !== null) {
    throw new Error(`coercedTo: coercedType must not have submodules (it’s a ${coercedType.description})`);
  }
  return mkOptionType<T>({
    name: "coercedTo",
    description: () =>
      `${phrase(finalType, (c) => c === "noun")} or ${phrase(coercedType, (c) => c === "noun")} convertible to it`,
    check: (v) => (coercedType.check(v) && finalType.check(coerce(v as F))) || finalType.check(v),
    merge: (loc, defs) =>
      finalType.merge(
        loc,
        defs.map((d) => (coercedType.check(d.value) ? { ...d, value: coerce(d.value as F) } : d)),
      ),
    emptyValue: finalType.emptyValue,
    getSubOptions: finalType.getSubOptions,
    subModules: finalType.subModules,
    substSubModules: (m) => coercedTo(coercedType, coerce, finalType.substSubModules(m)),
    typeMerge: () => null,
    nestedTypes: { coercedType, finalType },
  });
}

/** `t` with an extra check. */
export function addCheck<T>(t: OptionType<T>, check: (v: unknown) => boolean): OptionType<T> {
  return derive(t, { check: (v) => t.check(v) && check(v) });
}

/** `t`, defined exactly once; `message` says why more definitions are wrong. */
export function unique<T>({ message }: { message: string }, t: OptionType<T>): OptionType<T> {
  return mkOptionType<T>({
    name: "unique",
    description: t.description,
    descriptionClass: t.descriptionClass,
    check: t.check,
    merge: mergeUniqueOption(message, t.merge) as Merge<T>,
    emptyValue: t.emptyValue,
    getSubOptions: t.getSubOptions,
    subModules: t.subModules,
    substSubModules: (m) => unique({ message }, t.substSubModules(m)),
    typeMerge: (self, other) => elemMerge(self, other, (e) => unique({ message }, e as OptionType<T>)),
    nestedTypes: { elemType: t },
  });
}
/** `t`, defined exactly once. */
export const uniq = <T>(t: OptionType<T>): OptionType<T> => unique({ message: "" }, t);

/** A function whose results (for the same argument) are merged with `elemType`. */
export function functionTo<T>(elemType: OptionType<T>): OptionType<(arg: unknown) => T> {
  return mkOptionType<(arg: unknown) => T>({
    name: "functionTo",
    description: () => `function that evaluates to a(n) ${phrase(elemType, nounOrComposite)}`,
    descriptionClass: "composite",
    check: (v) => typeof v === "function",
    merge: (loc, defs) => (arg: unknown) =>
      mergeDefinitions(
        [...loc, "<function body>"],
        elemType,
        defs.map((d) => ({ ...d, value: (deref(d.value) as (a: unknown) => unknown)(arg) })),
      ).mergedValue,
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, "<function body>"]),
    subModules: elemType.subModules,
    substSubModules: (m) => functionTo(elemType.substSubModules(m)),
    typeMerge: (self, other) => elemMerge(self, other, (e) => functionTo(e)),
    nestedTypes: { elemType },
  });
}
