/**
 * The definition index of an evaluation, in one piece (stage 3 of docs/semantics.md):
 * every definition found along the declaration tree, grouped by option number, in
 * merge order within each option. It is made in one walk of the modules when the
 * configuration is first taken, and costs three slots a definition: no state per
 * option is made until an option is read, and the modules' own objects are not kept
 * for a value taken from a data property (see DefList).
 *
 * The options under the root's `_module` (the evaluation's arguments, `check`,
 * `freeformType`) are kept apart: they hold what belongs to this evaluation alone (its
 * `extendModules`), while the rest may serve a configuration that outlives it (see
 * Evaluation.detach).
 */
import type { DeclTree, OptionLeaf } from "./declarations.js";
import { appendDef, type DefinitionSink, type DefList, type DefOrigin, DEFERRED, NO_DEFS } from "./definition-index.js";
import type { UnmatchedDefinition } from "./definition.js";
import { isStaticValue } from "./settled.js";

/** The definitions of the options outside `_module`, by option number. */
export interface FlatDefs {
  /** Where the definitions of option `i` start (counted in definitions); `starts[i + 1]` is where they end. */
  readonly starts: Int32Array;
  /** Three slots a definition (see DefList). */
  readonly slots: readonly unknown[];
}

/** The definitions of option `index` in `flat`, as a list of their own. */
export function flatDefs(flat: FlatDefs, index: number): DefList {
  const from = flat.starts[index]!;
  const to = flat.starts[index + 1]!;
  return from === to ? NO_DEFS : (flat.slots.slice(3 * from, 3 * to) as unknown as DefList);
}

const ownMasks = new WeakMap<DeclTree, Uint8Array>();

/** Per option number of `tree`, 1 for the options under its `_module` (kept apart, see the file's comment). */
export function ownLeaves(tree: DeclTree): Uint8Array {
  let mask = ownMasks.get(tree);
  if (!mask) {
    mask = new Uint8Array(tree.size);
    const mark = (t: DeclTree): void => {
      for (const c of t.children.values()) {
        if (c.kind === "option") mask![c.index] = 1;
        else mark(c);
      }
    };
    const m = tree.children.get("_module");
    if (m?.kind === "tree") mark(m);
    else if (m?.kind === "option") mask[m.index] = 1;
    ownMasks.set(tree, mask);
  }
  return mask;
}

/** Collects definitions while the modules are walked, then makes the index (finish). */
export class FlatIndexBuilder implements DefinitionSink {
  readonly unmatched: UnmatchedDefinition[] = [];
  /** Option number, then the three slots of a definition, in the order found. */
  private readonly found: unknown[] = [];
  private readonly counts: Int32Array;
  /** The definitions of the options under `_module`, by option number. */
  readonly own: (DefList | undefined)[] = [];
  /** Whether every definition outside `_module` is static data (no getter, function, reference or lazy value). */
  staticData = true;

  constructor(
    private readonly size: number,
    private readonly ownMask: Uint8Array,
  ) {
    this.counts = new Int32Array(size);
  }

  define(leaf: OptionLeaf, origin: DefOrigin, holder: object, key: string): void {
    const i = leaf.index;
    if (this.ownMask[i] === 1) {
      const list = (this.own[i] ??= [] as unknown as DefList) as unknown as unknown[];
      appendDef(list, origin, holder, key);
      return;
    }
    const found = this.found;
    found.push(i);
    const v = appendDef(found, origin, holder, key);
    this.counts[i]!++;
    if (this.staticData && (v === DEFERRED || !isStaticValue(v))) this.staticData = false;
  }

  /** The index of what was found. */
  finish(): FlatDefs {
    const size = this.size;
    const counts = this.counts;
    const starts = new Int32Array(size + 1);
    let total = 0;
    for (let i = 0; i < size; i++) {
      starts[i] = total;
      total += counts[i]!;
    }
    starts[size] = total;
    const slots: unknown[] = new Array(3 * total);
    const next = starts.slice(0, size);
    const found = this.found;
    for (let p = 0; p < found.length; p += 4) {
      const at = 3 * next[found[p] as number]!++;
      slots[at] = found[p + 1];
      slots[at + 1] = found[p + 2];
      slots[at + 2] = found[p + 3];
    }
    return { starts, slots };
  }
}

/** Whether `list` holds the same definitions as option `index` of `flat` (see sameDefs). */
export function sameAsFlat(flat: FlatDefs, index: number, list: DefList): boolean {
  const from = 3 * flat.starts[index]!;
  const to = 3 * flat.starts[index + 1]!;
  if (list.length !== to - from) return false;
  const slots = flat.slots;
  for (let i = 0; i < list.length; i++) if (list[i] !== slots[from + i]) return false;
  return true;
}
