/**
 * Option declarations (nixpkgs `mergeModules'` for `options`, `mergeOptionDecls`):
 * the declaration trees of all modules become one tree whose leaves are options.
 * An option may be declared by several modules when at most one gives each of
 * `default`, `example`, `description`, `apply` and the types merge; option trees
 * declared under a submodule-typed option become modules of that submodule.
 */
import { ModuleError } from "./errors/module-error.js";
import { showFiles, showOption } from "./errors/render.js";
import type { NormalModule } from "./normalize.js";
import { isOption, type OptionDecl, type OptionSpec } from "./option.js";
import { isOptionType, isPlainObject, type OptionType } from "./types/option-type.js";
import { unspecified } from "./types/primitives.js";
import { Lazy } from "./lazy.js";
import { deref } from "./reference.js";

/** A declared option after its declarations merged. */
export interface MergedOption {
  readonly loc: readonly string[];
  readonly type: OptionType;
  readonly spec: OptionSpec;
  /** The files of the declarations, in merge order. */
  readonly declarations: readonly string[];
}

/** A node of the declaration tree. */
export type DeclNode = OptionLeaf | DeclTree;

/** An option. */
export interface OptionLeaf {
  readonly kind: "option";
  readonly option: MergedOption;
  /** The option's number in the tree `declare` made (0 to `size` - 1): evaluations keep per-option state in arrays. */
  readonly index: number;
}

/** A set of options. */
export interface DeclTree {
  readonly kind: "tree";
  readonly path: readonly string[];
  readonly children: ReadonlyMap<string, DeclNode>;
  /** How many options the whole tree `declare` made holds (the same in each of its sub-trees). */
  readonly size: number;
}

/** Numbers the options of one tree as they are made, and lists its sub-trees to give them the total. */
interface Numbering {
  next: number;
  readonly trees: { size: number }[];
}

interface Entry {
  file: string;
  value: unknown;
}

const specFields = ["default", "example", "description", "apply"] as const;

/** Merges the declarations of `modules` (given in merge order) into one tree. */
export function declare(modules: readonly NormalModule[], prefix: readonly string[]): DeclTree {
  const numbering: Numbering = { next: 0, trees: [] };
  const tree = build(
    prefix,
    modules.map((m) => ({ file: m.file, value: m.options })),
    numbering,
  );
  for (const t of numbering.trees) t.size = numbering.next;
  return tree;
}

/** A set of options being built: its tree, and the names whose nodes are still to make. */
interface Building {
  readonly tree: { kind: "tree"; path: readonly string[]; children: Map<string, DeclNode>; size: number };
  readonly pending: Iterator<[string, Entry[]]>;
}

/**
 * The tree of `entries` at `path`: the options depth first, each sub-tree made before
 * the next name (the order options are numbered in). The sets being built are a
 * worklist, not the JavaScript stack, so option trees may nest as deep as memory allows.
 */
function build(path: readonly string[], entries: readonly Entry[], numbering: Numbering): DeclTree {
  const root = start(path, entries);
  const stack: Building[] = [root];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const next = top.pending.next();
    if (next.done) {
      stack.pop();
      numbering.trees.push(top.tree);
      continue;
    }
    const [name, list] = next.value;
    const loc = [...top.tree.path, name];
    if (isLeaf(loc, list)) {
      top.tree.children.set(name, leaf(loc, list, numbering.next++));
    } else {
      const sub = start(loc, list);
      top.tree.children.set(name, sub.tree);
      stack.push(sub);
    }
  }
  return root.tree;
}

/**
 * The option of `entries` at `loc`. Declarations that do not merge fail the option
 * only (as in nixpkgs, where each option's declarations merge when it is used): its
 * leaf throws the error when its option is looked at, other options work.
 */
function leaf(loc: readonly string[], entries: readonly Entry[], index: number): OptionLeaf {
  if (entries.some(deferredType)) {
    // A type that is read from the configuration (`type: config.theType`) is known
    // only once the configuration is: the option is made when first looked at.
    const out = { kind: "option" as const, index } as { kind: "option"; index: number; option: MergedOption };
    Object.defineProperty(out, "option", {
      configurable: true,
      enumerable: true,
      get: () => {
        const option = mergeOptionDecls(loc, entries);
        Object.defineProperty(out, "option", { value: option, enumerable: true });
        return option;
      },
    });
    return out;
  }
  let option: MergedOption;
  try {
    option = mergeOptionDecls(loc, entries);
  } catch (e) {
    if (!(e instanceof ModuleError) || e.code !== "DECLARATION_CONFLICT") throw e;
    return {
      kind: "option",
      index,
      get option(): MergedOption {
        throw e;
      },
    };
  }
  return { kind: "option", option, index };
}

/** Whether a declaration's type is still to compute (a reference into the configuration, or a deferred value). */
function deferredType(e: Entry): boolean {
  if (!isOption(e.value)) return false;
  const d = Object.getOwnPropertyDescriptor(e.value.spec, "type");
  if (!d) return false;
  if (d.get) return true;
  const t: unknown = d.value;
  return t !== undefined && !isOptionType(t) && (typeof t === "function" || t instanceof Lazy);
}

/** A set of options to build from `entries` (each a tree of declarations) at `path`. */
function start(path: readonly string[], entries: readonly Entry[]): Building {
  const byName = new Map<string, Entry[]>();
  for (const e of entries) {
    if (!isPlainObject(e.value)) {
      throw new ModuleError({
        code: "INVALID_MODULE",
        message: `An option declaration for \`${showOption(path)}' in \`${e.file}' has type \`${typeof e.value}' rather than an attribute set.`,
        hint: "Did you mean to define this outside of `options'?",
      });
    }
    for (const name of Object.keys(e.value)) {
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push({ file: e.file, value: e.value[name] });
    }
  }
  return { tree: { kind: "tree", path, children: new Map(), size: 0 }, pending: byName.entries() };
}

/** The kind of a value that is some other tagged thing than an option declaration (an option type, a configuration), if it is one. */
function taggedType(v: unknown): string | undefined {
  if (isOptionType(v)) return "option-type";
  if (typeof v !== "object" || v === null || isOption(v) || isPlainObject(v)) return undefined;
  const t = (v as { _type?: unknown })._type;
  return typeof t === "string" ? t : undefined;
}

/** Whether the declarations at `loc` make an option (any `mkOption` among them), checking that they may. */
function isLeaf(loc: readonly string[], entries: readonly Entry[]): boolean {
  for (const e of entries) {
    const tagged = taggedType(e.value);
    if (tagged !== undefined) {
      const name = loc[loc.length - 1];
      throw new ModuleError({
        code: "INVALID_MODULE",
        message: `In module ${e.file}: expected an option declaration at option path \`${showOption(loc)}\` but got an attribute set with type ${tagged}`,
        hint: `When declaring an option, you must wrap the type in a \`mkOption\` call: ${name}: mkOption({ type: <the type you wrote>, description: ... })`,
      });
    }
  }
  const opts = entries.filter((e) => isOption(e.value));
  if (opts.length === 0) return false;
  if (opts.length < entries.length) {
    const trees = entries.filter((e) => !isOption(e.value));
    // Only a submodule takes nested declarations (not a list or attribute set of them).
    const ok = opts.every(
      (e) => (deref((e.value as OptionDecl).spec.type) as OptionType | undefined)?.name === "submodule",
    );
    if (!ok) {
      const t = deref((opts[0]!.value as OptionDecl).spec.type) as OptionType | undefined;
      throw new ModuleError({
        code: "DECLARATION_CONFLICT",
        message: `The option \`${showOption(loc)}' in module \`${opts[0]!.file}' would be a parent of the following options, but its type \`${t?.description ?? "<no description>"}' does not support nested options.\n${trees.flatMap((tr) => Object.keys(tr.value as object).map((k) => `- option(s) with prefix \`${showOption([...loc, k])}' in module \`${tr.file}'`)).join("\n")}`,
        optionPath: loc,
      });
    }
  }
  return true;
}

/** Merges several declarations of one option (trees count as sub-option modules). */
export function mergeOptionDecls(loc: readonly string[], entries: readonly Entry[]): MergedOption {
  let type: OptionType | undefined;
  const spec: Record<string, unknown> = {};
  const declarations: string[] = [];
  const subModules: unknown[] = [];
  let hasSubModules = false;
  for (const e of entries) {
    // Each declaration's modules go before those of the declarations merged before it
    // (as nixpkgs' fold prepends them): the submodule sees them in collection order.
    if (!isOption(e.value)) {
      subModules.unshift({ _file: e.file, options: e.value });
      hasSubModules = true;
      // A tree of options declared into the option counts as a declaration of it (nixpkgs).
      declarations.push(e.file);
      continue;
    }
    const s = e.value.spec as Record<string, unknown>;
    const t = deref(e.value.spec.type) as OptionType | undefined;
    const clash = specFields.some((f) => f in s && f in spec);
    const merged = t && type ? type.typeMerge(t) : (t ?? type);
    if (clash || (t && type && !merged)) {
      throw new ModuleError({
        code: "DECLARATION_CONFLICT",
        message: `The option \`${showOption(loc)}' in \`${e.file}' is already declared in ${showFiles(declarations)}.`,
        optionPath: loc,
        definitions: [{ file: e.file }, ...declarations.map((file) => ({ file }))],
        hint: clash
          ? `Only one declaration may give ${specFields.filter((f) => f in s && f in spec).join(", ")}; remove it from the others, or declare the option once.`
          : `The types \`${type!.description}' and \`${t!.description}' do not merge; declare the option with one type.`,
      });
    }
    type = merged ?? undefined;
    // The first declaration merged (the last module) keeps its attributes (`readOnly`,
    // `internal`, ...); the ones that may not clash were checked above.
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(s)))
      if (k !== "type" && !(k in spec)) Object.defineProperty(spec, k, d);
    if (t?.subModules) {
      subModules.unshift(...t.subModules.map((m) => ({ _file: e.file, imports: [m] })));
      hasSubModules = true;
    }
    declarations.push(e.file);
  }
  let finalType = type ?? unspecified;
  if (hasSubModules && finalType.subModules !== null) finalType = finalType.substSubModules(subModules);
  return { loc, type: finalType, spec: spec as OptionSpec, declarations };
}

interface CacheNode {
  file: string;
  tree?: DeclTree;
  next: WeakMap<object, CacheNode[]>;
}
const cacheRoots = new Map<string, WeakMap<object, CacheNode[]>>();

/**
 * How many prefixes the declaration cache remembers (the least recently used goes
 * first): each value of an `attrsOf (submodule ...)` has its own prefix, so a
 * long-running process meeting ever new names would otherwise keep a tree for each.
 */
export const DECLARATION_CACHE_PREFIXES = 4096;

/**
 * `declare`, remembered: evaluations whose modules declare the same option trees (the
 * same objects, from the same files, at the same prefix) share one declaration tree.
 * Every value of a submodule type is such an evaluation.
 */
export function declareCached(modules: readonly NormalModule[], prefix: readonly string[]): DeclTree {
  const declaring = modules.filter(declaresOptions);
  const pk = prefix.join("\0");
  let level = cacheRoots.get(pk);
  if (level) {
    cacheRoots.delete(pk);
    cacheRoots.set(pk, level);
  } else {
    cacheRoots.set(pk, (level = new WeakMap()));
    if (cacheRoots.size > DECLARATION_CACHE_PREFIXES) cacheRoots.delete(cacheRoots.keys().next().value!);
  }
  let node: CacheNode | undefined;
  for (let i = 0; i < declaring.length; i++) {
    const m = declaring[i]!;
    const list: CacheNode[] = level.get(m.options) ?? [];
    if (list.length === 0) level.set(m.options, list);
    node = list.find((n) => n.file === m.file);
    if (!node) list.push((node = { file: m.file, next: new WeakMap() }));
    level = node.next;
  }
  if (!node) return declare(modules, prefix);
  return (node.tree ??= declare(declaring, prefix));
}

/** How many prefixes the declaration cache holds now (for tests). */
export function declarationCachePrefixes(): number {
  return cacheRoots.size;
}

/** Whether a module declares any option (only those shape the declaration tree). */
export function declaresOptions(m: NormalModule): boolean {
  for (const _ in m.options) return true;
  return false;
}
