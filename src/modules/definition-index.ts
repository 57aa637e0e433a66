/**
 * The index of definitions (nixpkgs `mergeModules'` for `config`): the configuration
 * of every module, in merge order, walked along the declaration tree. Top-level
 * `mkIf`, `mkMerge` and `mkOverride` are pushed down first, so names are known without
 * deciding conditions. A value found at an option becomes a definition of that option ({@link DefList});
 * a value found under no option is kept for the freeform type (or the unknown-option
 * error). No definition's value is read here: a getter runs when its option is merged.
 */
import type { DeclTree, OptionLeaf } from "./declarations.js";
import type { UnmatchedDefinition } from "./definition.js";
import type { NormalModule } from "./normalize.js";
import { pushDown } from "./push-down.js";
import { isPlainObject } from "./types/option-type.js";

declare const DEF_LIST: unique symbol;

/**
 * The definitions of one option, in merge order: per definition the module it came
 * from (its file names it in every message) and where its value sits, `holder[key]`,
 * read when the option is merged. Kept flat, three slots a definition (a fleet of hosts
 * holds hundreds of thousands: a record each would double what they cost), and read
 * only through the functions below. The same list serves an evaluation and its
 * extensions.
 */
export type DefList = readonly unknown[] & { readonly [DEF_LIST]: true };

/** The definitions of an option that has none (shared). */
export const NO_DEFS = Object.freeze([]) as unknown as DefList;

/** How many definitions `list` holds. */
export function defCount(list: DefList): number {
  return list.length / 3;
}

/** The module that gave definition `i`. */
export function defModule(list: DefList, i: number): NormalModule {
  return list[3 * i] as NormalModule;
}

/** The file of the module that gave definition `i`. */
export function defFile(list: DefList, i: number): string {
  return (list[3 * i] as NormalModule).file;
}

/** The value of definition `i`, read now (a getter runs). */
export function readDef(list: DefList, i: number): unknown {
  return (list[3 * i + 1] as Record<string, unknown>)[list[3 * i + 2] as string];
}

/** The property that holds definition `i` (read without running a getter). */
export function defDescriptor(list: DefList, i: number): PropertyDescriptor | undefined {
  return Object.getOwnPropertyDescriptor(list[3 * i + 1] as object, list[3 * i + 2] as string);
}

/**
 * `list` with one more definition at its end. Most options have one to three: exact
 * arrays for those (a new array each time); beyond, `list` itself grows (see trimDefs).
 */
export function withDef(list: DefList, module: NormalModule, holder: object, key: string): DefList {
  const d = list as unknown as unknown[];
  switch (d.length) {
    case 0:
      return [module, holder, key] as unknown as DefList;
    case 3:
      return [d[0], d[1], d[2], module, holder, key] as unknown as DefList;
    case 6:
      return [d[0], d[1], d[2], d[3], d[4], d[5], module, holder, key] as unknown as DefList;
    default:
      d.push(module, holder, key);
      return list;
  }
}

/** `list` without the room a growing array keeps (16 more slots), once no definition is added any more. */
export function trimDefs(list: DefList): DefList {
  return list.length > 9 ? (list.slice() as unknown as DefList) : list;
}

/** Definitions `from` to `to` (exclusive) of `list`. */
export function sliceDefs(list: DefList, from: number, to = defCount(list)): DefList {
  return list.slice(3 * from, 3 * to) as unknown as DefList;
}

/** The lists one after the other. */
export function concatDefs(...lists: readonly DefList[]): DefList {
  return ([] as unknown[]).concat(...lists) as unknown as DefList;
}

/** Whether two lists hold the same definitions (the same modules, holders and keys), in the same order. */
export function sameDefs(a: DefList, b: DefList): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where indexing puts what it finds. */
export interface DefinitionSink {
  /** A definition of the option `leaf`: `holder[key]` in `module`. */
  define(leaf: OptionLeaf, module: NormalModule, holder: object, key: string): void;
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
  else if (child.kind === "option") sink.define(child, module, obj, key);
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
  readonly defs: (DefList | undefined)[] = [];
  readonly unmatched: UnmatchedDefinition[] = [];
  /** The options defined, in the order first met. */
  readonly leaves: OptionLeaf[] = [];
  define(leaf: OptionLeaf, module: NormalModule, holder: object, key: string): void {
    const list = this.defs[leaf.index];
    if (!list) this.leaves.push(leaf);
    this.defs[leaf.index] = withDef(list ?? NO_DEFS, module, holder, key);
  }
}
