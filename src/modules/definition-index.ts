/**
 * The index of definitions (nixpkgs `mergeModules'` for `config`): the configuration
 * of every module, in merge order, walked along the declaration tree. Top-level
 * `mkIf`, `mkMerge` and `mkOverride` are pushed down first, so names are known without
 * deciding conditions. A value found at an option becomes a definition of that option ({@link DefList});
 * a value found under no option is kept for the freeform type (or the unknown-option
 * error). No definition's value is read here: a getter runs when its option is merged.
 */
import type { DeclNode, DeclTree, OptionLeaf } from "./declarations.js";
import type { UnmatchedDefinition } from "./definition.js";
import type { NormalModule } from "./normalize.js";
import { MkOverride } from "./properties.js";
import { pushDown } from "./push-down.js";
import { isPlainObject } from "./types/option-type.js";

declare const DEF_LIST: unique symbol;

/**
 * Where a definition came from: its module's file. One object per module, made when the
 * module is first indexed: it is the module's identity in definition lists (which
 * module gave which definition) without holding the module's configuration.
 */
export interface DefOrigin {
  readonly file: string;
}

/** The origin of the definitions of `module` (see DefOrigin). */
export function originOf(module: NormalModule): DefOrigin {
  return (module.origin ??= { file: module.file });
}

/** Marks a definition whose value was taken from a data property. */
export const DATA: unique symbol = Symbol("data definition");

/**
 * The definitions of one option, in merge order: three slots a definition, read only
 * through the functions below. A definition is its origin and its value: the value of a
 * data property is taken when the module is indexed (`mkOverride` kept as its priority
 * and content), so the object that held it is not kept; a getter (or a value behind a
 * proxy) is kept as the holder and key, and runs when the option is merged.
 *
 *   origin, value, DATA       a value
 *   origin, content, number   `mkOverride(number, content)`
 *   origin, holder, key       `holder[key]`, read when merged
 *
 * The same list serves an evaluation and its extensions.
 */
export type DefList = readonly unknown[] & { readonly [DEF_LIST]: true };

/** The definitions of an option that has none (shared). */
export const NO_DEFS = Object.freeze([]) as unknown as DefList;

/** How many definitions `list` holds. */
export function defCount(list: DefList): number {
  return list.length / 3;
}

/** The origin of definition `i`. */
export function defOrigin(list: DefList, i: number): DefOrigin {
  return list[3 * i] as DefOrigin;
}

/** The file of the module that gave definition `i`. */
export function defFile(list: DefList, i: number): string {
  return (list[3 * i] as DefOrigin).file;
}

/** The value of definition `i`, read now (a getter runs). */
export function readDef(list: DefList, i: number): unknown {
  const a = list[3 * i + 1];
  const b = list[3 * i + 2];
  if (b === DATA) return a;
  if (typeof b === "number") return new MkOverride(b, a);
  return (a as Record<string, unknown>)[b as string];
}

/** Whether definition `i` is kept as a holder and key (a getter, or a value behind a proxy). */
export function isDeferredDef(list: DefList, i: number): boolean {
  return typeof list[3 * i + 2] === "string";
}

/** The priority of definition `i` when it was given as `mkOverride` (then defContent is its content), else undefined. */
export function defPriority(list: DefList, i: number): number | undefined {
  const b = list[3 * i + 2];
  return typeof b === "number" ? b : undefined;
}

/** The value of definition `i` as kept: for a data property its value (for `mkOverride`, its content). */
export function defContent(list: DefList, i: number): unknown {
  return list[3 * i + 1];
}

/**
 * Appends the definition `holder[key]` from `origin` to `out` (three slots). The value
 * of a data property is taken now (a getter is not run: it is kept as holder and key).
 * Returns the value taken, or DEFERRED.
 */
export function appendDef(out: unknown[], origin: DefOrigin, holder: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(holder, key);
  if (d === undefined || d.get !== undefined || d.set !== undefined || !("value" in d)) {
    out.push(origin, holder, key);
    return DEFERRED;
  }
  const v = d.value;
  // (`instanceof` only on objects: a reference is a function whose prototype is its value's.)
  if (typeof v === "object" && v !== null && v instanceof MkOverride && typeof v.priority === "number")
    out.push(origin, v.content, v.priority);
  else out.push(origin, v, DATA);
  return v;
}

/** What appendDef returns for a definition kept as holder and key. */
export const DEFERRED: unique symbol = Symbol("deferred definition");

/** Definitions `from` to `to` (exclusive) of `list`. */
export function sliceDefs(list: DefList, from: number, to = defCount(list)): DefList {
  return list.slice(3 * from, 3 * to) as unknown as DefList;
}

/** The lists one after the other. */
export function concatDefs(...lists: readonly DefList[]): DefList {
  return ([] as unknown[]).concat(...lists) as unknown as DefList;
}

/** Whether two lists hold the same definitions (the same origins and values, or holders and keys), in the same order. */
export function sameDefs(a: DefList, b: DefList): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where indexing puts what it finds. */
export interface DefinitionSink {
  /** A definition of the option `leaf`: `holder[key]` from `origin` (see appendDef). */
  define(leaf: OptionLeaf, origin: DefOrigin, holder: object, key: string): void;
  /** Definitions found under no option. */
  readonly unmatched: UnmatchedDefinition[];
}

/**
 * Indexes the configuration of `module` along `tree` into `sink`. `rootDepth` is the
 * length of the evaluation's prefix (unmatched paths are relative to it).
 */
export function indexModule(sink: DefinitionSink, tree: DeclTree, module: NormalModule, rootDepth: number): void {
  indexValue(sink, tree, module.config, module, originOf(module), rootDepth, 0);
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
  origin: DefOrigin,
  rootDepth: number,
  depth: number,
): void {
  if (depth >= INDEX_DEPTH) indexDeep(sink, tree, value, module, origin, rootDepth);
  else if (isPlainObject(value)) indexSet(sink, tree, value, module, origin, rootDepth, depth);
  else
    for (const obj of pushDown(value, module.file, tree.path))
      indexSet(sink, tree, obj, module, origin, rootDepth, depth);
}

/**
 * Per tree, the names of the last set of many names indexed under it and their children:
 * the sets defined under one tree (the same module made for each host) list the same
 * names in the same order, so a name at the same place as before has the same child.
 */
const lastNames = new WeakMap<DeclTree, { names: string[]; children: (DeclNode | undefined)[] }>();

function indexSet(
  sink: DefinitionSink,
  tree: DeclTree,
  obj: Record<string, unknown>,
  module: NormalModule,
  origin: DefOrigin,
  rootDepth: number,
  depth: number,
): void {
  const keys = Object.keys(obj);
  let last = keys.length > 16 ? lastNames.get(tree) : undefined;
  if (keys.length > 16 && last === undefined) lastNames.set(tree, (last = { names: [], children: [] }));
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j]!;
    let child: DeclNode | undefined;
    if (last === undefined) child = tree.children.get(key);
    else if (last.names[j] === key) child = last.children[j];
    else {
      child = tree.children.get(key);
      last.names[j] = key;
      last.children[j] = child;
    }
    const below = indexKey(sink, tree, child, obj, key, module, origin, rootDepth);
    if (below) indexValue(sink, below, obj[key], module, origin, rootDepth, depth + 1);
  }
}

/** Notes `obj[key]` (the child `child` of `tree`) (an option's definition, or an unmatched one); for a set of options below, returns their tree. */
function indexKey(
  sink: DefinitionSink,
  tree: DeclTree,
  child: DeclNode | undefined,
  obj: Record<string, unknown>,
  key: string,
  module: NormalModule,
  origin: DefOrigin,
  rootDepth: number,
): DeclTree | undefined {
  if (!child)
    sink.unmatched.push({ file: module.file, read: () => obj[key], prefix: [...tree.path.slice(rootDepth), key] });
  else if (child.kind === "option") sink.define(child, origin, obj, key);
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
  origin: DefOrigin,
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
      const below = indexKey(sink, top.tree, top.tree.children.get(key), obj, key, module, origin, rootDepth);
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
  define(leaf: OptionLeaf, origin: DefOrigin, holder: object, key: string): void {
    let list = this.defs[leaf.index];
    if (!list) {
      this.leaves.push(leaf);
      list = this.defs[leaf.index] = [] as unknown as DefList;
    }
    appendDef(list as unknown as unknown[], origin, holder, key);
  }
}
