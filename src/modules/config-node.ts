/**
 * Nodes of `config`: read-only views whose attribute names are the declared children
 * and whose values are computed on first read. A node costs nothing to make however
 * many options it holds (it is a proxy over its declaration tree); reads, enumeration,
 * `in`, spreading, `JSON.stringify` and `console.log` behave as for a plain object.
 */
import { inspect } from "node:util";
import type { DeclNode, DeclTree } from "./declarations.js";
import { ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { plainObjectMaker, type PlainObjectMaker } from "./plain-object.js";
import { EACH_VALUE, hiddenDescriptor, inspectValues, shownDescriptor, type EachValue } from "./proxy-view.js";

const layouts = new WeakMap<DeclTree, Layout>();
const TARGET: unique symbol = Symbol("config node");
const UNSET: unique symbol = Symbol("unset");

/** A tree's children in name order, each name's position, which are sub-trees, and the names but `_module`. */
interface Layout {
  readonly names: string[];
  readonly positions: Map<string, number>;
  /** The child at each position. */
  readonly children: DeclNode[];
  readonly isTree: boolean[];
  readonly withoutModule: string[];
  /** What `toJSON` gives, from the values by position: all names, and all but `_module` (made on first use). */
  json?: PlainObjectMaker;
  jsonWithoutModule?: PlainObjectMaker;
}

function layout(tree: DeclTree): Layout {
  let l = layouts.get(tree);
  if (!l) {
    const names = [...tree.children.keys()].sort();
    layouts.set(
      tree,
      (l = {
        names,
        positions: new Map(names.map((n, i) => [n, i])),
        children: names.map((n) => tree.children.get(n)!),
        isTree: names.map((n) => tree.children.get(n)!.kind === "tree"),
        withoutModule: names.filter((n) => n !== "_module"),
        json: undefined,
        jsonWithoutModule: undefined,
      }),
    );
  }
  return l;
}

function jsonMaker(l: Layout, keys: readonly string[]): PlainObjectMaker {
  return plainObjectMaker(
    keys,
    keys.map((k) => l.positions.get(k)!),
  );
}

/** Where a result view's children come from: its evaluation. */
export interface ResultSource {
  /** Computes a child: an option's value, or the view's node for a sub-tree. */
  resultChild(child: DeclNode): unknown;
  /** Whether no option is being computed (so a kept value can be given without recording the read). */
  idle(): boolean;
  /** Told once when the node for `tree` has every child (and lets go of the source). */
  resultComplete(tree: DeclTree): void;
}

/**
 * The target of a node: how to compute children, and the children computed so far.
 *
 * An evaluation's own view (what module functions read as `config`) keeps sub-nodes
 * only: every option read goes to the evaluation, which caches values and records
 * which option read which (for `extendModules`). A result's view (`result.config`, a
 * submodule's value) has no `_module`, as in nixpkgs, and keeps each value it gives
 * out; once every child is there it lets go of the evaluation, so a configuration kept
 * after it was read in full costs its values only (the modules, definitions and
 * evaluation states are collected unless the result itself is kept).
 */
class NodeTarget {
  private nodes: Map<string, unknown> | undefined;
  private values: unknown[] | undefined;
  private remaining = 0;
  /** A finished result view's `toJSON` (frozen), made on the first call: serializing it again costs no reads. */
  private json: Readonly<Record<string, unknown>> | undefined;
  /** The tree's names and positions (looked up once per node, not per read). */
  private readonly l: Layout;
  constructor(
    readonly tree: DeclTree,
    readonly root: boolean,
    /** An evaluation's own view: computes a child. */
    private readonly read: ((child: DeclNode) => unknown) | undefined,
    /** A result view: its evaluation, until every child is kept. */
    private source: ResultSource | undefined,
  ) {
    this.l = layout(tree);
  }
  /** A result view's child `name` as kept, without computing it (UNSET when it is not kept yet). */
  keptOnly(name: string): unknown {
    const i = this.l.positions.get(name);
    if (i === undefined) return UNSET;
    if (this.json) return this.root && name === "_module" ? UNSET : this.json[name];
    return this.values ? this.values[i] : UNSET;
  }
  /**
   * For a result view that has every child (and so has let go of its source), and whose
   * sub-nodes have too: how many option values it holds; else -1.
   */
  completed(): number {
    if (this.source !== undefined || (!this.values && !this.json)) return -1;
    const l = this.l;
    let n = 0;
    for (let i = 0; i < l.names.length; i++) {
      if (this.root && l.names[i] === "_module") continue;
      if (!l.isTree[i]) n++;
      else {
        const t = (this.keptOnly(l.names[i]!) as { [TARGET]?: NodeTarget })[TARGET];
        const c = t ? t.completed() : -1;
        if (c < 0) return -1;
        n += c;
      }
    }
    return n;
  }
  /** Whether this is a result's view (it has no `read`). */
  get result(): boolean {
    return this.read === undefined;
  }
  /** Whether `name` is a child of this view (a result's root has no `_module`). */
  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }
  /** The position of the child `name`, or -1 when it is not one. */
  indexOf(name: string): number {
    const i = this.l.positions.get(name);
    return i === undefined || (this.result && this.root && name === "_module") ? -1 : i;
  }
  /** The child at position `i` (see indexOf). */
  valueAt(i: number): unknown {
    return this.result ? this.kept(i) : this.value(this.l.names[i]!);
  }
  hidden(name: string): boolean {
    return this.root && name === "_module";
  }
  names(): string[] {
    const l = this.l;
    return this.result && this.root ? l.withoutModule : l.names;
  }
  value(name: string): unknown {
    if (this.result) return this.kept(this.l.positions.get(name)!);
    const child = this.tree.children.get(name)!;
    if (child.kind === "option") return this.read!(child);
    this.nodes ??= new Map();
    let v = this.nodes.get(name);
    if (v === undefined) this.nodes.set(name, (v = this.read!(child)));
    return v;
  }
  /** A result view's child at position `i`: kept, or read (and kept). Sub-nodes are made once. */
  private kept(i: number): unknown {
    const l = this.l;
    // Serialized once complete: the values are the serialized form's (see toJSON).
    if (this.json) return this.json[l.names[i]!];
    let values = this.values;
    if (!values) {
      values = this.values = new Array(l.names.length).fill(UNSET);
      this.remaining = this.names().length;
    }
    const v = values[i];
    const source = this.source;
    if (v !== UNSET && (source === undefined || l.isTree[i] || source.idle())) return v;
    const got = source!.resultChild(l.children[i]!);
    if (values[i] === UNSET) {
      values[i] = got;
      if (--this.remaining === 0) {
        this.source = undefined;
        source!.resultComplete(this.tree);
      }
    }
    return got;
  }
  /** A result view's visible children, each kept (in position order). */
  private keepAll(): void {
    const skip = this.root ? this.l.positions.get("_module") : undefined;
    for (let i = 0; i < this.l.names.length; i++) if (i !== skip) this.kept(i);
  }
  eachValue(fn: (value: unknown) => void): void {
    const names = this.l.names;
    for (let i = 0; i < names.length; i++) {
      if (this.root && names[i] === "_module") continue;
      fn(this.result ? this.kept(i) : this.value(names[i]!));
    }
  }
  /** What `JSON.stringify` serializes: the visible children as a plain object (one pass, no traps). */
  toJSON(): Readonly<Record<string, unknown>> {
    if (this.json) return this.json;
    const l = this.l;
    const names = l.names;
    let values: unknown[];
    if (this.result) {
      // Once every child is kept (the source let go), they are all in `values` already.
      if (this.source !== undefined || !this.values) this.keepAll();
      values = this.values!;
    } else {
      values = names.map((name) => (this.root && name === "_module" ? undefined : this.value(name)));
    }
    const make = this.root
      ? (l.jsonWithoutModule ??= jsonMaker(l, l.withoutModule))
      : (l.json ??= jsonMaker(l, l.names));
    const out = make(values);
    if (this.result && this.source === undefined) {
      // Its values are all in it: the list of them is not kept twice.
      this.json = Object.freeze(out);
      this.values = undefined;
    }
    return out;
  }
  /** util.inspect finds this on the target but calls it on the proxy: `self` is the target either way. */
  [inspect.custom](_depth: number, options: object): string {
    const self = (this as unknown as { [TARGET]?: NodeTarget })[TARGET] ?? this;
    return inspectValues(
      self.names().filter((n) => !self.hidden(n)),
      (n) => self.value(n),
      options,
    );
  }
}

function readOnly(t: NodeTarget): never {
  throw new ModuleError({
    code: "INVALID_MODULE",
    message: `\`config${t.tree.path.length ? `.${showOption(t.tree.path)}` : ""}' is read-only: configuration is defined by modules, not by assignment.`,
  });
}

const handler: ProxyHandler<NodeTarget> = {
  get(t, prop) {
    if (prop === TARGET) return t;
    if (prop === EACH_VALUE) return ((fn) => t.eachValue(fn)) satisfies EachValue;
    if (typeof prop === "symbol") return (t as unknown as Record<symbol, unknown>)[prop];
    const i = t.indexOf(prop);
    if (i >= 0) return t.valueAt(i);
    return prop === "toJSON" ? () => t.toJSON() : (Object.prototype as unknown as Record<string, unknown>)[prop];
  },
  has(t, prop) {
    return typeof prop === "string" && t.has(prop);
  },
  ownKeys(t) {
    return t.names();
  },
  getOwnPropertyDescriptor(t, prop) {
    if (typeof prop !== "string" || !t.has(prop)) return undefined;
    return t.hidden(prop) ? hiddenDescriptor : shownDescriptor;
  },
  getPrototypeOf() {
    return Object.prototype;
  },
  set: readOnly,
  defineProperty: readOnly,
  deleteProperty: readOnly,
};

/** What keptValue gives for a child not computed yet. */
export const NOT_KEPT: symbol = UNSET;

/** The value of the child `name` of a result view as kept, without computing it: NOT_KEPT when it is not there yet. */
export function keptValue(node: object, name: string): unknown {
  const t = (node as { [TARGET]?: NodeTarget })[TARGET];
  return t instanceof NodeTarget ? t.keptOnly(name) : UNSET;
}

/** How many option values a result view and its sub-nodes hold when all are computed, else -1. */
export function completedOptions(node: object): number {
  const t = (node as { [TARGET]?: NodeTarget })[TARGET];
  return t instanceof NodeTarget ? t.completed() : -1;
}

/** Whether `v` is a node of a configuration (either view). */
export function isConfigNode(v: object): boolean {
  return (v as { [TARGET]?: unknown })[TARGET] instanceof NodeTarget;
}

/** A node of an evaluation's own `config` for `tree`; `read` computes a child (an option's value or a sub-node). */
export function makeConfigNode(
  tree: DeclTree,
  root: boolean,
  read: (child: DeclNode) => unknown,
): Record<string, unknown> {
  return new Proxy(new NodeTarget(tree, root, read, undefined), handler) as unknown as Record<string, unknown>;
}

/** A node of a result's `config` for `tree` (no `_module`; values kept, see NodeTarget). */
export function makeResultNode(tree: DeclTree, root: boolean, source: ResultSource): Record<string, unknown> {
  return new Proxy(new NodeTarget(tree, root, undefined, source), handler) as unknown as Record<string, unknown>;
}
