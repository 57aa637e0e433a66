/**
 * Whether a computed option value can serve an extension as it is (docs/semantics.md,
 * rules 4 and 5): plain data, or a value whose definitions (and type) are static data,
 * computed without reading anything an extension would have to check.
 */
import { isConfigNode } from "./config-node.js";
import { types } from "node:util";
import type { DeclTree, MergedOption } from "./declarations.js";
import { defContent, defCount, isDeferredDef } from "./definition-index.js";
import { computedValues } from "./lazy-attrs.js";
import { Lazy } from "./lazy.js";
import { hasLazyElements } from "./lazy-list.js";
import type { OptionState } from "./option-state.js";
import { OptionDecl } from "./option.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";
import { getterOf } from "./plain-object.js";
import { isRef } from "./reference.js";
import { deepEqual, isOptionType, isPlainObject, isPureType, type OptionType } from "./types/option-type.js";

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
 * How many values one check may visit (rule 7): definitions can hold large data (a
 * package set given as a value), and a value too large to check counts as not static
 * (never shared).
 */
const STATIC_BUDGET = 4096;

/** What is left of a check's budget. */
interface Budget {
  left: number;
}

/**
 * Whether the value of `st` is a pure function of its definitions (asked once, then
 * kept with its reads): every definition and every module of its type is static data
 * (no getters, functions, references or lazy values that could read a configuration
 * later), and no `apply`.
 */
export function staticDefinitions(st: OptionState): boolean {
  if (st.pureDefs) return true;
  const known = st.reads?.pure;
  if (known !== undefined) return known;
  const pure = staticOption(st);
  (st.reads ??= {}).pure = pure;
  return pure;
}

function staticOption(st: OptionState): boolean {
  const opt = st.leaf.option;
  if (opt.spec.apply || !staticType(opt.type)) return false;
  const budget: Budget = { left: STATIC_BUDGET };
  for (let i = 0; i < defCount(st.defs); i++)
    if (isDeferredDef(st.defs, i) || !isStatic(defContent(st.defs, i), 0, budget)) return false;
  return true;
}

/** Whether `v` is static data (see isStatic), on a budget of its own (rule 7). */
export function isStaticValue(v: unknown): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return true;
  return isStatic(v, 0, { left: STATIC_BUDGET });
}

const pureTrees = new WeakMap<DeclTree, boolean>();

/**
 * Whether every option of `tree` outside its `_module` merges static definitions
 * without running code of the user: a type of the library whose modules are static
 * data, no `apply`, and a default (if any) that is static data. Remembered per tree.
 */
export function pureOptions(tree: DeclTree): boolean {
  let r = pureTrees.get(tree);
  if (r === undefined) {
    const walk = (t: DeclTree, root: boolean): boolean => {
      for (const [name, c] of t.children) {
        if (root && name === "_module") continue;
        if (c.kind === "tree") {
          if (!walk(c, false)) return false;
          continue;
        }
        let o: MergedOption;
        try {
          o = c.option;
        } catch {
          return false; // declarations that do not merge: the option fails when used
        }
        if (o.spec.apply || !isPureType(o.type) || !staticType(o.type)) return false;
        const d = Object.getOwnPropertyDescriptor(o.spec, "default");
        if (d && (!("value" in d) || !isStaticValue(d.value))) return false;
      }
      return true;
    };
    r = walk(tree, true);
    pureTrees.set(tree, r);
  }
  return r;
}

const staticTypes = new WeakMap<OptionType, boolean>();

/** Whether a type's modules are static data (checked once per type, on a budget of its own, then remembered). */
function staticType(t: OptionType): boolean {
  let r = staticTypes.get(t);
  if (r === undefined) {
    const budget: Budget = { left: STATIC_BUDGET };
    r = (t.subModules ?? []).every((m) => isStatic(m, 0, budget)) && Object.values(t.nestedTypes).every(staticType);
    staticTypes.set(t, r);
  }
  return r;
}

function isStatic(v: unknown, depth: number, budget: Budget): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return true;
  if (typeof v === "function" || depth > 32 || --budget.left < 0 || isRef(v) || v instanceof Lazy) return false;
  if (v instanceof MkIf) return typeof v.condition === "boolean" && isStatic(v.content, depth + 1, budget);
  if (v instanceof MkMerge) {
    for (const c of v.contents) if (!isStatic(c, depth + 1, budget)) return false;
    return true;
  }
  if (v instanceof MkOverride || v instanceof MkOrder) return isStatic(v.content, depth + 1, budget);
  if (v instanceof OptionDecl) {
    const d = Object.getOwnPropertyDescriptor(v.spec, "default");
    return (
      !v.spec.apply &&
      isStatic(d?.value ?? null, depth + 1, budget) &&
      !d?.get &&
      (!v.spec.type || staticType(v.spec.type))
    );
  }
  if (isOptionType(v)) return staticType(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isStatic(v[i], depth + 1, budget)) return false;
    return true;
  }
  if (!isPlainObject(v) || types.isProxy(v)) return false;
  // Every own property a data property (read without running a getter) of static data.
  const names = Object.getOwnPropertyNames(v);
  if (Object.getOwnPropertySymbols(v).length > 0) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (getterOf(v, name) !== undefined || !isStatic(v[name], depth + 1, budget)) return false;
  }
  return true;
}

/**
 * Whether a computed value depends on its definitions only, so an unchanged option keeps
 * it (rule 5): it read nothing, and it is plain data or of static definitions. Without
 * `walkDefinitions`, a value that is not plain data counts as not settled unless that
 * was worked out before (walking its definitions is what costs).
 */
export function settled(st: OptionState, walkDefinitions = true): boolean {
  if (!st.done) return false;
  const r = st.reads;
  if (r !== undefined && (r.impure || r.deps !== undefined || r.args !== undefined)) return false;
  return r?.pure === true || isPlainValue(st.value) || (walkDefinitions && staticDefinitions(st));
}

/** Whether two values are the same, or equal plain data. */
export function samePlain(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return isPlainValue(a) && isPlainValue(b) && deepEqual(a, b);
}
