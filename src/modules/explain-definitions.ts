/**
 * Every definition of an option, as the evaluation saw it, and what became of it.
 *
 * The modules of the evaluation are walked in merge order (the reverse of collection
 * order, as `evalModules` indexes them) along the option's path, pushing `mkMerge`,
 * `mkIf` and `mkOverride` down as the evaluator does; below the option, the path goes
 * on into submodule values. Each definition is then discharged as `mergeDefinitions`
 * does: `mkMerge` spliced, `mkIf` decided (a false condition disables it), the override
 * priority read (only the lowest number survives) and the `mkOrder` priority (lists and
 * strings are sorted by it). The option's default is a definition at priority 1500.
 */
import type { EvalResult } from "./eval.js";
import { discharge, evalCondition } from "./merge.js";
import type { NormalModule } from "./normalize.js";
import { priorities } from "./priority.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";
import { deref } from "./reference.js";
import { isPlainObject } from "./types/option-type.js";

/** One definition as written in a module: its value still wrapped in properties. */
export interface RawDefinition {
  readonly file: string;
  /** The key of the module it is in. */
  readonly moduleKey: string;
  /** The value with its `mkIf`/`mkOverride`/... wrappers. */
  readonly value: unknown;
  /** Its index in merge order. */
  readonly index: number;
}

/** What became of a definition. */
export type DefinitionStatus = "used" | "overridden" | "disabled";

/** One definition after discharge. */
export interface ExplainedDefinition {
  readonly raw: RawDefinition;
  /** The value, properties removed. */
  readonly value: unknown;
  readonly priority: number;
  readonly order: number;
  readonly status: DefinitionStatus;
  /** Whether it is the option's default (from its declaration). */
  readonly isDefault: boolean;
}

function pushed(v: unknown, wrap: (x: unknown) => unknown): (x: unknown) => unknown {
  return v instanceof MkIf
    ? (x) => wrap(new MkIf(v.condition, x))
    : (x) => wrap(new MkOverride((v as MkOverride).priority, x));
}

function collectAt(
  value: unknown,
  path: readonly string[],
  i: number,
  wrap: (x: unknown) => unknown,
  out: unknown[],
): void {
  if (i === path.length) {
    out.push(wrap(value));
    return;
  }
  const v = deref(value);
  if (v instanceof MkMerge) for (const c of v.contents) collectAt(c, path, i, wrap, out);
  else if (v instanceof MkIf || v instanceof MkOverride) collectAt(v.content, path, i, pushed(v, wrap), out);
  else if (isPlainObject(v) && Object.hasOwn(v, path[i]!)) collectAt(v[path[i]!], path, i + 1, wrap, out);
}

/** The definitions of `path` (an option's path, possibly going on below it) in merge order. */
export function rawDefinitions(modules: readonly NormalModule[], path: readonly string[]): RawDefinition[] {
  const out: RawDefinition[] = [];
  for (const m of [...modules].reverse()) {
    const found: unknown[] = [];
    collectAt(m.config, path, 0, (x) => x, found);
    for (const value of found) out.push({ file: m.file, moduleKey: m.key, value, index: out.length });
  }
  return out;
}

/** The values a definition contributes, with their priorities, and those a false `mkIf` disabled. */
function dischargeOne(
  raw: RawDefinition,
  loc: readonly string[],
): { value: unknown; priority: number; order: number; disabled: boolean }[] {
  const out: { value: unknown; priority: number; order: number; disabled: boolean }[] = [];
  const visit = (x: unknown) => {
    const v = deref(x);
    if (v instanceof MkMerge) v.contents.forEach(visit);
    else if (v instanceof MkIf) {
      if (evalCondition(v.condition, raw.file, loc)) visit(v.content);
      else out.push({ value: strip(v.content), priority: priorities.plain, order: 1000, disabled: true });
    } else {
      let priority: number = priorities.plain;
      let order = 1000;
      let inner = v;
      if (inner instanceof MkOverride) [priority, inner] = [inner.priority, deref(inner.content)];
      if (inner instanceof MkOrder) [order, inner] = [inner.priority, deref(inner.content)];
      out.push({ value: inner, priority, order, disabled: false });
    }
  };
  visit(raw.value);
  return out;
}

/** A value without its property wrappers (for showing what a disabled definition held). */
function strip(x: unknown): unknown {
  const v = deref(x);
  if (v instanceof MkIf || v instanceof MkOverride || v instanceof MkOrder) return strip(v.content);
  if (v instanceof MkMerge) return v.contents.map(strip);
  return v;
}

/**
 * A definition's value without its property wrappers when it is plain data (null,
 * strings, numbers, booleans, arrays and plain objects of them, no getters), for
 * comparing with a literal written in a source file; `undefined` otherwise.
 */
export function plainDefinitionData(x: unknown, depth = 0): { value: unknown } | undefined {
  const v = deref(x);
  if (v instanceof MkIf || v instanceof MkOverride || v instanceof MkOrder)
    return plainDefinitionData(v.content, depth);
  if (v instanceof MkMerge || depth > 16) return undefined;
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return { value: v };
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const p = plainDefinitionData(e, depth + 1);
      if (!p) return undefined;
      out.push(p.value);
    }
    return { value: out };
  }
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(v))) {
      if (!("value" in d)) return undefined;
      const p = plainDefinitionData(d.value, depth + 1);
      if (!p) return undefined;
      out[k] = p.value;
    }
    return { value: out };
  }
  return undefined;
}

/** What {@link explainDefinitions} takes. */
export interface DefinitionsQuery {
  readonly evaluation: EvalResult;
  /** The path in the evaluation's modules: the option's path and any path below it. */
  readonly path: readonly string[];
  /** The option's location (for conditions' error messages). */
  readonly loc: readonly string[];
  /** The option's (or sub-option's) default, if it has one, and the file declaring it. */
  readonly defaultValue?: { readonly value: unknown; readonly file: string };
}

/** Every definition of an option (or of a path below one) with its priority and status. */
export function explainDefinitions(q: DefinitionsQuery): ExplainedDefinition[] {
  const raws = rawDefinitions(q.evaluation.modules, q.path);
  const entries: Omit<ExplainedDefinition, "status">[] = [];
  if (q.defaultValue) {
    const raw: RawDefinition = { file: q.defaultValue.file, moduleKey: "", value: q.defaultValue.value, index: -1 };
    entries.push({
      raw,
      value: deref(q.defaultValue.value),
      priority: priorities.optionDefault,
      order: 1000,
      isDefault: true,
    });
  }
  const disabled = new Set<object>();
  for (const raw of raws) {
    for (const d of dischargeOne(raw, q.loc)) {
      const e = { raw, value: d.value, priority: d.priority, order: d.order, isDefault: false };
      if (d.disabled) disabled.add(e);
      entries.push(e);
    }
  }
  let highest: number = 9999;
  for (const e of entries) if (!disabled.has(e) && e.priority < highest) highest = e.priority;
  return entries.map((e) => ({
    ...e,
    status: disabled.has(e) ? "disabled" : e.priority === highest ? "used" : "overridden",
  }));
}

/** An element of a merged list, and the definition (and its element index) it came from. */
export interface ListElement {
  readonly value: unknown;
  readonly definition: ExplainedDefinition;
  /** Its index in the definition's list as written. */
  readonly index: number;
}

/**
 * Where each element of a list option's value came from: the used definitions sorted by
 * `mkOrder` priority (stably), each contributing its elements (an element under a false
 * `mkIf` contributes nothing).
 */
export function listElementsOf(defs: readonly ExplainedDefinition[], loc: readonly string[]): ListElement[] {
  const used = defs.filter((d) => d.status === "used" && Array.isArray(d.value));
  const sorted = used.map((d, i) => ({ d, i })).sort((a, b) => a.d.order - b.d.order || a.i - b.i);
  const out: ListElement[] = [];
  for (const { d } of sorted) {
    (d.value as unknown[]).forEach((el, index) => {
      for (const value of discharge(el, d.raw.file, loc)) out.push({ value, definition: d, index });
    });
  }
  return out;
}

/** Names of the override priorities, for showing them. */
export function priorityName(p: number): string {
  switch (p) {
    case priorities.vmOverride:
      return "mkVMOverride";
    case priorities.force:
      return "mkForce";
    case priorities.imageMediaOverride:
      return "mkImageMediaOverride";
    case priorities.plain:
      return "plain";
    case priorities.default:
      return "mkDefault";
    case priorities.optionDefault:
      return "option default";
    default:
      return `mkOverride ${p}`;
  }
}
