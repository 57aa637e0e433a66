/**
 * Resolution: `resolve(class, aspect)` walks an aspect's include tree and returns one
 * module of that class (a list of imports).
 *
 * - Full mode: the aspect's own class modules, its static includes (full), and the
 *   context functions that match the context.
 * - Parametric-only mode: only matching context functions; static aspects reached on
 *   the way give only their parametric includes.
 * - A function's result is walked in full mode on the same context (it was produced for
 *   it), so nested includes of results see the context.
 * - Every class module of a named aspect carries the key `<class>@<identity>`, so the
 *   module system keeps one copy however many paths reach it; inline aspects and
 *   function results carry no key. A named aspect is walked once per context and mode,
 *   so its function includes do not run twice for one context (and cycles stop).
 * - Adapters: an aspect's `meta.adapter` (a function or a list) sees every aspect
 *   reached below it and keeps, excludes (null) or substitutes it; then the constraints
 *   in scope (`meta.handleWith`, `meta.excludes`, see constraints.ts) decide.
 * - `includeIf(guard, includes)` entries are walked after the rest, when their guard
 *   holds on what the walk reached (`hasAspect`), until no more guards pass.
 */
import { functionArgs } from "./fn-args.js";
import { foldWith, isFoldAdapter, type FoldAdapter } from "./fold.js";
import {
  isSelfModuleFn,
  isAspect,
  isIncludeWrapper,
  targetIdentity,
  toAspect,
  inlineIdentity,
  unappliedFactoryError,
  type Aspect,
  type AspectSite,
  type ClassModule,
  type Ctx,
} from "./aspect.js";
import { force } from "../modules/index.js";
import { dispatch, isBound, isStaticFn, isTake, type Matcher, type Mode } from "./parametric.js";
import { isIncludeIf } from "./include-if.js";
import { declaredConstraints, decide, type Constraint } from "./constraints.js";

/** One emitted class module. */
export interface Emitted {
  readonly identity: string;
  readonly key: string | undefined;
  readonly modules: readonly ClassModule[];
}

/** What a walk collects. */
export interface Walk {
  /** The class being resolved (`null`: structure only). */
  readonly cls: string | null;
  readonly out: Emitted[];
  /** Identities of every aspect reached. */
  readonly ids: Set<string>;
  readonly seen: Map<string, Mode>;
  /** Trace hook: called with every aspect reached and its context (for tools such as `tsden graph`). */
  readonly onAspect?: (a: Aspect, ctx: Ctx, chain: readonly Aspect[]) => void;
  /** Called each time an aspect is reached, also when it was walked before (collectPaths counts visits). */
  readonly onReach?: (a: Aspect, chain: readonly Aspect[]) => void;
  /** Adapters active at the root (`resolve.withAdapter`). */
  rootAdapters?: readonly Adapter[];
  /** Called for an include an adapter excluded or replaced (for traces). */
  onAdapted?: (original: Aspect, replacement: Aspect | null, chain: readonly Aspect[]) => void;
  /** The matcher forced on context functions (`parametric.fixedTo.exactly`, ...). */
  matcher?: Matcher;
  /** `includeIf` entries waiting for the rest of the walk. */
  pending?: (() => boolean)[];
  /** Reports, after the walk, the includes of `includeIf` entries whose guard never held. */
  unmet?: (() => void)[];
  /** Global constraints registered so far (`constraints.exclude.global(...)` in `meta.handleWith`). */
  globals?: Constraint[];
}

/**
 * An adapter decides, for each aspect reached below the aspect whose `meta.adapter`
 * it is (or below the root for `resolve.withAdapter`), whether to keep it (return
 * it), exclude it (`null`) or substitute another aspect.
 */
export type Adapter = (
  aspect: Aspect,
  info: { readonly cls: string | null; readonly chain: readonly Aspect[] },
) => Aspect | null;

/** The adapters active under `chain` (the root's, then each ancestor's `meta.adapter`). */
function activeAdapters(w: Walk, chain: readonly Aspect[]): Adapter[] | undefined {
  let out: Adapter[] | undefined = w.rootAdapters ? [...w.rootAdapters] : undefined;
  for (const a of chain) {
    const ad = force(a.meta.adapter);
    if (typeof ad === "function") (out ??= []).push(ad as Adapter);
    else if (Array.isArray(ad)) (out ??= []).push(...(ad as Adapter[]));
  }
  return out;
}

/** `a` after the active adapters and constraints: itself, a substitute, or null (excluded). */
function adapt(w: Walk, a: Aspect, chain: readonly Aspect[]): Aspect | null {
  const adapters = activeAdapters(w, chain);
  let cur: Aspect | null = a;
  if (adapters) {
    for (const ad of adapters) {
      cur = ad(cur, { cls: w.cls, chain });
      if (cur === null) break;
    }
  }
  if (cur !== null) cur = constrain(w, cur, chain);
  if (cur !== a) w.onAdapted?.(a, cur, chain);
  return cur;
}

const declared = new WeakMap<Aspect, readonly Constraint[]>();

/** The constraints `a` declares (`meta.handleWith`, `meta.excludes`), read once. */
function constraintsOf(a: Aspect): readonly Constraint[] {
  let cs = declared.get(a);
  if (!cs)
    declared.set(
      a,
      (cs = a.meta.handleWith === undefined && a.meta.excludes === undefined ? [] : declaredConstraints(a)),
    );
  return cs;
}

/** `a` under the constraints in scope: the global ones registered so far, then its ancestors'. */
function constrain(w: Walk, a: Aspect, chain: readonly Aspect[]): Aspect | null {
  let inScope: Constraint[] | undefined = w.globals ? [...w.globals] : undefined;
  for (const c of chain) for (const x of constraintsOf(c)) if (x.scope === "subtree") (inScope ??= []).push(x);
  if (!inScope) return a;
  const d = decide(a, inScope);
  return d.action === "keep" ? a : d.action === "exclude" ? null : d.replacement;
}

/** Registers the global constraints of an aspect being walked. */
function registerGlobals(w: Walk, a: Aspect): void {
  for (const x of constraintsOf(a)) {
    if (x.scope !== "global" || w.globals?.includes(x)) continue;
    (w.globals ??= []).push(x);
  }
}

const MAX_DEPTH = 2000;
const objIds = new WeakMap<object, number>();
let nextId = 1;

function valueKey(v: unknown): string {
  if ((typeof v === "object" && v !== null) || typeof v === "function") {
    let id = objIds.get(v);
    if (id === undefined) objIds.set(v, (id = nextId++));
    return `#${id}`;
  }
  return JSON.stringify(v) ?? String(v);
}

/** A stable key for a context (keys sorted, objects by identity). */
export function ctxKey(ctx: Ctx): string {
  return Object.keys(ctx)
    .sort()
    .map((k) => `${k}=${valueKey(ctx[k])}`)
    .join(",");
}

/** Starts a walk for `cls`. */
export function newWalk(cls: string | null): Walk {
  return { cls, out: [], ids: new Set(), seen: new Map() };
}

/** Walks `root`, then the `includeIf` entries whose guards hold on what was reached, until none more do. */
export function walkRoot(w: Walk, root: unknown, ctx: Ctx = {}): Walk {
  walk(w, root, ctx, "full", null, 0, []);
  for (let more = true; more && w.pending; ) {
    more = false;
    for (const attempt of [...w.pending]) if (attempt()) more = true;
  }
  for (const report of w.unmet ?? []) report();
  return w;
}

/** Walks one include in `ctx` and `mode`. */
export function walk(
  w: Walk,
  inc: unknown,
  ctx: Ctx,
  mode: Mode,
  parent: Aspect | null,
  index: number,
  chain: readonly Aspect[],
  included = false,
): void {
  if (chain.length > MAX_DEPTH)
    throw new Error(
      `den: includes nest deeper than ${MAX_DEPTH} (a cycle through ${chain
        .slice(-3)
        .map((a) => a.identity)
        .join(" → ")}?)`,
    );
  const v = force(inc);
  if (v === undefined || v === null || v === false) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(w, x, ctx, mode, parent, index * 1000 + i, chain, included));
    return;
  }
  const where = parent?.identity ?? "<root>";
  if (isBound(v)) {
    if (v.next) walkCurried(w, v.aspect, v.ctx, v.next, parent, index, chain);
    else if (v.matcher) {
      const outer = w.matcher;
      w.matcher = v.matcher;
      try {
        walk(w, v.aspect, v.ctx, v.mode, parent, index, chain);
      } finally {
        w.matcher = outer;
      }
    } else walk(w, v.aspect, v.ctx, v.mode, parent, index, chain);
    return;
  }
  if (isAspect(v)) {
    if (v.factory) throw unappliedFactoryError(v, where);
    walkAspect(w, v, ctx, mode, chain);
    return;
  }
  if (isSelfModuleFn(v)) {
    // ({ config }) => aspect: a module of the (inline) aspect itself
    walkAspect(w, toAspect(v, inline(parent, index, "anon")), ctx, mode, chain);
    return;
  }
  if (typeof v === "function" || isTake(v)) {
    if (isStaticFn(v)) {
      if (mode === "full" && w.cls !== null)
        walkResult(w, v({ class: w.cls, aspectChain: chain }), ctx, parent, index, chain);
      return;
    }
    if (included && mode === "full" && w.cls !== null && takesAnyContext(v)) {
      // a function of any context (`() => ...`, `(ctx) => ...` reading no key) in an
      // aspect's includes is also a static include: Den calls it with
      // { class, aspect-chain } when it resolves the statics of a full visit, as well as
      // with the context
      walkResult(w, (v as CtxFn)({ class: w.cls, aspectChain: chain }), ctx, parent, index, chain);
      if (Object.keys(ctx).length === 0) return;
    }
    const d = dispatch(v as never, ctx, where, w.matcher);
    if (d) walkResult(w, d.fn(d.arg), ctx, parent, index, chain);
    return;
  }
  if (isIncludeIf(v)) {
    let done = false;
    const attempt = () => {
      if (done || !v.guard({ cls: w.cls, ctx, hasAspect: (t) => w.ids.has(targetIdentity(t)) })) return false;
      done = true;
      walk(w, v.includes, ctx, mode, parent, index, chain);
      return true;
    };
    (w.pending ??= []).push(attempt);
    // when the guard never holds, its includes are reported as excluded (trace: ~name)
    (w.unmet ??= []).push(() => {
      if (done || !w.onAdapted) return;
      const list = force(v.includes);
      (Array.isArray(list) ? list : [list]).forEach((inc, i) => {
        const x = force(inc);
        if (x === null || x === undefined || (typeof x !== "object" && typeof x !== "function")) return;
        if (typeof x === "function" && !isAspect(x)) return;
        const a = isAspect(x) ? x : toAspect(x, namedSite(x) ?? inline(parent, index * 1000 + i, "anon"));
        w.onAdapted!(a, null, chain);
      });
    });
    return;
  }
  if (isIncludeWrapper(v)) throw new Error(`den: unknown include wrapper in \`${where}'`);
  const a = isAspect(v) ? v : toAspect(v, namedSite(v) ?? inline(parent, index, "anon"));
  walkAspect(w, a, ctx, mode, chain);
}

type CtxFn = (ctx: Ctx) => unknown;

/** A plain function requiring no context key (`() => ...`, `(ctx) => ...` reading none). */
function takesAnyContext(v: unknown): boolean {
  if (typeof v !== "function" || isTake(v)) return false;
  const a = functionArgs(v);
  return a !== null && a.required.length === 0;
}

/**
 * An inline aspect that names itself (`{ name: "keep", meta: { provider: [] }, os: ... }`)
 * has the identity its provider path and name make, as in Den: adapters, constraints
 * and hasAspect find it by that identity, and it is deduplicated like a named aspect.
 */
function namedSite(v: unknown): AspectSite | undefined {
  const id = inlineIdentity(v);
  return id === undefined ? undefined : { name: (v as { name: string }).name, identity: id };
}

function inline(parent: Aspect | null, index: number, tag: string) {
  const base = parent?.identity ?? "<root>";
  return { name: `<${tag}>`, identity: `${base}/<${tag}>:${index}`, anonymous: true };
}

/** A function's result: walked in full mode on the same context. */
function walkResult(
  w: Walk,
  r: unknown,
  ctx: Ctx,
  parent: Aspect | null,
  index: number,
  chain: readonly Aspect[],
): void {
  const v = force(r);
  if (v === undefined || v === null || v === false) return;
  if (Array.isArray(v) || typeof v === "function" || isIncludeWrapper(v)) {
    walk(w, v, ctx, "full", parent, index, chain);
    return;
  }
  const a = isAspect(v) ? v : toAspect(v, namedSite(v) ?? inline(parent, index, "fn"));
  walkAspect(w, a, ctx, "full", chain);
}

/** Walks an aspect: its class modules (full mode) and its includes. */
export function walkAspect(w: Walk, original: Aspect, ctx: Ctx, mode: Mode, chain: readonly Aspect[]): void {
  const a = adapt(w, original, chain);
  if (a === null) return;
  w.onReach?.(a, chain);
  if (!a.anonymous) {
    const key = `${a.identity}|${ctxKey(ctx)}`;
    const prev = w.seen.get(key);
    if (prev === "full" || prev === mode) return;
    w.seen.set(key, mode);
  }
  w.ids.add(a.identity);
  registerGlobals(w, a);
  w.onAspect?.(a, ctx, chain);
  if (mode === "full" && w.cls !== null) {
    const mods = a.classes[w.cls];
    if (mods && mods.length > 0)
      w.out.push({ identity: a.identity, key: a.anonymous ? undefined : `${w.cls}@${a.identity}`, modules: mods });
  }
  const next = [...chain, a];
  const incs = a.includes;
  for (let i = 0; i < incs.length; i++) {
    const inc = incs[i];
    walk(w, inc, ctx, mode, a, i, next, true);
  }
}

/**
 * A cross provider `prev.provides[key]` applied to the previous context, then to the
 * current one: a function taking the previous context may return a function of the
 * current one (curried) or an aspect (walked on the current context).
 */
function walkCurried(
  w: Walk,
  p: unknown,
  prevCtx: Ctx,
  ctx: Ctx,
  parent: Aspect | null,
  index: number,
  chain: readonly Aspect[],
): void {
  const v = force(p);
  if (v === undefined || v === null) return;
  const a = isAspect(v) ? v : toAspect(v, inline(parent, index, "provider"));
  w.ids.add(a.identity);
  w.onAspect?.(a, prevCtx, chain);
  if (w.cls !== null) {
    const mods = a.classes[w.cls];
    if (mods && mods.length > 0)
      w.out.push({ identity: a.identity, key: a.anonymous ? undefined : `${w.cls}@${a.identity}`, modules: mods });
  }
  const next = [...chain, a];
  a.includes.forEach((inc, i) => {
    const f = force(inc);
    if ((typeof f === "function" || isTake(f)) && !isAspect(f) && !isStaticFn(f)) {
      const d = dispatch(f as never, prevCtx, a.identity);
      if (d) {
        const r = force(d.fn(d.arg));
        if (typeof r === "function" || isTake(r)) walk(w, r, ctx, "full", a, i, next);
        else walkResult(w, r, ctx, a, i, next);
        return;
      }
    }
    walk(w, f, ctx, "full", a, i, next);
  });
}

/** The module of `cls` made of what a walk emitted. */
export function emittedModule(
  cls: string,
  what: string,
  out: readonly Emitted[],
): { _file: string; imports: unknown[] } {
  return {
    _file: `den:resolve ${cls} ${what}`,
    imports: out.map((e) => {
      const imports = e.modules.map((m) => ({ _file: m.file, imports: [m.module] }));
      return e.key ? { _file: e.identity, key: e.key, imports } : { _file: e.identity, imports };
    }),
  };
}

/**
 * One module of class `cls` from an aspect (with an optional context; without one,
 * only functions that need no argument apply).
 *
 * @example
 * evalModules({ modules: [opts, resolve("os", den.aspects.server)] })
 */
export function resolve(cls: string, aspect: unknown, ctx: Ctx = {}): { _file: string; imports: unknown[] } {
  const w = walkRoot(newWalk(cls), aspect, ctx);
  const a = force(aspect);
  return emittedModule(cls, isAspect(a) ? a.identity : "<aspect>", w.out);
}

/**
 * `resolve` with adapters active from the root (`excludeAspect`, `substituteAspect`,
 * `oneOfAspects`, or any function of an aspect); with a fold adapter
 * (`({ aspect, recurse }) => ...`, see fold.ts), the value it computes from the tree.
 *
 * @example
 * resolve.withAdapter(excludeAspect(den.aspects.desktop), "os", host.resolved)
 */
resolve.withAdapter = ((
  adapter: Adapter | readonly Adapter[] | FoldAdapter,
  cls: string,
  aspect: unknown,
  ctx: Ctx = {},
): unknown => {
  if (isFoldAdapter(adapter)) return foldWith(adapter, cls, aspect, ctx);
  const w = newWalk(cls);
  w.rootAdapters = Array.isArray(adapter) ? adapter : [adapter as Adapter];
  walkRoot(w, aspect, ctx);
  const a = force(aspect);
  return emittedModule(cls, isAspect(a) ? a.identity : "<aspect>", w.out);
}) as {
  /** A fold adapter (`({ aspect, recurse }) => ...`): its value for the root of the walked tree. */
  <R>(adapter: FoldAdapter<R>, cls: string, aspect: unknown, ctx?: Ctx): R;
  (
    adapter: Adapter | readonly Adapter[],
    cls: string,
    aspect: unknown,
    ctx?: Ctx,
  ): { _file: string; imports: unknown[] };
};
