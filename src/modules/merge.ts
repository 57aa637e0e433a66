/**
 * The definition pipeline of one option (nixpkgs `mergeDefinitions`):
 * 1. `mkMerge` is spliced and `mkIf` decided (`discharge`);
 * 2. only the definitions of the lowest override priority survive (`filterOverrides`);
 * 3. when any `mkOrder` is present, a stable sort by order priority;
 * 4. every value is checked by the type, then the type merges them.
 * References and `lazy` values are followed to their values at each step.
 */
import type { Definition } from "./definition.js";
import { ModuleError } from "./errors/module-error.js";
import { showDefs, showOption, showValue } from "./errors/render.js";
import { priorities, orderPriorities } from "./priority.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";
import { deref } from "./reference.js";
import { isPlainObject, type OptionType } from "./types/option-type.js";

/** The outcome of merging the definitions of one value. */
export interface Merged<T = unknown> {
  /** The definitions that survived, properties removed, in merge order. */
  readonly defsFinal: Definition[];
  /** The lowest override priority seen (9999 when there were no definitions). */
  readonly highestPrio: number;
  readonly isDefined: boolean;
  /** The merged value; throws when nothing is defined. */
  readonly mergedValue: T;
}

/** Evaluates an `mkIf` condition: a boolean, a function returning one, or a reference. */
export function evalCondition(cond: unknown, file: string, loc: readonly string[]): boolean {
  let c = deref(cond);
  if (typeof c === "function") c = deref((c as () => unknown)());
  if (typeof c !== "boolean") {
    throw new ModuleError({
      code: "TYPE_MISMATCH",
      message: `‘mkIf’ called with a non-Boolean condition (${showValue(c)}) in \`${file}', for \`${showOption(loc)}'.`,
      optionPath: loc,
      definitions: [{ file, value: c }],
      hint: "Give mkIf a boolean, or a function returning one: mkIf(() => config.x.enable, ...).",
    });
  }
  return c;
}

/** Expands `mkMerge` and decides `mkIf`, giving the values a definition contributes. */
export function discharge(value: unknown, file: string, loc: readonly string[], out: unknown[] = []): unknown[] {
  const v = deref(value);
  if (v instanceof MkMerge) {
    for (const c of v.contents) discharge(c, file, loc, out);
  } else if (v instanceof MkIf) {
    if (evalCondition(v.condition, file, loc)) discharge(v.content, file, loc, out);
  } else {
    out.push(v);
  }
  return out;
}

/**
 * Merges raw definitions of one value of type `type` at `loc`. The work is done when
 * `mergedValue` is first read; `isDefined` needs only the conditions.
 */
export function mergeDefinitions<T>(loc: readonly string[], type: OptionType<T>, defs: readonly Definition[]): Merged<T> {
  const discharged: Definition[] = [];
  for (const d of defs) {
    const v = d.value;
    if ((typeof v !== "object" && typeof v !== "function") || v === null || isPlainObject(v) || Array.isArray(v)) {
      discharged.push(d);
      continue;
    }
    for (const value of discharge(v, d.file, loc)) discharged.push(value === v ? d : { file: d.file, line: d.line, value });
  }
  let highestPrio = 9999;
  for (const d of discharged) {
    const p = d.value instanceof MkOverride ? d.value.priority : priorities.plain;
    if (p < highestPrio) highestPrio = p;
  }
  let defsFinal: Definition[] = [];
  let hasOrder = false;
  for (const d of discharged) {
    const p = d.value instanceof MkOverride ? d.value.priority : priorities.plain;
    if (p !== highestPrio) continue;
    const value = d.value instanceof MkOverride ? deref(d.value.content) : d.value;
    if (value instanceof MkOrder) hasOrder = true;
    defsFinal.push(value === d.value ? d : { file: d.file, line: d.line, value });
  }
  if (hasOrder) {
    const prio = (d: Definition) => (d.value instanceof MkOrder ? d.value.priority : orderPriorities.plain);
    defsFinal = defsFinal
      .map((d, i) => ({ d, i, p: prio(d) }))
      .sort((a, b) => a.p - b.p || a.i - b.i)
      .map(({ d }) => (d.value instanceof MkOrder ? { file: d.file, line: d.line, value: deref(d.value.content) } : d));
  }
  const isDefined = defsFinal.length > 0;
  let computed = false;
  let value: T;
  return {
    defsFinal,
    highestPrio,
    isDefined,
    get mergedValue(): T {
      if (!computed) {
        value = checkAndMerge(loc, type, defsFinal);
        computed = true;
      }
      return value;
    },
  };
}

function checkAndMerge<T>(loc: readonly string[], type: OptionType<T>, defs: Definition[]): T {
  if (defs.length === 0) {
    throw new ModuleError({
      code: "NO_VALUE",
      message: `The option \`${showOption(loc)}' was accessed but has no value defined. Try setting the option.`,
      optionPath: loc,
      hint: `Define \`${showOption(loc)}' in a module, or give its declaration a \`default'.`,
    });
  }
  const invalid = defs.filter((d) => !type.check(d.value));
  if (invalid.length > 0) {
    throw new ModuleError({
      code: "TYPE_MISMATCH",
      message: `A definition for option \`${showOption(loc)}' is not of type \`${type.description}'. Definition values:${showDefs(invalid)}`,
      optionPath: loc,
      definitions: invalid,
      hint: `Change the value to a ${type.description}, or the option's type.`,
    });
  }
  return type.merge(loc, defs);
}
