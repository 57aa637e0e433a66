/**
 * One evaluation (nixpkgs `evalModules`), in stages: modules are collected once,
 * eagerly (eval.ts, collect.ts); on first use the declaration tree is built
 * (declarations.ts) and the definitions indexed along it (definition-index.ts); every
 * option value is computed on first read (option-value.ts, merge.ts) and cached.
 * `config` is a tree of views whose names are strict and values lazy.
 *
 * Reuse for `extendModules` is not here: the evaluation asks its {@link Incremental}
 * at named points (index, state, value, node, read, complete) and otherwise evaluates
 * as if it extended nothing. See docs/semantics.md.
 */
import { setAttrByPath } from "./attrsets.js";
import { makeConfigNode, makeResultNode, type ResultSource } from "./config-node.js";
import { frameError, guard, reentered, type Frame } from "./cycles.js";
import type { UnmatchedDefinition } from "./definition.js";
import { declareCached, type DeclNode, type DeclTree, type OptionLeaf } from "./declarations.js";
import { type DefinitionSink, indexModule } from "./definition-index.js";
import type { EvalModulesArgs } from "./eval.js";
import { locatedThrow } from "./errors/thrown.js";
import { Incremental, type DefinitionIndex, type ReuseHost } from "./incremental.js";
import { lazyAttrs, type Hidden } from "./lazy-attrs.js";
import type { Lineage } from "./lineage.js";
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
export class Evaluation implements RefHost, ResultSource, ReuseHost, DefinitionSink {
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
  /**
   * Whether `config` is made before the index (see shape): for an evaluation whose result
   * is handed out and may be kept unread (not a submodule's value, which is read as soon
   * as it is made, nor an extension, which splices its base's index).
   */
  private readonly scanFirst: boolean;
  /** See shape. */
  private scanned: { readonly tree: DeclTree; readonly unmatched: readonly UnmatchedDefinition[] } | undefined;

  constructor(
    readonly args: EvalModulesArgs,
    readonly lineage: Lineage,
    base: Evaluation | undefined,
    noteSettled: boolean,
  ) {
    this.prefix = args.prefix ?? [];
    this.reuse = new Incremental(this, base, noteSettled);
    this.scanFirst = noteSettled && base === undefined;
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

  /**
   * The declaration tree and the definitions that match no option, which `config` needs
   * (its names, the freeform part, the unknown-option check): the index's once made;
   * before that, for an evaluation whose result may be kept unread (scanFirst), from a
   * walk of the modules that keeps nothing else, so that a configuration not read yet
   * holds no state per option.
   */
  private shape(): { readonly tree: DeclTree; readonly unmatched: readonly UnmatchedDefinition[] } {
    if (this.index) return this.index;
    if (this.scanned) return this.scanned;
    if (!this.scanFirst) return this.definitions();
    const ordered = [...this.modules].reverse();
    const tree = declareCached(ordered, this.prefix);
    const sink: DefinitionSink = { unmatched: [], define: ignore };
    // Set first, as the index is: a module's configuration read while it is walked may read `options`.
    this.scanned = { tree, unmatched: sink.unmatched };
    this.indexInto(sink, tree, ordered);
    checkCollectionReads(this.lineage, tree, ordered);
    return this.scanned;
  }

  /** The definition index (built on first use: the declaration tree, then the definitions along it). */
  definitions(): DefinitionIndex {
    if (this.index) return this.index;
    const ordered = [...this.modules].reverse();
    const tree = declareCached(ordered, this.prefix);
    const spliced = this.reuse.index(tree);
    if (spliced) return (this.index = spliced);
    const s: DefinitionIndex = { tree, states: new Array<OptionState | undefined>(tree.size), unmatched: [] };
    this.index = s;
    this.indexInto(this, tree, ordered);
    for (const st of s.states) st?.settle();
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

  /** DefinitionSink: the evaluation's own index. */
  get unmatched() {
    return this.index!.unmatched;
  }

  define(leaf: OptionLeaf, module: NormalModule, holder: object, key: string): void {
    this.stateOf(leaf).add(module, holder, key);
  }

  /** The state of an option (made on first use: the base's, spliced, or empty). */
  stateOf(leaf: OptionLeaf): OptionState {
    const states = this.definitions().states;
    let st = states[leaf.index];
    if (st === undefined) st = states[leaf.index] = this.reuse.state(leaf) ?? new OptionState(leaf, this);
    return st;
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

  /** Computes the value (or only the merged definitions) of `st` as the innermost computation of the lineage. */
  private run(st: OptionState, value: boolean): unknown {
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
    const tree = this.shape().tree;
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

/** A definition sink's `define` that keeps nothing (see Evaluation.shape). */
function ignore(): void {}

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
