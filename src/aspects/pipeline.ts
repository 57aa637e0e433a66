/**
 * The context pipeline (`den.ctx`). A context node is an aspect with `into`: a
 * function from its context to `{ target: [contexts] }`. Traversal is pre-order with
 * targets in sorted order:
 *
 *   visit(prev, prevCtx, node, ctx, key):
 *     emit (prev, prevCtx, node, ctx, key)
 *     for (target, contexts) in node.into(ctx), targets sorted:
 *       next = ctx[target], or a provider-only stage if node.provides[target] exists
 *       for c in contexts: visit(node, ctx, next, c, target)
 *
 * Each emitted item contributes: the node on its context (full mode on the first visit
 * of its key, parametric-only on later ones), the node's self provider
 * `node.provides[key]` on the context, and the cross provider `prev.provides[key]`
 * applied to the previous context, then the current one. Stages may be nested
 * (`den.ctx.ns.inner`, named `ns.inner`; see ctx-tree.ts).
 */
import { isAspect, mergeAspect, type Aspect, type Ctx } from "./aspect.js";
import { force } from "../modules/index.js";
import { parametric, type Bound, type Mode } from "./parametric.js";
import { isNamespaceAt, stageAt } from "./ctx-tree.js";

/** One visit of the traversal. */
export interface PipelineItem {
  readonly key: string;
  readonly node: Aspect;
  readonly ctx: Ctx;
  readonly prev: Aspect | null;
  readonly prevCtx: Ctx | null;
  readonly mode: Mode;
  readonly depth: number;
}

/** The pipeline's result: its items, and the aspect they make. */
export interface PipelineResult {
  readonly items: readonly PipelineItem[];
  readonly aspect: Aspect;
}

const MAX_STAGES = 64;

/**
 * The targets and contexts of a node on a context (definitions concatenate). A target
 * whose value is an object rather than a list is a namespace of nested stages
 * (`{ ns: { inner: [...] } }` is `ns.inner`) when `den.ctx` has one there, else a
 * single context.
 */
export function intoTargets(node: Aspect, ctx: Ctx, nodes: Readonly<Record<string, unknown>> = {}): Map<string, Ctx[]> {
  const out = new Map<string, Ctx[]>();
  const add = (t: string, raw: unknown) => {
    const v = force(raw);
    if (typeof v === "object" && v !== null && !Array.isArray(v) && isNamespaceAt(nodes, t)) {
      for (const k of Object.keys(v)) add(`${t}.${k}`, (v as Record<string, unknown>)[k]);
      return;
    }
    const list = v === null || v === undefined || v === false ? [] : Array.isArray(v) ? v : [v];
    let acc = out.get(t);
    if (!acc) out.set(t, (acc = []));
    for (const c of list) if (c !== null && c !== undefined) acc.push(force(c) as Ctx);
  };
  for (const f of node.into) {
    const r = force(f(ctx)) as Record<string, unknown> | null | undefined;
    if (!r) continue;
    for (const t of Object.keys(r)) add(t, r[t]);
  }
  return out;
}

/** Runs the traversal from `den.ctx[start]` on `ctx`. */
export function runPipeline(nodes: Readonly<Record<string, Aspect>>, start: string, ctx: Ctx): PipelineItem[] {
  const root = stageAt(nodes, start);
  if (!root) throw new Error(`den.ctx: no stage \`${start}'`);
  const items: PipelineItem[] = [];
  const seenKeys = new Set<string>();
  const visit = (prev: Aspect | null, prevCtx: Ctx | null, node: Aspect, c: Ctx, key: string, depth: number) => {
    if (depth > MAX_STAGES)
      throw new Error(
        `den.ctx: the pipeline nests deeper than ${MAX_STAGES} stages at \`${key}' (a stage leading back to itself?)`,
      );
    const mode: Mode = seenKeys.has(key) ? "param" : "full";
    seenKeys.add(key);
    items.push({ key, node, ctx: c, prev, prevCtx, mode, depth });
    const targets = intoTargets(node, c, nodes);
    for (const t of [...targets.keys()].sort()) {
      const next = stage(nodes, node, t);
      if (!next)
        throw new Error(
          `den.ctx.${key}: \`into' names the stage \`${t}', which is neither in den.ctx nor provided by \`${key}'`,
        );
      for (const nc of targets.get(t)!) visit(node, c, next, nc, t, depth + 1);
    }
  };
  visit(null, null, root, ctx, start, 0);
  return items;
}

const providerOnly = new Map<string, Aspect>();

function stage(nodes: Readonly<Record<string, Aspect>>, from: Aspect, target: string): Aspect | undefined {
  const node = stageAt(nodes, target);
  if (node) return node;
  if (!(target in from.provides)) return undefined;
  let a = providerOnly.get(target);
  if (!a) providerOnly.set(target, (a = mergeAspect({ name: localName(target), identity: `ctx/${target}` }, [])));
  return a;
}

/** A stage's own name: the last part of its path (`ns.inner` → `inner`), the key of its self provider. */
export function localName(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

/** The includes each item contributes (node, self provider, cross provider). */
export function itemIncludes(it: PipelineItem): Bound[] {
  const out: Bound[] = [parametric.fixedTo(it.ctx, it.node)];
  if (it.mode === "param") out[0] = parametric.withContext(it.ctx, it.node);
  const self = applied(it.node.provides[localName(it.key)], it.ctx);
  if (self) out.push(it.mode === "full" ? parametric.fixedTo(it.ctx, self) : parametric.withContext(it.ctx, self));
  const cross = it.prev?.provides[it.key];
  if (cross && it.prevCtx) {
    if (cross.factory) out.push(parametric.fixedTo(it.ctx, cross.factory(it.prevCtx)));
    else out.push(parametric.curried(it.prevCtx, it.ctx, cross));
  }
  return out;
}

/**
 * A provider of a stage written as a function of one plain parameter
 * (`provides.child = (c) => ({ x, y }) => ...`) is called with the context, as Den
 * calls a provider's function; other providers are as they are.
 */
function applied(provider: Aspect | undefined, ctx: Ctx): Aspect | undefined {
  return provider?.factory ? provider.factory(ctx) : provider;
}

/** The aspect the items make, named `identity`. */
export function pipelineAspect(identity: string, items: readonly PipelineItem[]): Aspect {
  return mergeAspect({ name: identity, identity, anonymous: true }, [
    { file: `den.ctx (${identity})`, value: { includes: items.flatMap(itemIncludes) } },
  ]);
}

/** Runs the pipeline and builds its aspect. */
export function pipeline(
  nodes: Readonly<Record<string, Aspect>>,
  start: string,
  ctx: Ctx,
  identity: string,
): PipelineResult {
  const items = runPipeline(nodes, start, ctx);
  return { items, aspect: pipelineAspect(identity, items) };
}

/** Whether `v` is a context node (an aspect with `into`). */
export function isCtxNode(v: unknown): v is Aspect {
  const a = force(v);
  return isAspect(a) && a.into.length > 0;
}
