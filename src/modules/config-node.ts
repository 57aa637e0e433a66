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
import { EACH_VALUE, hiddenDescriptor, inspectValues, shownDescriptor, type EachValue } from "./proxy-view.js";

const layouts = new WeakMap<DeclTree, Layout>();
const TARGET: unique symbol = Symbol("config node");
const UNSET: unique symbol = Symbol("unset");

/** A tree's children in name order, each name's position, and the names but `_module`. */
interface Layout {
  readonly names: string[];
  readonly positions: Map<string, number>;
  readonly withoutModule: string[];
}

function layout(tree: DeclTree): Layout {
  let l = layouts.get(tree);
  if (!l) {
    const names = [...tree.children.keys()].sort();
    layouts.set(tree, (l = { names, positions: new Map(names.map((n, i) => [n, i])), withoutModule: names.filter((n) => n !== "_module") }));
  }
  return l;
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
  constructor(
    readonly tree: DeclTree,
    readonly root: boolean,
    private read: ((child: DeclNode) => unknown) | undefined,
    /** Result views only: whether no option is being computed (so a kept value can be given without recording the read). */
    private readonly idle: (() => boolean) | undefined,
  ) {}
  /** Whether `name` is a child of this view (a result's root has no `_module`). */
  has(name: string): boolean {
    return this.tree.children.has(name) && !(this.idle && this.root && name === "_module");
  }
  hidden(name: string): boolean {
    return this.root && name === "_module";
  }
  names(): string[] {
    const l = layout(this.tree);
    return this.idle && this.root ? l.withoutModule : l.names;
  }
  value(name: string): unknown {
    const child = this.tree.children.get(name)!;
    if (this.idle) return this.kept(name, child);
    if (child.kind === "option") return this.read!(child);
    this.nodes ??= new Map();
    let v = this.nodes.get(name);
    if (v === undefined) this.nodes.set(name, (v = this.read!(child)));
    return v;
  }
  private kept(name: string, child: DeclNode): unknown {
    const { names, positions } = layout(this.tree);
    if (!this.values) {
      this.values = new Array(names.length).fill(UNSET);
      this.remaining = this.names().length;
    }
    const i = positions.get(name)!;
    const v = this.values[i];
    if (v !== UNSET && (child.kind === "tree" || this.read === undefined || this.idle!())) return v;
    const got = this.read!(child);
    if (this.values[i] === UNSET) {
      this.values[i] = got;
      if (--this.remaining === 0) this.read = undefined;
    }
    return got;
  }
  eachValue(fn: (value: unknown) => void): void {
    for (const name of this.names()) if (!this.hidden(name)) fn(this.value(name));
  }
  /** What `JSON.stringify` serializes: the visible children as a plain object (one pass, no traps). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of this.names()) if (!this.hidden(name)) out[name] = this.value(name);
    return out;
  }
  /** util.inspect finds this on the target but calls it on the proxy: `self` is the target either way. */
  [inspect.custom](_depth: number, options: object): string {
    const self = (this as unknown as { [TARGET]?: NodeTarget })[TARGET] ?? this;
    return inspectValues(self.names().filter((n) => !self.hidden(n)), (n) => self.value(n), options);
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
    if (t.has(prop)) return t.value(prop);
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

/** A node of an evaluation's own `config` for `tree`; `read` computes a child (an option's value or a sub-node). */
export function makeConfigNode(tree: DeclTree, root: boolean, read: (child: DeclNode) => unknown): Record<string, unknown> {
  return new Proxy(new NodeTarget(tree, root, read, undefined), handler) as unknown as Record<string, unknown>;
}

/**
 * A node of a result's `config` for `tree` (no `_module`; values kept, see NodeTarget);
 * `idle` tells whether a kept value may be given out without going through `read`.
 */
export function makeResultNode(tree: DeclTree, root: boolean, read: (child: DeclNode) => unknown, idle: () => boolean): Record<string, unknown> {
  return new Proxy(new NodeTarget(tree, root, read, idle), handler) as unknown as Record<string, unknown>;
}
