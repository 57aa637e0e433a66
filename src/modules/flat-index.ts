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
import { types } from "node:util";
import type { DeclTree, OptionLeaf } from "./declarations.js";
import {
  appendDef,
  DATA,
  type DefinitionSink,
  type DefList,
  type DefOrigin,
  DEFERRED,
  NO_DEFS,
} from "./definition-index.js";
import { getterOf } from "./plain-object.js";
import { MkOverride } from "./properties.js";
import type { UnmatchedDefinition } from "./definition.js";
import { isStaticValue } from "./settled.js";

/**
 * The definitions of the options outside `_module`, by option number, one entry a
 * definition (about 14 bytes: a fleet's hosts keep this until they are read). Entry `j`
 * is a definition as DefList has it: its origin (`originList[origins[j]]`), its value
 * (`values[j]`), and what that value is (`kinds[j]`: a priority for `mkOverride`'s
 * content, DATA_KIND for a value, DEFERRED_KIND for a holder whose key is `keys[j]`).
 */
export interface FlatDefs {
  /** Where the definitions of option `i` start; `starts[i + 1]` is where they end. */
  readonly starts: Uint16Array | Int32Array;
  readonly values: readonly unknown[];
  readonly kinds: Int32Array;
  readonly keys: readonly (string | undefined)[] | undefined;
  readonly origins: Uint8Array | Uint16Array | Int32Array;
  readonly originList: readonly DefOrigin[];
}

/** `kinds[j]` of a value taken as it is. */
export const DATA_KIND = -0x80000000;
/** `kinds[j]` of a holder whose key is `keys[j]`. */
export const DEFERRED_KIND = -0x7fffffff;

/** The definitions of option `index` in `flat`, as a list of their own. */
export function flatDefs(flat: FlatDefs, index: number): DefList {
  const from = flat.starts[index]!;
  const to = flat.starts[index + 1]!;
  if (from === to) return NO_DEFS;
  const out: unknown[] = new Array(3 * (to - from));
  const { values, kinds, origins, originList } = flat;
  for (let j = from, o = 0; j < to; j++, o += 3) {
    out[o] = originList[origins[j]!];
    out[o + 1] = values[j];
    const k = kinds[j]!;
    out[o + 2] = k === DATA_KIND ? DATA : k === DEFERRED_KIND ? flat.keys![j] : k;
  }
  return out as unknown as DefList;
}

/** Whether `list` holds the same definitions as option `index` of `flat` (see sameDefs). */
export function sameAsFlat(flat: FlatDefs, index: number, list: DefList): boolean {
  const from = flat.starts[index]!;
  const to = flat.starts[index + 1]!;
  if (list.length !== 3 * (to - from)) return false;
  const l = list as readonly unknown[];
  for (let j = from, o = 0; j < to; j++, o += 3) {
    const k = flat.kinds[j]!;
    const b = k === DATA_KIND ? DATA : k === DEFERRED_KIND ? flat.keys![j] : k;
    if (l[o] !== flat.originList[flat.origins[j]!] || l[o + 1] !== flat.values[j] || l[o + 2] !== b) return false;
  }
  return true;
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

/** How many definitions the last index of a tree held (a size to start from, so the list rarely grows). */
const sizeHints = new WeakMap<DeclTree, number>();

/** Collects definitions while the modules are walked, then makes the index (finish). */
export class FlatIndexBuilder implements DefinitionSink {
  readonly unmatched: UnmatchedDefinition[] = [];
  /** Four slots a definition, in the order found: option number, origin number, value, kind (see DefList). */
  private found: unknown[];
  private n = 0;
  /** The origins met, and each one's number (the last one looked up is remembered: a module's definitions come together). */
  private readonly originList: DefOrigin[] = [];
  private readonly originNumbers = new Map<DefOrigin, number>();
  private lastOrigin: DefOrigin | undefined = undefined;
  private lastNumber = 0;
  /** The definitions of the options under `_module`, by option number. */
  readonly own: (DefList | undefined)[] = [];
  /** Whether every definition outside `_module` is static data (no getter, function, reference or lazy value). */
  staticData = true;
  /** Lists handed out while the walk goes on (see soFar), which later definitions are added to. */
  private early: unknown[][] | undefined;
  /** The last object definitions were found in, and whether it is a proxy (its keys come together). */
  private lastHolder: object | undefined = undefined;
  private lastIsProxy = false;

  constructor(
    private readonly tree: DeclTree,
    private readonly ownMask: Uint8Array,
  ) {
    this.found = new Array(4 * (sizeHints.get(tree) ?? 8));
  }

  define(leaf: OptionLeaf, origin: DefOrigin, holder: object, key: string): void {
    const i = leaf.index;
    if (this.ownMask[i] === 1) {
      const list = (this.own[i] ??= [] as unknown as DefList) as unknown as unknown[];
      appendDef(list, origin, holder, key);
      return;
    }
    if (origin !== this.lastOrigin) {
      let n = this.originNumbers.get(origin);
      if (n === undefined) {
        n = this.originList.push(origin) - 1;
        this.originNumbers.set(origin, n);
      }
      this.lastOrigin = origin;
      this.lastNumber = n;
    }
    let found = this.found;
    const at = 4 * this.n++;
    if (at + 4 > found.length) {
      found = this.found = found.concat(new Array(found.length + 4));
    }
    found[at] = i;
    found[at + 1] = this.lastNumber;
    // The value of a data property is taken now; a getter (or any value behind a proxy) is read when merged.
    let v: unknown;
    let kept: unknown = DEFERRED;
    if (holder !== this.lastHolder) {
      this.lastHolder = holder;
      this.lastIsProxy = types.isProxy(holder);
    }
    if (this.lastIsProxy || getterOf(holder, key) !== undefined) {
      found[at + 2] = holder;
      found[at + 3] = key;
      v = DEFERRED;
    } else {
      v = (holder as Record<string, unknown>)[key];
      // (`instanceof` only on objects: a reference is a function whose prototype is its value's.)
      if (typeof v === "object" && v !== null && v instanceof MkOverride && typeof v.priority === "number") {
        found[at + 2] = kept = v.content;
        found[at + 3] = v.priority;
      } else {
        found[at + 2] = kept = v;
        found[at + 3] = DATA;
      }
    }
    const early = this.early?.[i];
    if (early) early.push(origin, found[at + 2], found[at + 3]);
    if (this.staticData && (kept === DEFERRED || !isStaticValue(kept))) this.staticData = false;
  }

  /**
   * The definitions of option `leaf` found so far, for an option read while the modules
   * are still walked (a module's configuration that is computed, and reads `config`, to
   * know its names): the list grows as the walk finds more.
   */
  soFar(leaf: OptionLeaf): DefList {
    const i = leaf.index;
    if (this.ownMask[i] === 1) return (this.own[i] ??= [] as unknown as DefList);
    const list: unknown[] = [];
    const found = this.found;
    for (let p = 0; p < 4 * this.n; p += 4)
      if (found[p] === i) list.push(this.originList[found[p + 1] as number], found[p + 2], found[p + 3]);
    (this.early ??= [])[i] = list;
    return list as unknown as DefList;
  }

  /** The index of what was found (grouped by option, in the order found within each). */
  finish(): FlatDefs {
    const size = this.tree.size;
    const found = this.found;
    const total = this.n;
    sizeHints.set(this.tree, total);
    const starts = total < 0xffff ? new Uint16Array(size + 1) : new Int32Array(size + 1);
    // Counts, then where each option's definitions end; placed from the last found, each
    // option's end moves down to its start.
    for (let p = 0; p < 4 * total; p += 4) starts[found[p] as number]!++;
    for (let i = 1; i <= size; i++) starts[i]! += starts[i - 1]!;
    const originList = this.originList;
    const values: unknown[] = new Array(total);
    const kinds = new Int32Array(total);
    const origins =
      originList.length < 0x100
        ? new Uint8Array(total)
        : originList.length < 0x10000
          ? new Uint16Array(total)
          : new Int32Array(total);
    let keys: (string | undefined)[] | undefined;
    for (let p = 4 * (total - 1); p >= 0; p -= 4) {
      const j = --starts[found[p] as number]!;
      origins[j] = found[p + 1] as number;
      let v = found[p + 2];
      const b = found[p + 3];
      let k: number;
      if (b === DATA) k = DATA_KIND;
      else if (typeof b === "string") {
        k = DEFERRED_KIND;
        (keys ??= [])[j] = b;
      } else if ((b as number) === ((b as number) | 0) && (b as number) > DEFERRED_KIND) k = b as number;
      else {
        // A priority that is not a small integer: kept as the property it was.
        v = new MkOverride(b as number, v);
        k = DATA_KIND;
      }
      values[j] = v;
      kinds[j] = k;
    }
    starts[size] = total;
    if (keys) keys.length = total;
    return { starts, values, kinds, keys, origins, originList };
  }
}
