/**
 * Incremental reuse for `extendModules` (docs/semantics.md, "Reuse in extendModules"):
 * what an extension takes from the evaluation it extends instead of computing it again,
 * and the record of what each value read, which that decision needs. The evaluation
 * core calls it at these points, and only these:
 *
 *   index      the definition index of an extension, spliced from its base's
 *   state      an option's state in a spliced index (the base's own when settled)
 *   value      whether the base's value of an option serves the extension
 *   node       a sub-tree of `result.config` taken whole from the base
 *   read, readArg, readDefinitions   what the value being computed read
 *   complete   a node of `result.config` has all its values
 *
 * An evaluation that extends nothing records reads only (its extensions decide later).
 */
import type { DeclTree, OptionLeaf } from "./declarations.js";
import {
  concatDefs,
  type DefinitionSink,
  type DefList,
  type DefOrigin,
  defCount,
  defOrigin,
  NO_DEFS,
  originOf,
  PartialIndex,
  sameDefs,
  sliceDefs,
} from "./definition-index.js";
import { completedOptions, keptValue, NOT_KEPT } from "./config-node.js";
import { type FlatDefs, flatDefs, sameAsFlat } from "./flat-index.js";
import type { UnmatchedDefinition } from "./definition.js";
import type { NormalModule } from "./normalize.js";
import { OptionState, type Reads } from "./option-state.js";
import { isPlainValue, samePlain, settled, staticDefinitions } from "./settled.js";

/**
 * The definition index of an evaluation: the definitions (flat-index.ts; for an
 * extension, spliced per option from its base's), per option number its state once
 * made, and what matched no option. The options under `_module` (`own`) have their
 * definitions and states apart.
 */
export interface DefinitionIndex {
  readonly tree: DeclTree;
  /** By option number (`OptionLeaf.index`), for the options outside `_module`; holes for options not read yet (made when the first is). */
  states?: (OptionState | undefined)[];
  readonly unmatched: UnmatchedDefinition[];
  /** Per option number, 1 for the options under `_module`. */
  readonly own: Uint8Array;
  /** The states of the options under `_module`. */
  readonly ownStates: (OptionState | undefined)[];
  /** The definitions outside `_module` (absent while they are being found, and in a spliced index). */
  flat?: FlatDefs;
  /** The definitions under `_module`, by option number. */
  ownDefs?: (DefList | undefined)[];
  /** Whether every option outside `_module` merges static definitions with code of the library only (settled.ts, pureOptions). */
  pure: boolean;
}

/** The state of option `leaf` in `index`, if made. */
export function existingState(index: DefinitionIndex, leaf: OptionLeaf): OptionState | undefined {
  return index.own[leaf.index] === 1 ? index.ownStates[leaf.index] : index.states?.[leaf.index];
}

/** What reuse needs of an evaluation. */
export interface ReuseHost {
  readonly prefix: readonly string[];
  /** The modules in collection order. */
  readonly modules: readonly NormalModule[];
  /** The key of the module every evaluation adds (its place divides the top-level modules from the imports). */
  readonly internalKey: string;
  /** The definition index, if made yet. */
  readonly index: DefinitionIndex | undefined;
  /** The definition index (made now if needed). */
  definitions(): DefinitionIndex;
  /** The state of an option in this evaluation (made now if needed). */
  stateOf(leaf: OptionLeaf): OptionState;
  /** Indexes `modules` (in merge order) along `tree` into `sink`. */
  indexInto(sink: DefinitionSink, tree: DeclTree, modules: readonly NormalModule[]): void;
  valueOf(leaf: OptionLeaf): unknown;
  moduleArg(name: string): { has: boolean; value?: unknown };
  /** `result.config`. */
  checkedConfig(): Record<string, unknown>;
  readonly reuse: Incremental;
}

/** Where an extension's new modules put definitions: three parts, as merge order places them. */
interface Splice {
  readonly tops: PartialIndex;
  readonly internal: PartialIndex;
  readonly deep: PartialIndex;
  /** The origins of the base's top-level modules and internal module (the base's definitions from them go after the new ones). */
  readonly baseTops: ReadonlySet<DefOrigin>;
  readonly baseInternal: DefOrigin;
  /** The trees under which the new modules define something. */
  readonly touched: ReadonlySet<DeclTree>;
}

/** See the file's comment. */
export class Incremental {
  /** How many option values were taken from the base (for benchmarks and tests). */
  reused = 0;
  /** How many of those came with the base's option state itself (rule 5). */
  shared = 0;
  private splice: Splice | undefined;
  /** Per tree: how many options under it are settled (once they all are; settled values stay so). */
  private settledCounts: Map<DeclTree, number> | undefined;

  constructor(
    private readonly ev: ReuseHost,
    private readonly base: ReuseHost | undefined,
    /** Whether finished parts of `result.config` note which options an extension could share (see complete). */
    readonly noteSettled: boolean,
  ) {}

  /** Whether this evaluation extends another. */
  get extending(): boolean {
    return this.base !== undefined;
  }

  // --- recording what a value read (every evaluation) ---

  /** `reader`, a value of this evaluation being computed, read the option of `st`. */
  read(reader: OptionState, st: OptionState): void {
    const r = (reader.reads ??= {});
    (r.deps ??= []).push(st);
  }

  /** `reader` read the module argument `name`, which was `value`. */
  readArg(reader: OptionState, name: string, value: unknown): void {
    const r = (reader.reads ??= {});
    (r.args ??= []).push(name, value);
  }

  /** `reader` read an option's definitions or priority: no value an extension could compare. */
  readDefinitions(reader: OptionState): void {
    (reader.reads ??= {}).impure = true;
  }

  // --- an extension's index ---

  /**
   * The modules of an extension in collection order are [base tops, new tops, internal,
   * base imports, new imports] (rule 1, splice): then each option's definitions are
   * the base's with the new modules' spliced in, and the base's modules are not walked
   * again. Undefined (index every module) when the base's modules are not all there in
   * that order, the declaration tree differs, or something matches no option.
   */
  index(tree: DeclTree): DefinitionIndex | undefined {
    const base = this.base?.index;
    if (!base || base.tree !== tree || base.unmatched.length > 0) return undefined;
    const old = this.base!.modules;
    const mods = this.ev.modules;
    const key = this.ev.internalKey;
    const oi = old.findIndex((m) => m.key === key);
    const ni = mods.findIndex((m) => m.key === key);
    if (oi < 0 || ni < oi || mods.length - ni < old.length - oi) return undefined;
    for (let i = 0; i < oi; i++) if (mods[i] !== old[i]) return undefined;
    const deepOld = old.length - oi - 1;
    for (let i = 1; i <= deepOld; i++) if (mods[ni + i] !== old[oi + i]) return undefined;
    const part = (list: readonly NormalModule[]): PartialIndex => {
      const p = new PartialIndex();
      this.ev.indexInto(p, tree, [...list].reverse());
      return p;
    };
    const tops = part(mods.slice(oi, ni));
    const internal = part([mods[ni]!]);
    const deep = part(mods.slice(ni + 1 + deepOld));
    if (tops.unmatched.length + internal.unmatched.length + deep.unmatched.length > 0) return undefined;
    const touched = new Set<DeclTree>();
    const rel = this.ev.prefix.length;
    for (const p of [tops, internal, deep])
      for (const leaf of p.leaves) touchPath(tree, leaf.option.loc.slice(rel), touched);
    this.splice = {
      tops,
      internal,
      deep,
      baseTops: new Set(old.slice(0, oi).map(originOf)),
      baseInternal: originOf(old[oi]!),
      touched,
    };
    return { tree, unmatched: [], own: base.own, ownStates: [], pure: false };
  }

  /**
   * The state of an option in a spliced index: the base's state itself when the new
   * modules define nothing for it and its value is settled (rule 5), else a state whose
   * definitions are, in merge order, [new imports, base imports, internal, new tops,
   * base tops] (the base's internal module is replaced by the extension's own).
   * Undefined when the index was not spliced.
   */
  state(leaf: OptionLeaf): OptionState | undefined {
    const sp = this.splice;
    if (!sp) return undefined;
    const baseIndex = this.base!.index!;
    // A base whose values are kept by its nodes only (see fromBaseNode) has no state to give.
    const kept = baseIndex.pure && baseIndex.own[leaf.index] !== 1;
    const b = kept ? existingState(baseIndex, leaf) : this.base!.reuse.knownState(leaf);
    const t = sp.tops.defs[leaf.index];
    const n = sp.internal.defs[leaf.index];
    const d = sp.deep.defs[leaf.index];
    const bd = b?.defs ?? (kept ? flatDefs(baseIndex.flat!, leaf.index) : NO_DEFS);
    const count = defCount(bd);
    let is = 0;
    while (is < count && defOrigin(bd, is) !== sp.baseInternal && !sp.baseTops.has(defOrigin(bd, is))) is++;
    let ts = is;
    while (ts < count && !sp.baseTops.has(defOrigin(bd, ts))) ts++;
    const unchanged = !t && !d && !n && is === ts;
    if (unchanged && b && settled(b)) {
      this.reused++;
      this.shared++;
      return b;
    }
    if (unchanged && kept && !b) {
      const v = this.keptInBase(leaf);
      if (v !== NOT_KEPT) {
        // Settled in the base as surely as a state would be (rule 5): taken as it is.
        const st = new OptionState(leaf, this.ev, bd);
        st.value = v;
        st.done = true;
        st.pureDefs = true;
        this.reused++;
        this.shared++;
        return st;
      }
    }
    return new OptionState(
      leaf,
      this.ev,
      unchanged ? bd : concatDefs(d ?? NO_DEFS, sliceDefs(bd, 0, is), n ?? NO_DEFS, t ?? NO_DEFS, sliceDefs(bd, ts)),
    );
  }

  /** The state of an option in this evaluation (made now from the index if needed). */
  knownState(leaf: OptionLeaf): OptionState | undefined {
    return this.ev.stateOf(leaf);
  }

  // --- values ---

  /**
   * Whether the base's value of `st` serves the extension (then it is set on `st`): the
   * base computed it from the same definitions (rule 2), read no definitions and the same
   * values of the same options and module arguments (rule 3), and it is plain data or
   * a value of static definitions that read nothing (rule 4).
   */
  value(st: OptionState): boolean {
    const base = this.base?.index;
    if (!base || base.tree !== this.ev.index!.tree) return false;
    const prev = existingState(base, st.leaf);
    if (!prev?.done) return base.pure ? this.fromBaseNode(st, base) : false;
    if (!sameDefs(prev.defs, st.defs)) return false;
    const r: Reads | undefined = prev.reads;
    if (r?.impure) return false;
    if (r?.args && !this.sameArgs(r.args)) return false;
    if (!isPlainValue(prev.value) && !(r?.deps === undefined && staticDefinitions(prev))) return false;
    const deps: OptionState[] = [];
    for (const dep of r?.deps ?? []) {
      if (!Object.is(this.ev.valueOf(dep.leaf), dep.value) && !samePlain(dep.value, this.ev.stateOf(dep.leaf).value))
        return false;
      deps.push(this.ev.stateOf(dep.leaf));
    }
    st.value = prev.value;
    st.reads = r && { deps: r.deps && deps, args: r.args, pure: r.pure };
    st.done = true;
    this.reused++;
    return true;
  }

  /**
   * For a base whose values are of static definitions alone (its index is pure, so
   * `result.config` computes them from the index, detached.ts): the value the base's
   * `result.config` keeps for the option of `st`, when it has it and the definitions
   * are the same (rules 2 to 4 hold: such a value read nothing).
   */
  private fromBaseNode(st: OptionState, base: DefinitionIndex): boolean {
    const leaf = st.leaf;
    if (base.own[leaf.index] === 1 || !sameAsFlat(base.flat!, leaf.index, st.defs)) return false;
    const v = this.keptInBase(leaf);
    if (v === NOT_KEPT) return false;
    st.value = v;
    st.done = true;
    st.pureDefs = true;
    this.reused++;
    return true;
  }

  /** The value of option `leaf` kept by the base's `result.config`, or NOT_KEPT. */
  private keptInBase(leaf: OptionLeaf): unknown {
    const loc = leaf.option.loc;
    const node = this.baseNode(loc.slice(this.ev.prefix.length, -1));
    return node === undefined ? NOT_KEPT : keptValue(node, loc[loc.length - 1]!);
  }

  /** The base's node of `result.config` at `path` (from the root), if it is there. */
  private baseNode(path: readonly string[]): object | undefined {
    let node: unknown = this.base!.checkedConfig();
    for (const k of path) {
      const next = keptValue(node as object, k);
      if (next === NOT_KEPT || typeof next !== "object" || next === null) return undefined;
      node = next;
    }
    return node as object;
  }

  private sameArgs(seen: readonly unknown[]): boolean {
    for (let i = 0; i < seen.length; i += 2) {
      const arg = this.ev.moduleArg(seen[i] as string);
      if (!arg.has || !Object.is(arg.value, seen[i + 1])) return false;
    }
    return true;
  }

  // --- sub-trees of result.config ---

  /**
   * The base's node of `result.config` for `tree` when the extension's new modules
   * define nothing under it and every option under it is settled in the base (rule 6).
   */
  node(tree: DeclTree): Record<string, unknown> | undefined {
    const sp = this.splice;
    const base = this.base;
    if (!sp || !base || sp.touched.has(tree) || tree.path.length === this.ev.prefix.length) return undefined;
    if (base.index?.pure) {
      // The base's values are in its nodes only (see fromBaseNode): a node that has them all.
      const node = this.baseNode(tree.path.slice(this.ev.prefix.length));
      const count = node ? completedOptions(node) : -1;
      if (count < 0) return undefined;
      this.reused += count;
      return node as Record<string, unknown>;
    }
    const count = base.reuse.settledUnder(tree, true);
    if (count < 0) return undefined;
    let node: Record<string, unknown> = base.checkedConfig();
    for (const k of tree.path.slice(this.ev.prefix.length)) node = node[k] as Record<string, unknown>;
    this.reused += count;
    return node;
  }

  /**
   * A node of `result.config` has all its values: while its options' states are still
   * in the processor's cache, note which an extension could take as they are (one asking
   * later would find them cold). Under the root, values that are not plain data are left
   * to an extension (a sub-tree is shared whole only when all of its values are settled,
   * which plain data mostly decides); at the root they are walked (on a budget, see
   * settled.ts), as each can be taken from the base on its own.
   */
  complete(tree: DeclTree): void {
    if (this.noteSettled) this.settledUnder(tree, tree.path.length === this.ev.prefix.length);
  }

  /** How many options under `tree` are settled in this evaluation, or -1 when one is not (yet). */
  settledUnder(tree: DeclTree, walkDefinitions: boolean): number {
    let n = this.settledCounts?.get(tree);
    if (n !== undefined) return n;
    const index = this.ev.index;
    if (!index) return -1; // no value computed yet
    n = 0;
    for (const child of tree.children.values()) {
      const st = child.kind === "option" ? existingState(index, child) : undefined;
      const c =
        child.kind === "tree" ? this.settledUnder(child, walkDefinitions) : st && settled(st, walkDefinitions) ? 1 : -1;
      n = n < 0 || c < 0 ? -1 : n + c;
    }
    if (n >= 0) (this.settledCounts ??= new Map()).set(tree, n);
    return n;
  }
}

/** Adds the trees on the way to the option at `path` (from `root`) to `touched`. */
function touchPath(root: DeclTree, path: readonly string[], touched: Set<DeclTree>): void {
  let t: DeclTree = root;
  for (const name of path) {
    touched.add(t);
    const c = t.children.get(name);
    if (c?.kind !== "tree") return;
    t = c;
  }
}
