/**
 * The index of definitions (nixpkgs `mergeModules'` for `config`): the configuration
 * of every module, in merge order, walked along the declaration tree. Top-level
 * `mkIf`, `mkMerge` and `mkOverride` are pushed down first, so names are known without
 * deciding conditions. A value found at an option becomes a {@link Def} of that option;
 * a value found under no option is kept for the freeform type (or the unknown-option
 * error). No definition's value is read here: a getter runs when its option is merged.
 */
import type { DeclTree, OptionLeaf } from "./declarations.js";
import type { UnmatchedDefinition } from "./definition.js";
import type { NormalModule } from "./normalize.js";
import { pushDown } from "./push-down.js";
import { isPlainObject } from "./types/option-type.js";

/**
 * One definition of an option: the module it came from (its file names it in every
 * message) and where its value sits, `holder[key]`, read when the option is merged.
 * The same record serves an evaluation and its extensions.
 */
export class Def {
  constructor(
    readonly module: NormalModule,
    readonly holder: object,
    readonly key: string,
  ) {}
  /** The file of the module that gave the definition. */
  get file(): string {
    return this.module.file;
  }
  /** The definition's value, read now (a getter runs). */
  read(): unknown {
    return (this.holder as Record<string, unknown>)[this.key];
  }
}

/** Where indexing puts what it finds. */
export interface DefinitionSink {
  /** A definition of the option `leaf`. */
  define(leaf: OptionLeaf, def: Def): void;
  /** Definitions found under no option. */
  readonly unmatched: UnmatchedDefinition[];
}

/**
 * Indexes the configuration of `module` along `tree` into `sink`. `rootDepth` is the
 * length of the evaluation's prefix (unmatched paths are relative to it).
 */
export function indexModule(sink: DefinitionSink, tree: DeclTree, module: NormalModule, rootDepth: number): void {
  indexValue(sink, tree, module.config, module, rootDepth, 0);
}

/**
 * How deep indexing recurses into a module's definitions before it goes on with a
 * worklist: deep enough for every ordinary module, shallow enough to leave the stack
 * to the evaluations around it.
 */
const INDEX_DEPTH = 200;

/** Notes the definitions in `value` for the options under `tree` (depth first, in the order of their keys). */
function indexValue(
  sink: DefinitionSink,
  tree: DeclTree,
  value: unknown,
  module: NormalModule,
  rootDepth: number,
  depth: number,
): void {
  if (depth >= INDEX_DEPTH) indexDeep(sink, tree, value, module, rootDepth);
  else if (isPlainObject(value)) indexSet(sink, tree, value, module, rootDepth, depth);
  else for (const obj of pushDown(value, module.file, tree.path)) indexSet(sink, tree, obj, module, rootDepth, depth);
}

function indexSet(
  sink: DefinitionSink,
  tree: DeclTree,
  obj: Record<string, unknown>,
  module: NormalModule,
  rootDepth: number,
  depth: number,
): void {
  for (const key of Object.keys(obj)) {
    const below = indexKey(sink, tree, obj, key, module, rootDepth);
    if (below) indexValue(sink, below, obj[key], module, rootDepth, depth + 1);
  }
}

/** Notes `obj[key]` under `tree` (an option's definition, or an unmatched one); for a set of options below, returns their tree. */
function indexKey(
  sink: DefinitionSink,
  tree: DeclTree,
  obj: Record<string, unknown>,
  key: string,
  module: NormalModule,
  rootDepth: number,
): DeclTree | undefined {
  const child = tree.children.get(key);
  if (!child)
    sink.unmatched.push({ file: module.file, read: () => obj[key], prefix: [...tree.path.slice(rootDepth), key] });
  else if (child.kind === "option") sink.define(child, new Def(module, obj, key));
  else return child;
  return undefined;
}

/**
 * `indexValue` with a worklist instead of recursion, in the same order: for the parts
 * of a module nested deeper than INDEX_DEPTH (an option tree thousands of levels deep).
 */
function indexDeep(
  sink: DefinitionSink,
  tree: DeclTree,
  value: unknown,
  module: NormalModule,
  rootDepth: number,
): void {
  interface Sets {
    readonly tree: DeclTree;
    readonly sets: readonly Record<string, unknown>[];
    set: number;
    keys: readonly string[];
    key: number;
  }
  const stack: Sets[] = [];
  const enter = (tree: DeclTree, value: unknown) => {
    const sets = isPlainObject(value) ? [value] : pushDown(value, module.file, tree.path);
    stack.push({ tree, sets, set: 0, keys: sets.length > 0 ? Object.keys(sets[0]!) : [], key: 0 });
  };
  enter(tree, value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.key < top.keys.length) {
      const obj = top.sets[top.set]!;
      const key = top.keys[top.key++]!;
      const below = indexKey(sink, top.tree, obj, key, module, rootDepth);
      if (below) enter(below, obj[key]);
    } else if (++top.set < top.sets.length) {
      top.keys = Object.keys(top.sets[top.set]!);
      top.key = 0;
    } else {
      stack.pop();
    }
  }
}

/** The definitions of some modules only, by option number (sparse: a few modules define a few options). */
export class PartialIndex implements DefinitionSink {
  readonly defs: (Def[] | undefined)[] = [];
  readonly unmatched: UnmatchedDefinition[] = [];
  /** The options defined, in the order first met. */
  readonly leaves: OptionLeaf[] = [];
  define(leaf: OptionLeaf, def: Def): void {
    const list = this.defs[leaf.index];
    if (list) list.push(def);
    else {
      this.defs[leaf.index] = [def];
      this.leaves.push(leaf);
    }
  }
}
