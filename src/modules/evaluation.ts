/**
 * One evaluation (nixpkgs `evalModules`), in stages: modules are collected once,
 * eagerly (eval.ts, collect.ts); on first use (`config` taken) the declaration tree is
 * built (declarations.ts) and the definitions indexed along it in one piece
 * (definition-index.ts, flat-index.ts); every option value is computed on first read
 * (option-value.ts, merge.ts) and cached in the option's state, made then.
 * `config` is a tree of views whose names are strict and values lazy. When every
 * option outside `_module` merges static definitions with the library's code only,
 * `result.config` computes its values from the index alone (detached.ts), so that a
 * configuration kept without its result holds neither the modules nor the evaluation.
 *
 * Reuse for `extendModules` is not here: the evaluation asks its {@link Incremental}
 * at named points (index, state, value, node, read, complete) and otherwise evaluates
 * as if it extended nothing. See docs/semantics.md.
 */
import { setAttrByPath } from "./attrsets.js";
import { makeConfigNode, makeResultNode, type ResultSource } from "./config-node.js";
import { frameError, guard, reentered, type Frame } from "./cycles.js";
import { declareCached, type DeclNode, type DeclTree, type OptionLeaf } from "./declarations.js";
import { type DefinitionSink, indexModule, NO_DEFS } from "./definition-index.js";
import { FlatIndexBuilder, flatDefs, ownLeaves } from "./flat-index.js";
import { pureOptions } from "./settled.js";
import type { EvalModulesArgs } from "./eval.js";
import { locatedThrow } from "./errors/thrown.js";
import { Incremental, type DefinitionIndex, type ReuseHost } from "./incremental.js";
import { lazyAttrs, type Hidden } from "./lazy-attrs.js";
import type { Lineage } from "./lineage.js";
import { DetachedSource } from "./detached.js";
import type { DefinitionContext } from "./definition.js";
import type { Merged } from "./merge.js";
import type { NormalModule } from "./normalize.js";
import { OptionState } from "./option-state.js";
import { mergedDefinitions, optionValue } from "./option-value.js";
import { buildOptions } from "./options-view.js";
import type { RefHost } from "./reference.js";
import { checkCollectionReads } from "./collection-reads.js";
import { unknownOptionError } from "./unknown-option.js";
import { isPlainObject, type OptionType } from "./types/option-type.js";

/** The key (and file) of the module every evaluation adds. */
export const INTERNAL_KEY = "lib/modules.ts";

/** See the file's comment. */
export class Evaluation implements RefHost, ResultSource, ReuseHost {
  collecting = true;
  /** The modules in collection order (set once collected). */
  modules: NormalModule[] = [];
  readonly prefix: readonly string[];
  readonly internalKey = INTERNAL_KEY;
  /** Incremental reuse: records reads, and for an extension, takes what it can from the base. */
  readonly reuse: Incremental;
  index: DefinitionIndex | undefined = undefined;
  private root?: Record<string, unknown>;
  private resultRoot?: Record<string, unknown>;
  private declaredRoot?: Record<string, unknown>;
  /** The freeform definitions merged (null when there is no freeform type or nothing for it). */
  private free?: Record<string, unknown> | null;
  /** The freeform definition being read (or the merge of them) while `freeValue` runs. */
  private freeFrame?: Frame;
  private optionsRoot?: Record<string, unknown>;
  private checked = false;
  /** What collects the definitions while the modules are walked (see definitions). */
  private finding: FlatIndexBuilder | undefined = undefined;

  constructor(
    readonly args: EvalModulesArgs,
    readonly lineage: Lineage,
    base: Evaluation | undefined,
    noteSettled: boolean,
    /** The context of the definitions this evaluation is the value of (a submodule value's, see DefinitionContext). */
    private readonly outer?: DefinitionContext,
  ) {
    this.prefix = args.prefix ?? [];
    this.reuse = new Incremental(this, base, noteSettled);
  }

  // --- views ---

  /** The evaluation's own `config` (what modules read; `_module` included). */
  get config(): Record<string, unknown> {
    return (this.root ??= this.buildConfig());
  }

  get options(): Record<string, unknown> {
    return (this.optionsRoot ??= buildOptions(this, this.shape().tree));
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

  /**
   * A module argument, read for a module function's argument reference. The reader
   * depends on that one argument (not on all of `_module.args`).
   */
  moduleArg(name: string): { has: boolean; value?: unknown } {
    const lin = this.lineage;
    const reader = lin.computing;
    lin.computing = undefined;
    let args: Record<string, unknown>;
    try {
      args = (this.config._module as { args: Record<string, unknown> }).args;
    } finally {
      lin.computing = reader;
    }
    if (!(name in args)) return { has: false };
    const value = args[name];
    if (reader !== undefined && reader.owner === this) this.reuse.readArg(reader as OptionState, name, value);
    return { has: true, value };
  }

  // --- declare and index ---

  /** The declaration tree and the definitions that match no option, which `config` needs: the index's. */
  private shape(): DefinitionIndex {
    return this.definitions();
  }

  /**
   * The definition index (built on first use, when `config` is first taken: the
   * declaration tree, then the definitions along it; for an extension, spliced from its
   * base's when it can be).
   */
  definitions(): DefinitionIndex {
    if (this.index) return this.index;
    const ordered = [...this.modules].reverse();
    const tree = declareCached(ordered, this.prefix);
    const spliced = this.reuse.index(tree);
    if (spliced) return (this.index = spliced);
    const own = ownLeaves(tree);
    const found = new FlatIndexBuilder(tree, own);
    const s: DefinitionIndex = {
      tree,
      unmatched: found.unmatched,
      own,
      ownStates: [],
      pure: false,
    };
    // Set first: a module's configuration read while it is walked may read `options`.
    this.index = s;
    this.finding = found;
    try {
      this.indexInto(found, tree, ordered);
    } finally {
      this.finding = undefined;
    }
    s.flat = found.finish();
    s.ownDefs = found.own;
    s.pure = found.staticData && s.unmatched.length === 0 && pureOptions(tree);
    checkCollectionReads(this.lineage, tree, ordered);
    return s;
  }

  /** Indexes `modules` (in merge order) along `tree` into `sink`; an error names the module. */
  indexInto(sink: DefinitionSink, tree: DeclTree, modules: readonly NormalModule[]): void {
    const depth = this.prefix.length;
    for (const m of modules) {
      try {
        indexModule(sink, tree, m, depth);
      } catch (e) {
        throw locatedThrow(e, { what: `Reading the definitions of \`${m.file}'`, files: [m.file] });
      }
    }
  }

  /** The state of an option (made on first use: the base's, spliced, or from the index). */
  stateOf(leaf: OptionLeaf): OptionState {
    const idx = this.definitions();
    const i = leaf.index;
    const own = idx.own[i] === 1;
    const states = own ? idx.ownStates : (idx.states ??= new Array<OptionState | undefined>(idx.tree.size));
    let st = states[i];
    if (st !== undefined) return st;
    st = this.reuse.state(leaf);
    if (st === undefined) {
      if (idx.flat !== undefined) {
        st = new OptionState(leaf, this, own ? (idx.ownDefs![i] ?? NO_DEFS) : flatDefs(idx.flat, i));
        if (!own) st.pureDefs = idx.pure;
      } else {
        // Read while the definitions are still being found: those found so far (the list grows).
        st = new OptionState(leaf, this, this.finding?.soFar(leaf) ?? NO_DEFS);
      }
    }
    return (states[i] = st);
  }

  // --- merge and value ---

  /** The merged definitions of an option (for `options.<x>.definitions`, `.highestPrio`...). */
  mergedOf(leaf: OptionLeaf): Merged {
    const st = this.stateOf(leaf);
    const reader = this.lineage.computing;
    if (reader !== undefined && reader.owner === this) this.reuse.readDefinitions(reader as OptionState);
    if (st.merged) return st.merged;
    return this.run(st, false) as Merged;
  }

  /** The value of an option (computed once). */
  valueOf(leaf: OptionLeaf): unknown {
    const st = this.stateOf(leaf);
    const reader = this.lineage.computing;
    if (reader !== undefined && reader.owner === this) this.reuse.read(reader as OptionState, st);
    if (st.done || this.reuse.value(st)) return st.value;
    return this.run(st, true);
  }

  /**
   * The context the definitions this evaluation merges carry: itself, when it is not its
   * lineage's first evaluation (an extension), whose references would otherwise resolve
   * to the first one once nothing computes (see DefinitionContext).
   */
  definitionContext(): DefinitionContext | undefined {
    return this.lineage.owner === this ? undefined : this;
  }

  /** Runs `fn` with this evaluation as the one its lineage's references resolve against. */
  enter<T>(fn: () => T): T {
    const active = this.lineage.active;
    if (active[active.length - 1] === this) return fn();
    active.push(this);
    try {
      return fn();
    } finally {
      active.pop();
    }
  }

  /** Computes the value (or only the merged definitions) of `st` as the innermost computation of the lineage. */
  private run(st: OptionState, value: boolean): unknown {
    if (this.outer !== undefined) return this.outer.enter(() => this.compute(st, value));
    return this.compute(st, value);
  }

  private compute(st: OptionState, value: boolean): unknown {
    if (st.running) throw reentered(st);
    st.running = true;
    const lin = this.lineage;
    lin.active.push(this);
    const outer = lin.computing;
    lin.computing = st;
    lin.depth++;
    try {
      return value ? optionValue(st) : mergedDefinitions(st);
    } catch (e) {
      throw frameError(e, st, lin.depth === 1);
    } finally {
      lin.depth--;
      lin.computing = outer;
      lin.active.pop();
      st.running = false;
    }
  }

  // --- config views ---

  private buildConfig(): Record<string, unknown> {
    const declared = this.declared();
    const free = this.freeValue();
    return free
      ? overlay(free, declared, this.shape().tree, { name: "_module", get: () => declared._module })
      : declared;
  }

  private buildResult(): Record<string, unknown> {
    const idx = this.shape();
    const tree = idx.tree;
    // Values of static definitions only: computed from the index alone (detached.ts).
    if (idx.pure && !this.reuse.extending) return makeResultNode(tree, true, new DetachedSource(idx.flat!));
    const declared = this.resultNode(tree);
    const free = this.freeValue();
    return free ? overlay(free, declared, tree) : declared;
  }

  private declared(): Record<string, unknown> {
    return (this.declaredRoot ??= this.configNode(this.shape().tree));
  }

  /** A node of the evaluation's own `config` (what modules read). */
  configNode(tree: DeclTree): Record<string, unknown> {
    return makeConfigNode(tree, tree.path.length === this.prefix.length, (child) =>
      child.kind === "option" ? this.valueOf(child) : this.configNode(child),
    );
  }

  /** A node of `result.config`: the base's when reuse allows, else one that keeps the values it gives out. */
  private resultNode(tree: DeclTree): Record<string, unknown> {
    return this.reuse.node(tree) ?? makeResultNode(tree, tree.path.length === this.prefix.length, this);
  }

  /** ResultSource: a child of a node of `result.config`. */
  resultChild(child: DeclNode): unknown {
    return child.kind === "option" ? this.valueOf(child) : this.resultNode(child);
  }

  /** ResultSource: whether no option of the lineage is being computed. */
  idle(): boolean {
    return this.lineage.computing === undefined;
  }

  /** ResultSource: a node of `result.config` has all its values. */
  resultComplete(tree: DeclTree): void {
    this.reuse.complete(tree);
  }

  // --- freeform ---

  freeformType(): OptionType | null {
    return (this.declared()._module as { freeformType: OptionType | null }).freeformType;
  }

  private freeValue(): Record<string, unknown> | null {
    if (this.free !== undefined) return this.free;
    // As nixpkgs: with no definition left for it, the freeform type is not even read.
    const s = this.shape();
    if (s.unmatched.length === 0) return (this.free = null);
    const freeform = this.freeformType();
    if (!freeform) return (this.free = null);
    // The freeform definitions are part of `config` itself: one that reads `config` while
    // they are merged depends on itself (as in nixpkgs, an infinite recursion).
    if (this.freeFrame) throw reentered(this.freeFrame);
    const outermost = this.lineage.depth === 0;
    try {
      const defs = s.unmatched.map((u) => {
        const frame: Frame = { path: [...this.prefix, ...u.prefix], files: [u.file] };
        this.freeFrame = frame;
        return { file: u.file, value: setAttrByPath(u.prefix, guard(frame, u.read, outermost)) };
      });
      const frame: Frame = {
        path: this.prefix.length ? this.prefix : ["<freeform definitions>"],
        files: s.unmatched.map((u) => u.file),
      };
      this.freeFrame = frame;
      return (this.free = guard(frame, () => freeform.merge(this.prefix, defs) as Record<string, unknown>, outermost));
    } finally {
      this.freeFrame = undefined;
    }
  }

  private checkUnmatched(): void {
    const s = this.shape();
    if (s.unmatched.length === 0) return;
    const mod = this.declared()._module as { check: boolean; freeformType: OptionType | null };
    if (!mod.check || mod.freeformType) return;
    throw unknownOptionError(s.tree, s.unmatched, this.prefix);
  }
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
