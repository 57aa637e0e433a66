/**
 * Fold adapters: Den's `resolve.withAdapter` with an adapter of
 * `{ aspect, recurse, classModule, class, aspectChain }` computes any value from the
 * include tree a resolution walks, bottom-up at the adapter's pace:
 *
 * ```ts
 * const found = ({ aspect, recurse }) => ({
 *   found: aspect.meta.key === "foo" || aspect.includes.some((i) => recurse(i).found),
 * });
 * resolve.withAdapter(found, "os", host.resolved).found;
 * ```
 *
 * The tree is the one resolution walks (context functions applied, excluded aspects
 * left out): `aspect` is each aspect reached, with `includes` its children there;
 * `recurse(child)` folds a child; `classModule` is `[module]` of the class being
 * resolved when the aspect has one there (else `[]`).
 */
import { withFields, type Aspect, type Ctx } from "./aspect.js";
import { functionArgs } from "./fn-args.js";
import { newWalk, walkRoot } from "./resolve.js";

/** What a fold adapter receives for each aspect. */
export interface FoldArgs<R> {
  /** The aspect, its `includes` the children the resolution reached under it. */
  readonly aspect: Aspect;
  /** Folds one of `aspect.includes`. */
  readonly recurse: (include: unknown) => R;
  /** The aspect's module of the class being resolved, as a list of at most one. */
  readonly classModule: readonly unknown[];
  readonly class: string;
  /** The aspects above this one, the root first. */
  readonly aspectChain: readonly Aspect[];
}

/** A fold adapter (see the file's description). */
export type FoldAdapter<R = unknown> = (args: FoldArgs<R>) => R;

const FOLD_ARGS = new Set(["aspect", "recurse", "classModule", "class", "aspectChain", "resolveChild"]);

/** Whether `f` is a fold adapter: a function destructuring `aspect` or `recurse` (and only fold arguments). */
export function isFoldAdapter(f: unknown): f is FoldAdapter {
  if (typeof f !== "function") return false;
  const a = functionArgs(f);
  if (!a || a.whole) return false;
  const names = [...a.required, ...a.optional];
  return names.some((n) => n === "aspect" || n === "recurse") && names.every((n) => FOLD_ARGS.has(n));
}

interface Node {
  readonly aspect: Aspect | null;
  readonly children: Node[];
  view?: Aspect;
}

/** Folds the include tree that resolving `aspect` for `cls` walks with `adapter`. */
export function foldWith<R>(adapter: FoldAdapter<R>, cls: string, aspect: unknown, ctx: Ctx = {}): R {
  const root: Node = { aspect: null, children: [] };
  const nodes = new Map<Aspect, Node>();
  const parentOf = (chain: readonly Aspect[]) => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = nodes.get(chain[i]!);
      if (n) return n;
    }
    return root;
  };
  walkRoot(
    {
      ...newWalk(cls),
      onAspect: (a: Aspect, _ctx: Ctx, chain: readonly Aspect[]) => {
        const node: Node = { aspect: a, children: [] };
        nodes.set(a, node);
        parentOf(chain).children.push(node);
      },
    },
    aspect,
    ctx,
  );
  const byView = new Map<Aspect, Node>();
  const viewOf = (n: Node): Aspect => {
    if (!n.view) {
      const base = n.aspect;
      const includes = n.children.map(viewOf);
      n.view = base
        ? withFields(base, { includes })
        : ({ name: "<root>", identity: "<root>", meta: {}, includes, classes: {}, provides: {} } as unknown as Aspect);
      byView.set(n.view, n);
    }
    return n.view;
  };
  const go = (n: Node, chain: readonly Aspect[]): R => {
    const view = viewOf(n);
    const mods = n.aspect?.classes[cls];
    const classModule = mods && mods.length > 0 ? [{ imports: mods.map((m) => m.module) }] : [];
    const next = [...chain, view];
    return adapter({
      aspect: view,
      recurse: (i: unknown) => {
        const child = byView.get(i as Aspect);
        return child ? go(child, next) : foldWith(adapter, cls, i, ctx);
      },
      classModule,
      class: cls,
      aspectChain: chain,
    });
  };
  const top = root.children.length === 1 ? root.children[0]! : root;
  return go(top, []);
}
