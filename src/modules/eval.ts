/**
 * Evaluation (nixpkgs `evalModules`): modules are collected once, eagerly; the
 * declaration tree and the index of definitions are built on first use; every option
 * value is computed on first read and cached. `config` is a tree of lazy getters whose
 * attribute names are strict and values lazy. `extendModules` reuses the collected
 * modules of its base (module functions are not called again) and adds the new ones.
 */
import { setAttrByPath } from "./attrsets.js";
import type { UnmatchedDefinition } from "./definition.js";
import { collectStructured, closure, type CollectContext, type StructuredModule } from "./collect.js";
import {
  declareCached,
  declaresOptions,
  type DeclNode,
  type DeclTree,
  type MergedOption,
  type OptionLeaf,
} from "./declarations.js";
import { ModuleError } from "./errors/module-error.js";
import { closest } from "./errors/suggest.js";
import { locatedThrow } from "./errors/thrown.js";
import { showDefs, showOption } from "./errors/render.js";
import { defineLazy, enterFrame, frameError, guard, lazy, leaveFrame, reentered, type Frame } from "./lazy.js";
import { mergeDefinitions, type Merged } from "./merge.js";
import type { NormalModule } from "./normalize.js";
import { mkOption, OptionDecl } from "./option.js";
import { MkIf, MkMerge, MkOrder, MkOverride, mkOptionDefault } from "./properties.js";
import { collectingError, deref, Lineage, refOf, type RefHost } from "./reference.js";
import { isPlainObject, type OptionType } from "./types/option-type.js";
import { bool, raw } from "./types/primitives.js";
import { makeConfigNode, makeResultNode, type ResultSource } from "./config-node.js";
import { lazyAttrs, type Hidden } from "./lazy-attrs.js";
import { lazyAttrsOf, nullOr } from "./types/compound.js";
import { optionType, submoduleWith } from "./types/submodule.js";
import { lib } from "./lib.js";
import { priorities } from "./priority.js";
import { specialArgsValues, mergeSpecialArgs } from "./special-args.js";
import { pushDown } from "./push-down.js";
import { readsArgument } from "./reads-argument.js";
import { OptionState, type Phase } from "./option-state.js";
import { isPlainValue, samePlain, settled, staticOption } from "./settled.js";

/** What `evalModules` takes. */
export interface EvalModulesArgs {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
  class?: string;
}

/** What `extendModules` takes. */
export interface ExtendModulesArgs {
  modules?: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
}

/** An evaluated option, as found in `result.options`. */
export interface OptionInfo<T = unknown> {
  readonly _type: "option";
  readonly loc: readonly string[];
  readonly value: T;
  readonly isDefined: boolean;
  readonly highestPrio: number;
  readonly definitions: readonly unknown[];
  readonly files: readonly string[];
  readonly definitionsWithLocations: readonly { file: string; line?: number; value: unknown }[];
  readonly declarations: readonly string[];
  readonly declarationPositions: readonly { file: string; line?: number }[];
  readonly type: OptionType<T>;
  readonly description?: string;
  readonly default?: unknown;
  readonly defaultText?: unknown;
  readonly example?: unknown;
  readonly readOnly: boolean;
  readonly internal: boolean;
  readonly visible: boolean | "shallow" | "transparent";
}

/** The result of `evalModules`. */
export interface EvalResult<C = any> {
  readonly config: C;
  readonly options: any;
  readonly extendModules: (args?: ExtendModulesArgs) => EvalResult<C>;
  /** The evaluation's `_module` (not part of `config`, as in nixpkgs): arguments, check, freeform type. */
  readonly _module: {
    readonly args: Record<string, any>;
    readonly freeformType: OptionType | null;
    readonly check: boolean;
    readonly specialArgs: Record<string, unknown>;
  };
  readonly type: OptionType<C>;
  readonly class: string | undefined;
  /** The modules in collection order (for tools). */
  readonly modules: readonly NormalModule[];
}

interface Structure {
  tree: DeclTree;
  /** By option number (`OptionLeaf.index`); holes for options not met yet. */
  states: (OptionState | undefined)[];
  unmatched: UnmatchedDefinition[];
  /** Makes the state of an option not met yet (an extension derives it from its base's). */
  derive?: (leaf: OptionLeaf) => OptionState;
  /** An extension's: the trees under which its new modules define something. */
  touched?: ReadonlySet<DeclTree>;
}

/** One evaluation: collected modules, and lazily, structure and values. */
class Evaluation implements RefHost, ResultSource {
  collecting = true;
  /** The evaluation this one extends (sharing its collected modules), if any. */
  base?: Evaluation;
  /** How many option values were taken from the base (for benchmarks and tests). */
  reused = 0;
  /** Whether finished parts of `result.config` note which options an extension could share (see resultComplete). */
  noteSettled = true;
  /** Which part of the modules `struct` is indexing (see `extendIndex`). */
  private phase: Phase = "deep";
  structure?: Structure;
  private root?: Record<string, unknown>;
  private resultRoot?: Record<string, unknown>;
  private declaredRoot?: Record<string, unknown>;
  /** The freeform definitions merged (null when there is no freeform type or nothing for it). */
  private free?: Record<string, unknown> | null;
  private optionsRoot?: Record<string, unknown>;
  private checked = false;
  readonly prefix: readonly string[];
  modules: NormalModule[] = [];

  constructor(
    readonly args: EvalModulesArgs,
    readonly lineage: Lineage,
    readonly tops: StructuredModule[],
  ) {
    this.prefix = args.prefix ?? [];
  }

  get config(): Record<string, unknown> {
    return (this.root ??= this.buildConfig());
  }

  /**
   * A module argument, read for a module function's argument reference. The reader
   * depends on that one argument (not on all of `_module.args`), so an extension whose
   * arguments differ only in others (`extendModules` is always new) can still reuse it.
   */
  moduleArg(name: string): { has: boolean; value?: unknown } {
    const reader = computing;
    computing = undefined;
    let args: Record<string, unknown>;
    try {
      args = (this.config._module as { args: Record<string, unknown> }).args;
    } finally {
      computing = reader;
    }
    if (!(name in args)) return { has: false };
    const value = args[name];
    if (reader) {
      if (reader.owner === this) (reader.args ??= []).push(name, value);
      else if (reader.owner.lineage === this.lineage) reader.impure = true;
    }
    return { has: true, value };
  }

  get options(): Record<string, unknown> {
    return (this.optionsRoot ??= this.buildOptions(this.struct().tree));
  }

  /** `result.config`: the configuration without `_module`, after the unknown-definition check. */
  checkedConfig(): Record<string, unknown> {
    const c = (this.resultRoot ??= this.buildResult());
    if (!this.checked) {
      this.checkUnmatched();
      this.checked = true;
    }
    return c;
  }

  struct(): Structure {
    if (this.structure) return this.structure;
    const ordered = [...this.modules].reverse();
    const tree = this.baseTree() ?? declareCached(ordered, this.prefix);
    const reused = this.extendIndex(tree);
    if (reused) return (this.structure = reused);
    const states = new Array<OptionState | undefined>(tree.size);
    const unmatched: UnmatchedDefinition[] = [];
    const s: Structure = { tree, states, unmatched };
    this.structure = s;
    // Collection order is [top-level modules, internal module, deeper imports]; merge
    // order is its reverse. The starts of the internal and top-level parts are kept per
    // option so that an extension can splice its own modules in (see extendIndex).
    const internalAt = ordered.length - 1 - this.modules.findIndex((m) => m.key === INTERNAL_KEY);
    for (let i = 0; i < ordered.length; i++) {
      if (i === internalAt) this.phase = "internal";
      else if (i === internalAt + 1) this.phase = "top";
      try {
        this.index(s, tree, ordered[i]!.config, ordered[i]!.file);
      } catch (e) {
        throw locatedThrow(e, { what: `Reading the definitions of \`${ordered[i]!.file}'`, files: [ordered[i]!.file] });
      }
    }
    this.phase = "deep";
    // Arrays grown by push keep room for 16 more (see OptionState.add).
    for (const st of states) if (st && st.defs.length > 9) st.defs = st.defs.slice();
    checkCollectionReads(this.lineage, tree, ordered);
    return s;
  }

  /**
   * Where an extension's modules are its base's plus new ones, in collection order
   * [base tops, new tops, internal, base imports, new imports]: the internal module's
   * place in the base's (`oi`) and in this one's (`ni`), and the base's number of
   * imports. Undefined when the base's modules are not all there in that order (a new
   * module disabled one of them, say).
   */
  private splice(): { oi: number; ni: number; deepOld: number } | undefined {
    const old = this.base?.modules;
    if (!old) return undefined;
    const mods = this.modules;
    const oi = old.findIndex((m) => m.key === INTERNAL_KEY);
    const ni = mods.findIndex((m) => m.key === INTERNAL_KEY);
    if (oi < 0 || ni < oi || mods.length - ni < old.length - oi) return undefined;
    for (let i = 0; i < oi; i++) if (mods[i] !== old[i]) return undefined;
    const deepOld = old.length - oi - 1;
    for (let i = 1; i <= deepOld; i++) if (mods[ni + i] !== old[oi + i]) return undefined;
    return { oi, ni, deepOld };
  }

  /** An extension's declaration tree when its new modules declare nothing: its base's. */
  private baseTree(): DeclTree | undefined {
    const base = this.base?.structure;
    const at = base && this.splice();
    if (!at) return undefined;
    const mods = this.modules;
    for (let i = at.oi; i < at.ni; i++) if (declaresOptions(mods[i]!)) return undefined;
    for (let i = at.ni + 1 + at.deepOld; i < mods.length; i++) if (declaresOptions(mods[i]!)) return undefined;
    return base.tree;
  }

  /**
   * The definition index of an extension, from its base's: when the extension's modules
   * are the base's plus new ones (collection order [base tops, new tops, internal, base
   * imports, new imports]), each option's definitions are the base's with the new
   * modules' spliced in at the right places; the base's modules are not walked again.
   */
  private extendIndex(tree: DeclTree): Structure | undefined {
    const base = this.base?.structure;
    if (!base || base.tree !== tree || base.unmatched.length > 0) return undefined;
    const at = this.splice();
    if (!at) return undefined;
    const { oi, ni, deepOld } = at;
    const mods = this.modules;
    const part = (list: readonly NormalModule[]): Structure => {
      // Sparse: the new modules usually define a few options.
      const p: Structure = { tree, states: [], unmatched: [] };
      for (const m of [...list].reverse()) this.index(p, tree, m.config, m.file);
      return p;
    };
    const tops = part(mods.slice(oi, ni));
    const internal = part([mods[ni]!]);
    const deep = part(mods.slice(ni + 1 + deepOld));
    if (tops.unmatched.length + internal.unmatched.length + deep.unmatched.length > 0) return undefined;
    const baseEval = this.base!;
    const derive = (leaf: OptionLeaf): OptionState => {
      const b = base.states[leaf.index] ?? (base.derive ? baseEval.state(base, leaf) : undefined);
      const bd = b?.defs ?? [];
      const is = b ? b.internalAt : 0;
      const ts = b ? b.topAt : 0;
      const t = tops.states[leaf.index]?.defs;
      const n = internal.states[leaf.index]?.defs;
      const d = deep.states[leaf.index]?.defs;
      const unchanged = !t && !d && !n && is === ts;
      if (unchanged && b && settled(b)) {
        // Nothing it came from changed and it read nothing of its evaluation: the base's
        // state (its value) serves the extension as it is.
        this.reused++;
        return b;
      }
      const st = new OptionState(leaf, this);
      if (unchanged) {
        st.defs = bd;
        st.internalStart = is;
        st.topStart = ts;
      } else {
        const head = [...(d ?? []), ...bd.slice(0, is)];
        st.internalStart = head.length;
        head.push(...(n ?? []));
        st.topStart = head.length;
        st.defs = [...head, ...(t ?? []), ...bd.slice(ts)];
      }
      return st;
    };
    const touched = new Set<DeclTree>();
    for (const p of [tops, internal, deep])
      p.states.forEach((st) => st && touchPath(tree, st.leaf.option.loc.slice(this.prefix.length), touched));
    return { tree, states: new Array(tree.size), unmatched: [], derive, touched };
  }

  /** Per tree: how many options under it are settled (once they all are; settled values stay so). */
  private settledCounts?: Map<DeclTree, number>;

  /** How many options under `tree` are settled in this evaluation, or -1 when one is not (yet). */
  settledUnder(tree: DeclTree, walkDefinitions = true): number {
    let n = this.settledCounts?.get(tree);
    if (n !== undefined) return n;
    n = 0;
    for (const child of tree.children.values()) {
      const st = child.kind === "option" ? this.structure!.states[child.index] : undefined;
      const c =
        child.kind === "tree" ? this.settledUnder(child, walkDefinitions) : st && settled(st, walkDefinitions) ? 1 : -1;
      n = n < 0 || c < 0 ? -1 : n + c;
    }
    if (n >= 0) (this.settledCounts ??= new Map()).set(tree, n);
    return n;
  }

  /**
   * An extension's `result.config` node for `tree`, when its new modules define nothing
   * under it and every option under it is settled in the base (it read nothing but its
   * own definitions, which are the same): the base's node, values and all.
   */
  private sharedNode(tree: DeclTree): Record<string, unknown> | undefined {
    const touched = this.structure?.touched;
    const base = this.base;
    if (!touched || !base || touched.has(tree) || tree.path.length === this.prefix.length) return undefined;
    const count = base.settledUnder(tree);
    if (count < 0) return undefined;
    let node: Record<string, unknown> = base.checkedConfig();
    for (const k of tree.path.slice(this.prefix.length)) node = node[k] as Record<string, unknown>;
    this.reused += count;
    return node;
  }

  private state(s: Structure, leaf: OptionLeaf): OptionState {
    let st = s.states[leaf.index];
    if (!st) st = s.states[leaf.index] = s.derive ? s.derive(leaf) : new OptionState(leaf, this);
    return st;
  }

  /** Notes the definitions of a module's `value` for the options under `tree` (depth first, in the order of their keys). */
  private index(s: Structure, tree: DeclTree, value: unknown, file: string, depth = 0): void {
    if (depth >= INDEX_DEPTH) this.indexDeep(s, tree, value, file);
    else if (isPlainObject(value)) this.indexSet(s, tree, value, file, depth);
    else for (const obj of pushDown(value, file, tree.path)) this.indexSet(s, tree, obj, file, depth);
  }

  private indexSet(s: Structure, tree: DeclTree, obj: Record<string, unknown>, file: string, depth: number): void {
    for (const key of Object.keys(obj)) {
      const below = this.indexKey(s, tree, obj, key, file);
      if (below) this.index(s, below, obj[key], file, depth + 1);
    }
  }

  /** Notes the definition `obj[key]` under `tree` (an option's, or an unmatched one); a set for the options below is left to the caller, which gets their tree. */
  private indexKey(
    s: Structure,
    tree: DeclTree,
    obj: Record<string, unknown>,
    key: string,
    file: string,
  ): DeclTree | undefined {
    const child = tree.children.get(key);
    if (!child) s.unmatched.push({ file, read: () => obj[key], prefix: [...tree.path.slice(this.prefix.length), key] });
    else if (child.kind === "option") this.state(s, child).add(this.phase, file, obj, key);
    else return child;
    return undefined;
  }

  /**
   * `index` with a worklist instead of recursion, in the same order: for the parts of a
   * module nested deeper than INDEX_DEPTH (an option tree thousands of levels deep).
   */
  private indexDeep(s: Structure, tree: DeclTree, value: unknown, file: string): void {
    interface Sets {
      readonly tree: DeclTree;
      readonly sets: readonly Record<string, unknown>[];
      set: number;
      keys: readonly string[];
      key: number;
    }
    const stack: Sets[] = [];
    const enter = (tree: DeclTree, value: unknown) => {
      const sets = isPlainObject(value) ? [value] : pushDown(value, file, tree.path);
      stack.push({ tree, sets, set: 0, keys: sets.length > 0 ? Object.keys(sets[0]!) : [], key: 0 });
    };
    enter(tree, value);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.key < top.keys.length) {
        const obj = top.sets[top.set]!;
        const key = top.keys[top.key++]!;
        const below = this.indexKey(s, top.tree, obj, key, file);
        if (below) enter(below, obj[key]);
      } else if (++top.set < top.sets.length) {
        top.keys = Object.keys(top.sets[top.set]!);
        top.key = 0;
      } else {
        stack.pop();
      }
    }
  }

  /** Computes (once) the merged definitions of an option. */
  mergedOf(leaf: OptionLeaf): Merged {
    const st = this.state(this.struct(), leaf);
    if (computing) computing.impure = true;
    if (st.merged) return st.merged;
    return this.run(st, false) as Merged;
  }

  private computeMerged(st: OptionState): Merged {
    const leaf = st.leaf;
    {
      const opt = leaf.option;
      const hasDefault = "default" in opt.spec;
      const d = st.defs;
      const defs: { file: string; line?: number; value: unknown }[] = new Array(d.length / 3 + (hasDefault ? 1 : 0));
      let n = 0;
      if (hasDefault)
        defs[n++] = { file: opt.declarations[0] ?? "<unknown-file>", value: mkOptionDefault(opt.spec.default) };
      for (let i = 0; i < d.length; i += 3)
        defs[n++] = { file: d[i] as string, value: (d[i + 1] as Record<string, unknown>)[d[i + 2] as string] };
      if (opt.spec.readOnly && defs.length > 1) {
        const separate = defs.map((d) => ({
          ...d,
          value: safeValue(() => mergeDefinitions(opt.loc, opt.type, [d]).mergedValue),
        }));
        throw new ModuleError({
          code: "READ_ONLY",
          message: `The option \`${showOption(opt.loc)}' is read-only, but it's set multiple times. Definition values:${showDefs(separate)}`,
          optionPath: opt.loc,
          definitions: separate,
          hint: "A read-only option takes exactly one value; remove the other definitions.",
        });
      }
      return (st.merged = mergeDefinitions(opt.loc, opt.type, defs));
    }
  }

  /** Computes (once) the value of an option. */
  valueOf(leaf: OptionLeaf): unknown {
    const st = this.state(this.struct(), leaf);
    const reader = computing;
    if (reader) {
      if (reader.owner === this) (reader.deps ??= []).push(st);
      else if (reader.owner.lineage === this.lineage) reader.impure = true;
      else (reader.foreign ??= []).push(st);
    }
    if (st.done || (this.base !== undefined && this.reuse(st))) return st.value;
    return this.run(st, true);
  }

  private computeValue(st: OptionState): unknown {
    const opt = st.leaf.option;
    const apply = opt.spec.apply;
    // An `apply` that cannot read its argument ignores the merged value, which is then
    // not computed (as in Nix, where it stays an unevaluated thunk): aliases, removed
    // options, `apply: (_) => constant`.
    if (apply) {
      const merged = st.merged ?? this.computeMerged(st);
      st.value = readsArgument(apply) ? apply(merged.mergedValue) : (apply as () => unknown)();
    } else {
      const v = st.merged ? NONE : equalPrimitives(opt, st.defs);
      st.value = v === NONE ? (st.merged ?? this.computeMerged(st)).mergedValue : v;
    }
    st.done = true;
    st.merged = undefined;
    return st.value;
  }

  /** Computes the value (or only the merged definitions) of `st` as the innermost computation (no closure made). */
  private run(st: OptionState, value: boolean): unknown {
    if (st.running) throw reentered(st);
    st.running = true;
    this.lineage.active.push(this);
    const outer = computing;
    computing = st;
    enterFrame(st);
    try {
      return value ? this.computeValue(st) : this.computeMerged(st);
    } catch (e) {
      throw frameError(e, st);
    } finally {
      leaveFrame();
      computing = outer;
      this.lineage.active.pop();
      st.running = false;
    }
  }

  private sameArgs(seen: readonly unknown[]): boolean {
    for (let i = 0; i < seen.length; i += 2) {
      const arg = this.moduleArg(seen[i] as string);
      if (!arg.has || !Object.is(arg.value, seen[i + 1])) return false;
    }
    return true;
  }

  /**
   * An extension takes an option's value from its base when nothing it came from
   * changed: the same definitions (the same objects), no read outside the evaluation,
   * and every option it read has the same value here. Only plain values are taken
   * (numbers, strings, booleans, null, lists of those): objects may hold lazy parts
   * that would still read the base.
   */
  private reuse(st: OptionState): boolean {
    const base = this.base;
    if (!base?.structure || base.structure.tree !== this.structure!.tree) return false;
    const prev = base.structure.states[st.leaf.index];
    if (!prev?.done || prev.impure || !sameDefs(prev.defs, st.defs)) return false;
    if (prev.foreign && !prev.foreign.every((f) => f.done)) return false;
    if (prev.args && !this.sameArgs(prev.args)) return false;
    if (!isPlainValue(prev.value) && !(prev.deps === undefined && (prev.pure ??= staticOption(prev)))) return false;
    const deps: OptionState[] = [];
    for (const dep of prev.deps ?? []) {
      if (
        !Object.is(this.valueOf(dep.leaf), dep.value) &&
        !samePlain(dep.value, this.state(this.structure!, dep.leaf).value)
      )
        return false;
      deps.push(this.state(this.structure!, dep.leaf));
    }
    st.value = prev.value;
    st.deps = deps;
    st.foreign = prev.foreign;
    st.args = prev.args;
    st.pure = prev.pure;
    st.done = true;
    this.reused++;
    return true;
  }

  private buildConfig(): Record<string, unknown> {
    const declared = this.declared();
    const free = this.freeValue();
    return free
      ? overlay(free, declared, this.struct().tree, { name: "_module", get: () => declared._module })
      : declared;
  }

  private buildResult(): Record<string, unknown> {
    const tree = this.struct().tree;
    const declared = this.resultNode(tree);
    const free = this.freeValue();
    return free ? overlay(free, declared, tree) : declared;
  }

  private freeValue(): Record<string, unknown> | null {
    if (this.free !== undefined) return this.free;
    // As nixpkgs: with no definition left for it, the freeform type is not even read.
    const s = this.struct();
    if (s.unmatched.length === 0) return (this.free = null);
    const freeform = this.freeformType();
    if (!freeform) return (this.free = null);
    // The freeform definitions are part of `config` itself: one that reads `config` while
    // they are merged depends on itself (as in nixpkgs, an infinite recursion).
    if (this.freeFrame) throw reentered(this.freeFrame);
    try {
      const defs = s.unmatched.map((u) => {
        const frame: Frame = { path: [...this.prefix, ...u.prefix], files: [u.file] };
        this.freeFrame = frame;
        return { file: u.file, value: setAttrByPath(u.prefix, guard(frame, u.read)) };
      });
      this.freeFrame = {
        path: this.prefix.length ? this.prefix : ["<freeform definitions>"],
        files: s.unmatched.map((u) => u.file),
      };
      return (this.free = guard(this.freeFrame, () => freeform.merge(this.prefix, defs) as Record<string, unknown>));
    } finally {
      this.freeFrame = undefined;
    }
  }

  /** The freeform definition being read (or the merge of them) while `freeValue` runs. */
  private freeFrame?: Frame;

  /** A node of the evaluation's own `config` (what modules read). */
  configNode(tree: DeclTree): Record<string, unknown> {
    return makeConfigNode(tree, tree.path.length === this.prefix.length, (child) =>
      child.kind === "option" ? this.valueOf(child) : this.configNode(child),
    );
  }

  /** A node of `result.config`: keeps the values it gave out, and lets go of the evaluation once it has them all. */
  private resultNode(tree: DeclTree): Record<string, unknown> {
    return this.sharedNode(tree) ?? makeResultNode(tree, tree.path.length === this.prefix.length, this);
  }

  resultChild(child: DeclNode): unknown {
    return child.kind === "option" ? this.valueOf(child) : this.resultNode(child);
  }

  idle(): boolean {
    return computing === undefined;
  }

  /**
   * A node of `result.config` has all its values: while its options' states are still
   * in the processor's cache, note which an extension could take as they are (an
   * extension asking later would find them cold). Under the root, values that are not
   * plain data are left to an extension (a sub-tree is shared whole only when all of its
   * values are settled, which plain data mostly decides); at the root they are walked
   * (on a budget, see STATIC_BUDGET), as each can be taken from the base on its own.
   */
  resultComplete(tree: DeclTree): void {
    if (this.noteSettled) this.settledUnder(tree, tree.path.length === this.prefix.length);
  }

  private buildOptions(tree: DeclTree): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (const name of [...tree.children.keys()].sort()) {
      const child = tree.children.get(name)!;
      defineLazy(obj, name, () => (child.kind === "option" ? this.optionInfo(child) : this.buildOptions(child)));
    }
    return obj;
  }

  private optionInfo(leaf: OptionLeaf): OptionInfo {
    const opt: MergedOption = leaf.option;
    const self = this;
    const spec = opt.spec;
    const info = {
      _type: "option" as const,
      loc: opt.loc,
      type: opt.type,
      declarations: opt.declarations,
      declarationPositions: opt.declarations.map((file) => ({ file })),
      description: spec.description,
      readOnly: spec.readOnly ?? false,
      internal: spec.internal ?? false,
      visible: spec.visible ?? true,
      get value() {
        return self.valueOf(leaf);
      },
      get isDefined() {
        return self.mergedOf(leaf).isDefined;
      },
      get highestPrio() {
        return self.mergedOf(leaf).highestPrio;
      },
      get definitions() {
        return self.mergedOf(leaf).defsFinal.map((d) => d.value);
      },
      get files() {
        return self.mergedOf(leaf).defsFinal.map((d) => d.file);
      },
      get definitionsWithLocations() {
        return self.mergedOf(leaf).defsFinal;
      },
      getSubOptions: (prefix?: readonly string[]) => opt.type.getSubOptions(prefix ?? opt.loc),
      toString: () => showOption(opt.loc),
    };
    for (const k of ["default", "defaultText", "example", "apply", "relatedPackages"] as const) {
      if (k in spec) Object.defineProperty(info, k, { value: spec[k], enumerable: true });
    }
    return info as unknown as OptionInfo;
  }

  private declared(): Record<string, unknown> {
    return (this.declaredRoot ??= this.configNode(this.struct().tree));
  }

  freeformType(): OptionType | null {
    return (this.declared()._module as { freeformType: OptionType | null }).freeformType;
  }

  private checkUnmatched(): void {
    const s = this.struct();
    if (s.unmatched.length === 0) return;
    const mod = this.declared()._module as { check: boolean; freeformType: OptionType | null };
    if (!mod.check || mod.freeformType) return;
    const sorted = [...s.unmatched].sort((a, b) => cmpPath(a.prefix, b.prefix));
    const first = sorted[0]!;
    const loc = [...this.prefix, ...first.prefix];
    const value = safeValue(first.read);
    const onlyModule = [...s.tree.children.keys()].every((k) => k === "_module");
    const candidates = this.siblingNames(s.tree, first.prefix);
    const suggestions = closest(first.prefix[first.prefix.length - 1]!, candidates);
    let hint = suggestions.length
      ? `Did you mean ${suggestions.map((x) => `\`${showOption([...loc.slice(0, -1), x])}'`).join(", ")}?`
      : undefined;
    if (onlyModule) {
      hint =
        this.prefix.length === 0
          ? "It seems as if you're trying to declare an option by placing it into `config' rather than `options'!"
          : `However there are no options defined in \`${showOption(this.prefix)}'. Are you sure you've declared your options properly? This can happen if you e.g. declared your options in \`types.submodule' under \`config' rather than \`options'.`;
    }
    throw new ModuleError({
      code: "UNKNOWN_OPTION",
      message: `The option \`${showOption(loc)}' does not exist. Definition values:${showDefs([{ file: first.file, value }])}`,
      optionPath: loc,
      definitions: [{ file: first.file, value }],
      hint,
    });
  }

  private siblingNames(tree: DeclTree, rel: readonly string[]): string[] {
    let t: DeclTree = tree;
    for (const k of rel.slice(0, -1)) {
      const c = t.children.get(k);
      if (c?.kind !== "tree") return [];
      t = c;
    }
    return [...t.children.keys()].filter((k) => k !== "_module");
  }
}

const scalarTypes =
  /^(unspecified|bool|boolByOr|int|float|number|str|nonEmptyStr|singleLineStr|enum|path|separatedString|intBetween|positiveInt|unsignedInt\d*|signedInt\d*|strMatching .*)$/;

function isScalar(t: OptionType): boolean {
  return scalarTypes.test(t.name) || (t.name === "nullOr" && isScalar(t.nestedTypes.elemType!));
}

/**
 * A module body can take a path into `config` freely, but a scalar option read there
 * and then used (in an `if`, a `?:`, a comparison) silently sees a reference, not the
 * value. Once the options are known, every scalar option read during collection must
 * have gone somewhere that defers it (a definition, a condition); otherwise it is
 * reported, naming the module and the option.
 */
function checkCollectionReads(lineage: Lineage, tree: DeclTree, modules: readonly NormalModule[]): void {
  if (lineage.taken.length === 0) return;
  const pending = lineage.taken.filter((i) => i.root === "config" && !i.consumed && scalarLeaf(tree, i.path));
  lineage.taken.length = 0;
  if (pending.length === 0) return;
  const wanted = new Set(pending);
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    const ref = refOf(v);
    if (ref) {
      wanted.delete(ref);
      return;
    }
    if (depth > 64 || v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof MkIf) {
      visit(v.condition, depth + 1);
      visit(v.content, depth + 1);
    } else if (v instanceof MkMerge) v.contents.forEach((c) => visit(c, depth + 1));
    else if (v instanceof MkOverride || v instanceof MkOrder) visit(v.content, depth + 1);
    else if (v instanceof OptionDecl) visit(v.spec.default, depth + 1);
    else if (Array.isArray(v) || isPlainObject(v)) {
      for (const [, d] of Object.entries(Object.getOwnPropertyDescriptors(v)))
        if ("value" in d) visit(d.value, depth + 1);
    }
  };
  for (const m of modules) {
    if (wanted.size === 0) return;
    visit(m.config, 0);
    visit(m.options, 0);
  }
  const first = [...wanted][0];
  if (first) throw collectingError(first, "in a condition or comparison in its body");
}

function scalarLeaf(tree: DeclTree, path: readonly string[]): boolean {
  let t: DeclTree = tree;
  for (let i = 0; i < path.length; i++) {
    const c = t.children.get(path[i]!);
    if (!c) return false;
    if (c.kind === "option") return i === path.length - 1 && isScalar(c.option.type);
    t = c;
  }
  return false;
}

/** The option value being computed right now (innermost), for dependency recording. */
let computing: OptionState | undefined;

const NONE: unique symbol = Symbol("none");

/**
 * The value of an option without the definition pipeline, in its most common case:
 * every definition (and the default) is a primitive, maybe under `mkIf` with a boolean
 * condition and one priority wrapper, the type merges equal values to themselves, and
 * the definitions of the winning priority are all the same value, which the type
 * accepts. Anything else (and every error) is left to the pipeline: `NONE`.
 */
function equalPrimitives(opt: MergedOption, d: readonly unknown[]): unknown {
  const type = opt.type;
  if (type.mergesEqual === undefined || opt.spec.readOnly) return NONE;
  let best = 10000;
  let value: unknown = NONE;
  let same = true;
  if ("default" in opt.spec) {
    const v = opt.spec.default;
    if ((typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    best = priorities.optionDefault;
    value = v;
  }
  for (let i = 0; i < d.length; i += 3) {
    let v = (d[i + 1] as Record<string, unknown>)[d[i + 2] as string];
    let p: number = priorities.plain;
    if ((typeof v === "object" && v !== null) || typeof v === "function") {
      while (v instanceof MkIf) {
        if (v.condition === false) break;
        if (v.condition !== true) return NONE;
        v = v.content;
      }
      if (v instanceof MkIf) continue;
      if (v instanceof MkOverride) {
        p = v.priority;
        v = v.content;
      }
      if ((typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    }
    if (p < best) {
      best = p;
      value = v;
      same = true;
    } else if (p === best && v !== value) same = false;
  }
  return value !== NONE && same && type.check(value) && type.mergesEqual(value) ? value : NONE;
}

function sameDefs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function safeValue(f: () => unknown): unknown {
  try {
    return deref(f());
  } catch (e) {
    return `<error: ${(e as Error).message.split("\n")[0]}>`;
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

function cmpPath(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

/**
 * `recursiveUpdate(free, declared)`: declared options win, sets merge where both are
 * sets. `hidden` is the root's `_module` in an evaluation's own view.
 */
function overlay(
  free: Record<string, unknown>,
  declared: Record<string, unknown>,
  tree: DeclTree,
  hidden?: Hidden,
): Record<string, unknown> {
  const names = [...new Set([...Object.keys(free), ...Object.keys(declared)])].sort();
  return lazyAttrs(
    names,
    (i) => {
      const name = names[i]!;
      const child = tree.children.get(name);
      if (!child) return free[name];
      if (!(name in free) || child.kind === "option") return declared[name];
      const f = free[name];
      const d = declared[name] as Record<string, unknown>;
      return isPlainObject(f) ? overlay(f, d, child) : d;
    },
    hidden,
  );
}

const INTERNAL_KEY = "lib/modules.ts";
let internalOptions: Record<string, unknown> | undefined;

/** The options of the internal module, the same for every evaluation. */
function internalModuleOptions(): Record<string, unknown> {
  return (internalOptions ??= {
    _module: {
      args: mkOption({
        type: lazyAttrsOf(raw),
        internal: true,
        description: "Additional arguments passed to each module.",
      }),
      check: mkOption({
        type: bool,
        internal: true,
        default: true,
        description: "Whether to check whether all option definitions have matching declarations.",
      }),
      freeformType: mkOption({
        type: nullOr(optionType),
        internal: true,
        default: null,
        description: "If set, merge all definitions that don't have an associated option together using this type.",
      }),
      specialArgs: mkOption({
        readOnly: true,
        internal: true,
        description: "Externally provided module arguments that can't be modified from within a configuration.",
      }),
    },
  });
}

/** The module every evaluation adds: `_module.args`, `.check`, `.freeformType`, `.specialArgs`. */
function internalModule(result: EvalResult, specialArgs: Record<string, unknown>): StructuredModule {
  const module: NormalModule = {
    file: INTERNAL_KEY,
    key: INTERNAL_KEY,
    imports: [],
    disabledModules: [],
    options: internalModuleOptions(),
    config: {
      _module: { args: { extendModules: result.extendModules, moduleType: lazy(() => result.type) }, specialArgs },
    },
  };
  return { module, children: [] };
}

/** An evaluation's public face: `config`, `options`, `extendModules`, `type`, ... */
class Evaluated implements EvalResult {
  readonly _type = "configuration";
  private typeCache?: OptionType;
  /**
   * `extendModules` is made by the caller and passed in: V8 keeps a closure created in a
   * constructor (and everything it holds: here the whole evaluation) alive until a full
   * collection, which made every evaluation survive the young generation.
   */
  constructor(
    readonly ev: Evaluation,
    private readonly args: EvalModulesArgs,
    readonly extendModules: (args?: ExtendModulesArgs) => EvalResult,
  ) {}
  get config(): any {
    return this.ev.checkedConfig();
  }
  get options(): any {
    return this.ev.options;
  }
  get _module(): EvalResult["_module"] {
    return this.ev.config._module as EvalResult["_module"];
  }
  get class(): string | undefined {
    return this.args.class;
  }
  get modules(): readonly NormalModule[] {
    return this.ev.modules;
  }
  get type(): OptionType {
    return (this.typeCache ??= submoduleWith({
      modules: this.args.modules,
      specialArgs: this.args.specialArgs ?? {},
      class: this.args.class,
    }));
  }
}

function freeformModules(mods: readonly NormalModule[]): NormalModule[] {
  return mods.map((m) =>
    m.freeformType ? { ...m, config: new MkMerge([m.config, { _module: { freeformType: m.freeformType } }]) } : m,
  );
}

function finish(ev: Evaluation, args: EvalModulesArgs, ctx: CollectContext, tops: StructuredModule[]): EvalResult {
  const result = new Evaluated(ev, args, (ext: ExtendModulesArgs = {}) => extend(ev, args, ctx, tops, ext));
  ev.modules = freeformModules(
    closure([...tops, internalModule(result, ctx.specialArgs)], ctx.specialArgs.modulesPath),
  );
  ev.collecting = false;
  return result;
}

function extend(
  base: Evaluation,
  args: EvalModulesArgs,
  ctx: CollectContext,
  tops: StructuredModule[],
  ext: ExtendModulesArgs,
): EvalResult {
  const specialArgs = ext.specialArgs ? mergeSpecialArgs(args.specialArgs ?? {}, ext.specialArgs) : args.specialArgs;
  const next: EvalModulesArgs = {
    modules: [...args.modules, ...(ext.modules ?? [])],
    specialArgs,
    prefix: ext.prefix ?? args.prefix,
    class: args.class,
  };
  const samePrefix = (ext.prefix ?? args.prefix ?? []).join("\0") === (args.prefix ?? []).join("\0");
  if (ext.specialArgs || !samePrefix) return evalModules(next);
  const ev = new Evaluation(next, base.lineage, tops);
  ev.base = base;
  base.lineage.active.push(ev);
  try {
    const added = collectStructured(ctx, ext.modules ?? [], "<unknown-file>", "", args.modules.length);
    return finish(ev, next, ctx, [...tops, ...added]);
  } finally {
    base.lineage.active.pop();
  }
}

/**
 * Evaluates a list of modules.
 *
 * @example
 * const { config } = evalModules({ modules: [
 *   { options: { port: mkOption({ type: types.port, default: 80 }) } },
 *   { port: mkForce(8080) },
 * ] });
 * config.port; // 8080
 */
export function evalModules<C = any>(args: EvalModulesArgs): EvalResult<C> {
  return evaluate(args, true);
}

/**
 * `evalModules` for the value of a submodule option: such an evaluation is rarely
 * extended (its result is not handed out), so it does not note which parts an
 * extension could share as its values are read (an extension works that out when asked).
 */
export function evalSubmodule<C = any>(args: EvalModulesArgs): EvalResult<C> {
  return evaluate(args, false);
}

function evaluate<C>(args: EvalModulesArgs, noteSettled: boolean): EvalResult<C> {
  const specialArgs = specialArgsValues(args.specialArgs ?? {});
  const lineage = new Lineage(undefined as unknown as RefHost);
  const ev = new Evaluation(args, lineage, []);
  ev.noteSettled = noteSettled;
  lineage.owner = ev;
  const ctx: CollectContext = { lineage, specialArgs, class: args.class, prefix: args.prefix ?? [], lib };
  const tops = collectStructured(ctx, args.modules, "<unknown-file>", "");
  return finish(ev, args, ctx, tops) as EvalResult<C>;
}

/**
 * How deep `index` recurses into a module's definitions before it goes on with a
 * worklist: deep enough for every ordinary module, shallow enough to leave the stack
 * to the evaluations around it.
 */
const INDEX_DEPTH = 200;

/** Counters of an evaluation, for benchmarks and tests: option values taken from the base. */
export function evaluationStats(r: EvalResult): { reused: number } {
  return { reused: r instanceof Evaluated ? r.ev.reused : 0 };
}
