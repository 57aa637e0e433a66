/**
 * Whether a computed option value can serve an extension as it is: plain data, or a
 * value whose definitions (and type) are static data, computed without reading anything
 * an extension would have to check.
 */
import { isConfigNode } from "./config-node.js";
import { computedValues } from "./lazy-attrs.js";
import { Lazy } from "./lazy.js";
import { hasLazyElements } from "./lazy-list.js";
import type { OptionState } from "./option-state.js";
import { OptionDecl } from "./option.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";
import { isRef } from "./reference.js";
import { deepEqual, isOptionType, isPlainObject, type OptionType } from "./types/option-type.js";

/**
 * Whether `v` is finished plain data: primitives, and lists and plain objects of them with
 * no accessors (nothing left to compute, so nothing that could read a configuration later).
 */
export function isPlainValue(v: unknown, depth = 0): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return true;
  if (typeof v === "function" || depth > 8) return false;
  if (Array.isArray(v)) return v.length <= 256 && !hasLazyElements(v) && allPlain(v, depth + 1);
  if (isConfigNode(v) || !isPlainObject(v) || isRef(v)) return false;
  const computed = computedValues(v);
  if (computed) return computed.length <= 256 && allPlain(computed, depth + 1);
  return dataProperties(v, 256, (x) => isPlainValue(x, depth + 1));
}

function allPlain(xs: readonly unknown[], depth: number): boolean {
  for (let i = 0; i < xs.length; i++) if (!isPlainValue(xs[i], depth)) return false;
  return true;
}

/**
 * Whether every own property of `v` (enumerable or not) is a data property whose value
 * passes `ok`, and there are at most `max` of them. Reads no getter.
 */
function dataProperties(v: object, max: number, ok: (value: unknown) => boolean): boolean {
  const names = Object.getOwnPropertyNames(v);
  if (names.length > max || Object.getOwnPropertySymbols(v).length > 0) return false;
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(v, name)!;
    if (!("value" in d) || !ok(d.value)) return false;
  }
  return true;
}

/**
 * Whether an option's value is a pure function of its definitions: every definition
 * and every module of its type is static data (no getters, functions, references or
 * lazy values that could read another configuration later), and no `apply`.
 */
export function staticOption(st: OptionState): boolean {
  const opt = st.leaf.option;
  if (opt.spec.apply || !staticType(opt.type)) return false;
  const d = st.defs;
  staticBudget = STATIC_BUDGET;
  for (let i = 0; i < d.length; i += 3) {
    const desc = Object.getOwnPropertyDescriptor(d[i + 1] as object, d[i + 2] as string);
    if (!desc || !("value" in desc) || !isStatic(desc.value, 0)) return false;
  }
  return true;
}

/**
 * How many values one check may visit: definitions can hold large data (a package set
 * given as a value), and a value too large to check counts as not static (never shared).
 */
const STATIC_BUDGET = 4096;
let staticBudget = STATIC_BUDGET;

const staticTypes = new WeakMap<OptionType, boolean>();
function staticType(t: OptionType): boolean {
  let r = staticTypes.get(t);
  if (r === undefined) {
    // A type is checked once (then remembered) on a budget of its own.
    const outer = staticBudget;
    staticBudget = STATIC_BUDGET;
    r = (t.subModules ?? []).every((m) => isStatic(m, 0)) && Object.values(t.nestedTypes).every(staticType);
    staticBudget = outer;
    staticTypes.set(t, r);
  }
  return r;
}

function isStatic(v: unknown, depth: number): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return true;
  if (typeof v === "function" || depth > 32 || --staticBudget < 0 || isRef(v) || v instanceof Lazy) return false;
  if (v instanceof MkIf) return typeof v.condition === "boolean" && isStatic(v.content, depth + 1);
  if (v instanceof MkMerge) return v.contents.every((c) => isStatic(c, depth + 1));
  if (v instanceof MkOverride || v instanceof MkOrder) return isStatic(v.content, depth + 1);
  if (v instanceof OptionDecl)
    return (
      !v.spec.apply &&
      isStatic(Object.getOwnPropertyDescriptor(v.spec, "default")?.value ?? null, depth + 1) &&
      !Object.getOwnPropertyDescriptor(v.spec, "default")?.get &&
      (!v.spec.type || staticType(v.spec.type))
    );
  if (isOptionType(v)) return staticType(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isStatic(v[i], depth + 1)) return false;
    return true;
  }
  return isPlainObject(v) && dataProperties(v, Infinity, (x) => isStatic(x, depth + 1));
}

/**
 * Whether a computed value depends on its definitions only (so an unchanged option keeps
 * it). Without `walkDefinitions`, a value that is not plain data counts as not settled
 * unless that was worked out before (walking its definitions is what costs).
 */
export function settled(st: OptionState, walkDefinitions = true): boolean {
  if (!st.done || st.impure || st.deps !== undefined || st.args !== undefined) return false;
  if (st.foreign && !st.foreign.every((f) => f.done)) return false;
  return st.pure === true || isPlainValue(st.value) || (walkDefinitions && (st.pure ??= staticOption(st)));
}

export function samePlain(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return isPlainValue(a) && isPlainValue(b) && deepEqual(a, b);
}
