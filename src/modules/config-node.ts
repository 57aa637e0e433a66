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
import { hiddenDescriptor, inspectValues, shownDescriptor } from "./proxy-view.js";

const sortedNames = new WeakMap<DeclTree, string[]>();
const TARGET: unique symbol = Symbol("config node");

function names(tree: DeclTree): string[] {
  let n = sortedNames.get(tree);
  if (!n) sortedNames.set(tree, (n = [...tree.children.keys()].sort()));
  return n;
}

/**
 * The target of a node: its sub-nodes made so far, and how to compute children. Option
 * values are not kept here: every read goes to the evaluation, which caches them and
 * records which option read which (for `extendModules`).
 */
class NodeTarget {
  private nodes: Map<string, unknown> | undefined;
  constructor(
    readonly tree: DeclTree,
    readonly root: boolean,
    private readonly read: (child: DeclNode) => unknown,
  ) {}
  hidden(name: string): boolean {
    return this.root && name === "_module";
  }
  value(name: string): unknown {
    const child = this.tree.children.get(name)!;
    if (child.kind === "option") return this.read(child);
    this.nodes ??= new Map();
    let v = this.nodes.get(name);
    if (v === undefined) this.nodes.set(name, (v = this.read(child)));
    return v;
  }
  /** What `JSON.stringify` serializes: the visible children as a plain object (one pass, no traps). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of names(this.tree)) if (!this.hidden(name)) out[name] = this.value(name);
    return out;
  }
  /** util.inspect finds this on the target but calls it on the proxy: `self` is the target either way. */
  [inspect.custom](_depth: number, options: object): string {
    const self = (this as unknown as { [TARGET]?: NodeTarget })[TARGET] ?? this;
    return inspectValues(names(self.tree).filter((n) => !self.hidden(n)), (n) => self.value(n), options);
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
    if (typeof prop === "symbol") return (t as unknown as Record<symbol, unknown>)[prop];
    if (t.tree.children.has(prop)) return t.value(prop);
    return prop === "toJSON" ? () => t.toJSON() : (Object.prototype as unknown as Record<string, unknown>)[prop];
  },
  has(t, prop) {
    return typeof prop === "string" && t.tree.children.has(prop);
  },
  ownKeys(t) {
    return names(t.tree);
  },
  getOwnPropertyDescriptor(t, prop) {
    if (typeof prop !== "string" || !t.tree.children.has(prop)) return undefined;
    return t.hidden(prop) ? hiddenDescriptor : shownDescriptor;
  },
  getPrototypeOf() {
    return Object.prototype;
  },
  set: readOnly,
  defineProperty: readOnly,
  deleteProperty: readOnly,
};

/** A config node for `tree`; `read` computes a child (an option's value or a sub-node). */
export function makeConfigNode(tree: DeclTree, root: boolean, read: (child: DeclNode) => unknown): Record<string, unknown> {
  return new Proxy(new NodeTarget(tree, root, read), handler) as unknown as Record<string, unknown>;
}
