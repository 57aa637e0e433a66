/**
 * The definition pipeline of one option (nixpkgs `mergeDefinitions`):
 * 1. `mkMerge` is spliced and `mkIf` decided (`discharge`);
 * 2. only the definitions of the lowest override priority survive (`filterOverrides`);
 * 3. when any `mkOrder` is present, a stable sort by order priority;
 * 4. every value is checked by the type, then the type merges them.
 * References and `lazy` values are followed to their values at each step.
 */
import { contextOf, MkDefinition, type Definition, withValue } from "./definition.js";
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

/** A definition whose value needs no discharge: not `mkIf`/`mkMerge`, a reference or lazy. */
function isSimple(d: Definition): boolean {
  const v = d.value;
  return (
    (typeof v !== "object" && typeof v !== "function") ||
    v === null ||
    v instanceof MkOverride ||
    v instanceof MkOrder ||
    Array.isArray(v) ||
    isPlainObject(v)
  );
}

/**
 * Expands `mkMerge` and decides `mkIf`, giving the values a definition contributes (in
 * order, conditions decided in that order). A worklist, not recursion: properties may
 * nest as deep as memory allows.
 */
export function discharge(value: unknown, file: string, loc: readonly string[], out: unknown[] = []): unknown[] {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = deref(stack.pop());
    if (v instanceof MkMerge) {
      const contents = Array.isArray(v.contents) ? v.contents : Array.from(v.contents);
      for (let i = contents.length - 1; i >= 0; i--) stack.push(contents[i]);
    } else if (v instanceof MkIf) {
      if (evalCondition(v.condition, file, loc)) stack.push(v.content);
    } else {
      out.push(v);
    }
  }
  return out;
}

/**
 * Merges raw definitions of one value of type `type` at `loc`. The work is done when
 * `mergedValue` is first read; `isDefined` needs only the conditions.
 */
export function mergeDefinitions<T>(
  loc: readonly string[],
  type: OptionType<T>,
  defs: readonly Definition[],
): Merged<T> {
  const context = contextOf(defs);
  return context === undefined ? pipeline(loc, type, defs) : context.enter(() => pipeline(loc, type, defs));
}

function pipeline<T>(loc: readonly string[], type: OptionType<T>, defs: readonly Definition[]): Merged<T> {
  let discharged: readonly Definition[] = defs;
  if (!defs.every(isSimple)) {
    const out: Definition[] = [];
    for (const d of defs) {
      if (isSimple(d)) out.push(d);
      else
        for (const value of discharge(d.value, d.file, loc))
          out.push(
            value instanceof MkDefinition
              ? { ...withValue(d, value.value), file: value.file, line: value.line }
              : value === d.value
                ? d
                : withValue(d, value),
          );
    }
    discharged = out;
  }
  let highestPrio = 9999;
  let overrides = false;
  for (const d of discharged) {
    if (!(d.value instanceof MkOverride)) {
      if (priorities.plain < highestPrio) highestPrio = priorities.plain;
      continue;
    }
    overrides = true;
    if (d.value.priority < highestPrio) highestPrio = d.value.priority;
  }
  let defsFinal: Definition[] = discharged as Definition[];
  let hasOrder = false;
  if (overrides) {
    const prio = (d: Definition) => (d.value instanceof MkOverride ? d.value.priority : priorities.plain);
    let count = 0;
    for (const d of discharged) if (prio(d) === highestPrio) count++;
    defsFinal = new Array(count);
    let n = 0;
    for (const d of discharged) {
      if (prio(d) !== highestPrio) continue;
      const value = d.value instanceof MkOverride ? deref(d.value.content) : d.value;
      defsFinal[n++] = value === d.value ? d : withValue(d, value);
    }
  }
  for (const d of defsFinal) if (d.value instanceof MkOrder) hasOrder = true;
  if (hasOrder) {
    const prio = (d: Definition) => (d.value instanceof MkOrder ? d.value.priority : orderPriorities.plain);
    defsFinal = defsFinal
      .map((d, i) => ({ d, i, p: prio(d) }))
      .sort((a, b) => a.p - b.p || a.i - b.i)
      .map(({ d }) => (d.value instanceof MkOrder ? withValue(d, deref(d.value.content)) : d));
  }
  return new MergedDefinitions(loc, type, defsFinal, highestPrio);
}

class MergedDefinitions<T> implements Merged<T> {
  private computed = false;
  private value: T | undefined = undefined;
  constructor(
    readonly loc: readonly string[],
    readonly type: OptionType<T>,
    readonly defsFinal: Definition[],
    readonly highestPrio: number,
  ) {}
  get isDefined(): boolean {
    return this.defsFinal.length > 0;
  }
  get mergedValue(): T {
    if (!this.computed) {
      const context = contextOf(this.defsFinal);
      this.value =
        context === undefined
          ? checkAndMerge(this.loc, this.type, this.defsFinal)
          : context.enter(() => checkAndMerge(this.loc, this.type, this.defsFinal));
      this.computed = true;
    }
    return this.value as T;
  }
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
  let ok = true;
  for (const d of defs) if (!type.check(d.value)) ok = false;
  if (!ok) {
    const invalid = defs.filter((d) => !type.check(d.value));
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
