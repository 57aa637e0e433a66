/**
 * Adapters: functions that see each aspect reached below the aspect whose
 * `meta.adapter` they are (or below the root, with `resolve.withAdapter`) and keep it,
 * exclude it (`null`) or substitute another. Aspects are compared by identity; an
 * excluded aspect's provided sub-aspects (`<identity>/...`) go with it.
 *
 * - `excludeAspect(ref)`: drops `ref` and what it provides;
 * - `substituteAspect(ref, replacement)`: walks `replacement` where `ref` would be;
 * - `oneOfAspects([a, b, ...])`: of the candidates the owner's subtree reaches, keeps
 *   the first and drops the rest;
 * - `collectPaths(cls, aspect)`: the identities a resolution reaches, in order;
 * - `trace(cls, aspect)`: the include tree as nested `[name, ...children]` lists, with
 *   excluded aspects as `~name`.
 */
import { isAspect, targetIdentity, withFields, type Aspect, type Ctx } from "./aspect.js";
import { force } from "../modules/index.js";
import { newWalk, walkRoot, type Adapter } from "./resolve.js";

export type { Adapter } from "./resolve.js";

function within(id: string, ref: string): boolean {
  return id === ref || id.startsWith(`${ref}/`);
}

/** An adapter dropping `ref` (and the aspects it provides). */
export function excludeAspect(ref: Aspect | string): Adapter {
  // read when first used: `ref` may be a module argument's reference (den.aspects.x in a module body)
  let id: string | undefined;
  return (a) => (within(a.identity, (id ??= targetIdentity(ref))) ? null : a);
}

/** An adapter walking `replacement` wherever `ref` is reached. */
export function substituteAspect(ref: Aspect | string, replacement: Aspect): Adapter {
  let id: string | undefined;
  return (a) => {
    if (a.identity !== (id ??= targetIdentity(ref))) return a;
    const r = force(replacement);
    if (!isAspect(r))
      throw new TypeError(
        `den: substituteAspect(\`${id}', ...): the replacement must be an aspect (den.aspects.<name>), not ${r === undefined ? "undefined (is the aspect name right?)" : typeof r}.`,
      );
    return r;
  };
}

/**
 * An adapter keeping only the first of `candidates` that the owner's subtree reaches
 * (the owner: the aspect whose `meta.adapter` it is); no-op when none is reached.
 */
export function oneOfAspects(candidates: readonly (Aspect | string)[]): Adapter {
  let idList: string[] | undefined;
  const losers = new WeakMap<Aspect, Set<string>>();
  return (a, { cls, chain }) => {
    const ids = (idList ??= candidates.map(targetIdentity));
    const owner = [...chain].reverse().find((c) => c.meta.adapter != null) ?? chain[0];
    if (!owner) return a;
    let drop = losers.get(owner);
    if (!drop) {
      const bare = mergeWithoutAdapter(owner);
      const reached = walkRoot(newWalk(cls), bare).ids;
      const present = ids.filter((id) => reached.has(id));
      losers.set(owner, (drop = new Set(present.slice(1))));
    }
    for (const id of drop) if (within(a.identity, id)) return null;
    return a;
  };
}

/** The aspect without its `meta.adapter` (to look at its subtree as written). */
function mergeWithoutAdapter(a: Aspect): Aspect {
  const meta = { ...a.meta };
  delete meta.adapter;
  return withFields(a, { meta });
}

/**
 * The identities resolving `aspect` for `cls` reaches (excluded ones left out), in the
 * order reached, once per visit (as Den's collectPaths: an aspect two others include
 * is listed twice).
 */
export function collectPaths(cls: string | null, aspect: unknown, ctx: Ctx = {}): string[] {
  const order: string[] = [];
  const w = { ...newWalk(cls), onReach: (a: Aspect) => void order.push(a.identity) };
  walkRoot(w, aspect, ctx);
  return order;
}

/** One node of {@link trace}: the name, then the children. */
export type TraceNode = [string, ...TraceNode[]];

/** The include tree resolving `aspect` for `cls` walks: `[name, ...children]`. */
export function trace(cls: string | null, aspect: unknown, ctx: Ctx = {}): TraceNode {
  const root: TraceNode = ["<root>"];
  const nodes = new Map<Aspect, TraceNode>();
  const parentOf = (chain: readonly Aspect[]) => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = nodes.get(chain[i]!);
      if (n) return n;
    }
    return root;
  };
  const w = {
    ...newWalk(cls),
    // a node per visit: an aspect two others include shows under both (its children once)
    onReach: (a: Aspect, chain: readonly Aspect[]) => {
      const node: TraceNode = [a.name];
      nodes.set(a, node);
      parentOf(chain).push(node);
    },
    // an excluded aspect shows as ~name; a substituted one too, before its replacement
    onAdapted: (original: Aspect, replacement: Aspect | null, chain: readonly Aspect[]) => {
      if (replacement === null || replacement.identity !== original.identity)
        parentOf(chain).push([`~${original.name}`]);
    },
  };
  walkRoot(w, aspect, ctx);
  return root.length === 2 ? (root[1] as TraceNode) : root;
}

/** Den's `aspectPath`: an aspect's path, its provider's path and its name (`["monitoring", "node-exporter"]`). */
export function aspectPath(a: Aspect | string): string[] {
  return targetIdentity(a).split("/");
}

/** An adapter keeping the aspects for which `pred` holds (Den's `adapters.filter`). */
export function filterAspect(pred: (a: Aspect) => boolean): Adapter {
  return (a) => (pred(a) ? a : null);
}
