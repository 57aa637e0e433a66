/**
 * The definition index of an evaluation, in one piece (stage 3 of docs/semantics.md):
 * every definition found along the declaration tree, grouped by option number, in
 * merge order within each option. It is made in one walk of the modules when the
 * configuration is first taken, and costs about 14 bytes a definition: no state per
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
import { appendDef, DATA, type DefinitionSink, type DefList, type DefOrigin, NO_DEFS } from "./definition-index.js";
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

/**
 * Where the definitions of each option were in the last index of a tree (its `starts`):
 * where they will be in the next one, when its modules define the same options as many
 * times (the hosts of a fleet, the values of one submodule type).
 */
const lastStarts = new WeakMap<DeclTree, Uint16Array | Int32Array>();

type Numbers = Int32Array | Uint16Array | Uint8Array;

/**
 * The scratch numbers of a finished builder, lent to the next one (they are needed only
 * until `finish`); up to this many, so that one large index holds no more memory later.
 */
let spare: Int32Array | undefined;
const SPARE_LIMIT = 0x10000;

function borrow(length: number): Int32Array {
  const s = spare;
  if (s === undefined || s.length < length) return new Int32Array(length);
  spare = undefined;
  return s;
}

function giveBack(a: Int32Array): void {
  if (a.length <= SPARE_LIMIT && (spare === undefined || spare.length < a.length)) spare = a;
}

/** A typed array (`make` gives its kind) of `length` numbers, with those of `a` first. */
function widened(a: Numbers, length: number, make: (n: number) => Numbers): Numbers {
  const out = make(length);
  out.set(a.subarray(0, Math.min(a.length, length)));
  return out;
}

/**
 * Collects definitions while the modules are walked, then makes the index (finish). Each
 * definition is written where the index keeps it: at its place in the last index of the
 * same tree while the options are defined no more times than there (then `finish` has
 * nothing to move), else in the order found, and `finish` moves each to its place.
 */
export class FlatIndexBuilder implements DefinitionSink {
  readonly unmatched: UnmatchedDefinition[] = [];
  /** Per definition in the order found: its option number, then (in finish) its place (unused while placed as guessed). */
  private options: Int32Array | undefined = undefined;
  /** The last index's starts, and per option the next place for its definitions, while they are placed as that guesses. */
  private readonly guess: Uint16Array | Int32Array | undefined;
  private next: Int32Array | undefined = undefined;
  /** Per definition: origin number, value, kind and key, as FlatDefs has them. */
  private origins: Numbers;
  private readonly values: unknown[];
  private kinds: Int32Array;
  private keys: (string | undefined)[] | undefined = undefined;
  private n = 0;
  /** How many definitions the typed arrays hold room for. */
  private room: number;
  /** The origins met; beyond a few, each one's number in a map (the last one looked up is remembered: a module's definitions come together). */
  private readonly originList: DefOrigin[] = [];
  private originNumbers: Map<DefOrigin, number> | undefined = undefined;
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
    const guess = lastStarts.get(tree);
    const room = (this.room = guess ? guess[tree.size]! : 4);
    this.values = new Array(room);
    if (room <= 16) {
      this.kinds = new Int32Array(room);
      this.origins = new Uint8Array(room);
    } else {
      // One buffer for both (beyond 64 bytes a typed array's numbers are allocated apart).
      const buffer = new ArrayBuffer(5 * room);
      this.kinds = new Int32Array(buffer, 0, room);
      this.origins = new Uint8Array(buffer, 4 * room, room);
    }
    if (guess && room > 0) {
      this.guess = guess;
      const next = (this.next = borrow(tree.size));
      for (let i = 0; i < tree.size; i++) next[i] = guess[i]!;
    } else {
      this.options = borrow(room);
    }
  }

  define(leaf: OptionLeaf, origin: DefOrigin, holder: object, key: string): void {
    const i = leaf.index;
    if (this.ownMask[i] === 1) {
      const list = (this.own[i] ??= [] as unknown as DefList) as unknown as unknown[];
      appendDef(list, origin, holder, key);
      return;
    }
    if (origin !== this.lastOrigin) {
      this.lastNumber = this.originNumber(origin);
      this.lastOrigin = origin;
    }
    let n: number;
    const next = this.next;
    if (next !== undefined && next[i]! < this.guess![i + 1]!) {
      n = next[i]!++;
      this.n++;
    } else {
      if (next !== undefined) this.unguess();
      n = this.n;
      if (n === this.room) this.grow();
      this.n = n + 1;
      this.options![n] = i;
    }
    this.origins[n] = this.lastNumber;
    // The value of a data property is taken now; a getter (or any value behind a proxy) is
    // read when merged. `a` and `b` are the definition as DefList has it.
    let a: unknown;
    let b: unknown;
    if (holder !== this.lastHolder) {
      this.lastHolder = holder;
      this.lastIsProxy = types.isProxy(holder);
    }
    if (this.lastIsProxy || getterOf(holder, key) !== undefined) {
      a = holder;
      b = key;
      this.values[n] = holder;
      this.kinds[n] = DEFERRED_KIND;
      (this.keys ??= [])[n] = key;
      this.staticData = false;
    } else {
      const v = (holder as Record<string, unknown>)[key];
      // (`instanceof` only on objects: a reference is a function whose prototype is its value's.)
      if (typeof v === "object" && v !== null && v instanceof MkOverride && typeof v.priority === "number") {
        a = v.content;
        b = v.priority;
        const p = v.priority;
        if (p === (p | 0) && p > DEFERRED_KIND) {
          this.values[n] = a;
          this.kinds[n] = p;
        } else {
          // A priority that is not a small integer: kept as the property it was.
          this.values[n] = new MkOverride(p, a);
          this.kinds[n] = DATA_KIND;
        }
      } else {
        a = v;
        b = DATA;
        this.values[n] = v;
        this.kinds[n] = DATA_KIND;
      }
      if (this.staticData && !isStaticValue(a)) this.staticData = false;
    }
    const early = this.early?.[i];
    if (early) early.push(origin, a, b);
  }

  /** The number of `origin` (given the next one when new). */
  private originNumber(origin: DefOrigin): number {
    const list = this.originList;
    let map = this.originNumbers;
    if (map === undefined) {
      for (let k = 0; k < list.length; k++) if (list[k] === origin) return k;
      if (list.length >= 16) map = this.originNumbers = new Map(list.map((o, k) => [o, k]));
    } else {
      const k = map.get(origin);
      if (k !== undefined) return k;
    }
    const k = list.push(origin) - 1;
    map?.set(origin, k);
    const o = this.origins;
    if (k === 0x100 && o instanceof Uint8Array) this.origins = widened(o, this.room, (l) => new Uint16Array(l));
    else if (k === 0x10000 && o instanceof Uint16Array) this.origins = widened(o, this.room, (l) => new Int32Array(l));
    return k;
  }

  /**
   * From definitions placed as guessed to definitions in the order found: those placed
   * move down to the first places, option after option (each option's in the order
   * found, which is all finish needs).
   */
  private unguess(): void {
    const next = this.next!;
    const guess = this.guess!;
    const options = (this.options = borrow(this.room));
    const { values, kinds, origins, keys } = this;
    let m = 0;
    for (let i = 0; i < next.length; i++) {
      for (let j = guess[i]!; j < next[i]!; j++, m++) {
        if (m !== j) {
          values[m] = values[j];
          kinds[m] = kinds[j]!;
          origins[m] = origins[j]!;
          if (keys) keys[m] = keys[j];
        }
        options[m] = i;
      }
    }
    this.next = undefined;
    giveBack(next);
  }

  /** Twice the room in the typed arrays. */
  private grow(): void {
    const room = (this.room = Math.max(4, 2 * this.room));
    this.options = widened(this.options!.subarray(0, this.n), room, (l) => new Int32Array(l)) as Int32Array;
    this.kinds = widened(this.kinds, room, (l) => new Int32Array(l)) as Int32Array;
    const o = this.origins;
    this.origins =
      o instanceof Uint8Array
        ? widened(o, room, (l) => new Uint8Array(l))
        : o instanceof Uint16Array
          ? widened(o, room, (l) => new Uint16Array(l))
          : widened(o, room, (l) => new Int32Array(l));
  }

  /**
   * The definitions of option `leaf` found so far, for an option read while the modules
   * are still walked (a module's configuration that is computed, and reads `config`, to
   * know its names): the list grows as the walk finds more.
   */
  soFar(leaf: OptionLeaf): DefList {
    const i = leaf.index;
    if (this.ownMask[i] === 1) return (this.own[i] ??= [] as unknown as DefList);
    if (this.next !== undefined) this.unguess();
    const list: unknown[] = [];
    for (let j = 0; j < this.n; j++) {
      if (this.options![j] !== i) continue;
      const k = this.kinds[j]!;
      list.push(
        this.originList[this.origins[j]!],
        this.values[j],
        k === DATA_KIND ? DATA : k === DEFERRED_KIND ? this.keys![j] : k,
      );
    }
    (this.early ??= [])[i] = list;
    return list as unknown as DefList;
  }

  /** The index of what was found (grouped by option, in the order found within each). */
  finish(): FlatDefs {
    const size = this.tree.size;
    const total = this.n;
    if (this.next !== undefined) {
      // Each option defined no more times than guessed, and as many definitions in all: as many each, all in place.
      if (total === this.room) {
        giveBack(this.next);
        this.next = undefined;
        return this.made(this.guess!, this.kinds, this.origins);
      }
      this.unguess();
    }
    const starts = total < 0xffff ? new Uint16Array(size + 1) : new Int32Array(size + 1);
    const options = this.options!;
    // Counts, then where each option's definitions end; from the last found, each
    // option's end moves down to its start, giving each definition its place.
    for (let j = 0; j < total; j++) starts[options[j]!]!++;
    for (let i = 1; i <= size; i++) starts[i]! += starts[i - 1]!;
    for (let j = total - 1; j >= 0; j--) options[j] = --starts[options[j]!]!;
    const { values, kinds, origins, keys } = this;
    // Each definition to its place: a swap puts one there, and brings the one whose place that was.
    for (let j = 0; j < total; j++) {
      for (let d = options[j]!; d !== j; d = options[j]!) {
        const v = values[j];
        values[j] = values[d];
        values[d] = v;
        const k = kinds[j]!;
        kinds[j] = kinds[d]!;
        kinds[d] = k;
        const o = origins[j]!;
        origins[j] = origins[d]!;
        origins[d] = o;
        if (keys) {
          const key = keys[j];
          keys[j] = keys[d];
          keys[d] = key;
        }
        options[j] = options[d]!;
        options[d] = d;
      }
    }
    giveBack(options);
    this.options = undefined;
    const exact = total === this.room;
    return this.made(starts, exact ? kinds : kinds.slice(0, total), exact ? origins : origins.slice(0, total));
  }

  private made(starts: Uint16Array | Int32Array, kinds: Int32Array, origins: Numbers): FlatDefs {
    const total = this.n;
    this.values.length = total;
    if (this.keys) this.keys.length = total;
    lastStarts.set(this.tree, starts);
    return { starts, values: this.values, kinds, keys: this.keys, origins, originList: this.originList };
  }
}
