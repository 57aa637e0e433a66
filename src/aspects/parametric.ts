/**
 * Parametric dispatch: a context function applies to a context when its required
 * argument names (read from the function, defaults and rest ignored) fit the
 * context's keys under its matcher:
 *
 * | matcher            | applies when                         | receives          |
 * |--------------------|--------------------------------------|-------------------|
 * | atLeast (default)  | required ⊆ context keys              | whole context     |
 * | exactly            | required = context keys              | whole context     |
 * | upTo               | required ⊆ context, at least one key | the overlap       |
 *
 * Functions whose arguments are exactly `class` and/or `aspectChain` are static: they
 * are called during resolution with the class being resolved.
 *
 * Wrappers: `take.*` (explicit argument names or matcher), `parametric.fixedTo`
 * (an aspect in full mode on a context), `parametric.withContext` (parametric-only
 * mode, what calling an aspect on a context means), `perHost`, `perUser`, `perHome`.
 */
import { INCLUDE, isAspect, withFields, type Aspect, type Ctx } from "./aspect.js";
import { functionArgs } from "./fn-args.js";

/** How a context function matches a context. */
export type Matcher = "atLeast" | "exactly" | "upTo";

/** A context function with its matcher and argument names. */
export interface Take {
  readonly [INCLUDE]: "take";
  readonly matcher: Matcher;
  readonly args: readonly string[] | null;
  readonly fn: (ctx: any) => unknown;
}

/** Resolution modes: full (class modules, statics, matching functions) or parametric-only. */
export type Mode = "full" | "param";

/** An aspect applied to a fixed context in a mode. */
export interface Bound {
  readonly [INCLUDE]: "bound";
  readonly aspect: unknown;
  readonly ctx: Ctx;
  readonly mode: Mode;
  /** A curried cross provider: applied to `ctx` first, its function results to `next`. */
  readonly next?: Ctx;
  /** The matcher for the context functions below (`parametric.fixedTo.exactly`, ...). */
  readonly matcher?: Matcher;
}

type CtxFn = (ctx: any) => unknown;

function mkTake(matcher: Matcher, a: readonly string[] | CtxFn, f?: CtxFn): Take {
  const fn = typeof a === "function" ? a : f!;
  const args = typeof a === "function" ? null : a;
  if (typeof fn !== "function") throw new TypeError(`take.${matcher}: expected a function`);
  return { [INCLUDE]: "take", matcher, args, fn };
}

/**
 * Explicit matchers. Give the argument names when they cannot be read from the function
 * (`take.atLeast(["host"], fn)`); otherwise they are read from it (`take.exactly(fn)`).
 */
export const take = {
  /** Applies when the required names are all in the context; receives the whole context. */
  atLeast: (a: readonly string[] | CtxFn, f?: CtxFn): Take => mkTake("atLeast", a, f),
  /** Applies when the required names are exactly the context's keys. */
  exactly: (a: readonly string[] | CtxFn, f?: CtxFn): Take => mkTake("exactly", a, f),
  /** Applies when the required names are in the context; receives only those keys. */
  upTo: (a: readonly string[] | CtxFn, f?: CtxFn): Take => mkTake("upTo", a, f),
};

/** Whether `v` is a `take.*` wrapper. */
export function isTake(v: unknown): v is Take {
  return typeof v === "object" && v !== null && (v as Take)[INCLUDE] === "take";
}

/** Whether `v` is a bound aspect (`fixedTo`, `withContext`). */
export function isBound(v: unknown): v is Bound {
  return typeof v === "object" && v !== null && (v as Bound)[INCLUDE] === "bound";
}

const STATIC_ARGS = new Set(["class", "aspectChain"]);

/** The required argument names of a function or wrapper (null: unreadable). */
export function requiredArgs(f: CtxFn | Take): readonly string[] | null {
  if (isTake(f)) return f.args ?? functionArgs(f.fn)?.required ?? null;
  return functionArgs(f)?.required ?? null;
}

/** Whether a function is a static include (`({ class, aspectChain }) => ...`). */
export function isStaticFn(f: unknown): f is CtxFn {
  if (typeof f !== "function") return false;
  const a = functionArgs(f);
  return a !== null && a.required.length > 0 && a.required.every((n) => STATIC_ARGS.has(n));
}

/** Thrown when a function's arguments cannot be read. */
export class UnreadableArgsError extends Error {
  constructor(where: string, fn: Function) {
    super(
      `den: cannot read the arguments of a function included by \`${where}' (${fn.toString().slice(0, 60)}...). ` +
        `Destructure them (({ host }) => ...) or wrap it: take.atLeast(["host"], fn).`,
    );
    this.name = "UnreadableArgsError";
  }
}

/**
 * The argument a context function receives in `ctx`, or `undefined` when it does not
 * apply there.
 */
export function dispatch(
  f: CtxFn | Take,
  ctx: Ctx,
  where: string,
  forced?: Matcher,
): { fn: CtxFn; arg: Ctx } | undefined {
  const matcher: Matcher = isTake(f) ? f.matcher : (forced ?? "atLeast");
  const fn = isTake(f) ? f.fn : f;
  const req = requiredArgs(f);
  if (req === null) throw new UnreadableArgsError(where, fn);
  const keys = Object.keys(ctx);
  if (!req.every((k) => k in ctx)) return undefined;
  if (matcher === "exactly") return req.length === keys.length ? { fn, arg: ctx } : undefined;
  if (matcher === "upTo") {
    if (req.length === 0) return undefined;
    const arg: Record<string, unknown> = {};
    for (const k of req) arg[k] = ctx[k];
    return { fn, arg };
  }
  return { fn, arg: ctx };
}

/** Whether `f` (a function or `take.*` wrapper) applies to `ctx`. */
export function canTake(f: CtxFn | Take, ctx: Ctx): boolean {
  return dispatch(f, ctx, "canTake") !== undefined;
}

/**
 * Calls a context function on a context, or fails naming the aspect and the first
 * missing argument (for direct calls; includes that do not match are skipped).
 */
export function applyFn(f: CtxFn | Take, ctx: Ctx, where: string): unknown {
  const d = dispatch(f, ctx, where);
  if (!d) {
    const req = requiredArgs(f) ?? [];
    const missing = req.find((k) => !(k in ctx));
    throw new Error(
      missing !== undefined
        ? `den: \`${where}' needs the argument \`${missing}', which the context { ${Object.keys(ctx).join(", ")} } does not supply.`
        : `den: \`${where}' does not take the context { ${Object.keys(ctx).join(", ")} } (${isTake(f) ? f.matcher : "atLeast"}).`,
    );
  }
  return d.fn(d.arg);
}

function bound(aspect: unknown, ctx: Ctx, mode: Mode, next?: Ctx, matcher?: Matcher): Bound {
  return { [INCLUDE]: "bound", aspect, ctx, mode, next, ...(matcher ? { matcher } : {}) };
}

/**
 * The aspect in full mode on `ctx` (class modules, statics, matching functions);
 * `.exactly`, `.atLeast`, `.upTo`: parametric-only, its context functions (at any depth)
 * matched with that matcher.
 */
const fixedTo = Object.assign((ctx: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "full"), {
  exactly: (ctx: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "param", undefined, "exactly"),
  atLeast: (ctx: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "param", undefined, "atLeast"),
  upTo: (ctx: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "param", undefined, "upTo"),
});

/**
 * An aspect whose context-function includes match with `matcher` (Den's
 * `parametric.exactly { includes = [...]; }`); its class modules and other includes
 * are kept as they are.
 */
function withMatcher(matcher: Matcher, aspect: unknown): unknown {
  const a = aspect as { includes?: unknown };
  if (!Array.isArray(a.includes) || (typeof aspect === "function" && !isAspect(aspect))) return aspect;
  const includes = a.includes.map((i) => (typeof i === "function" && !isAspect(i) ? mkTake(matcher, i as CtxFn) : i));
  // a normalized aspect keeps its identity (own fields, including the aspect marker)
  if (isAspect(aspect)) return withFields(aspect, { includes });
  return { ...a, includes };
}

/** `parametric.atLeast/exactly/upTo`: a function (or names and a function) as `take.*`; an aspect as {@link withMatcher}. */
function matcherHelper(matcher: Matcher) {
  function helper(fn: CtxFn): Take;
  function helper(names: readonly string[], fn: CtxFn): Take;
  function helper<A extends object>(aspect: A): A;
  function helper(a: unknown, f?: CtxFn): unknown {
    if (typeof a === "function" || Array.isArray(a)) return mkTake(matcher, a as CtxFn, f);
    if (typeof a !== "object" || a === null)
      throw new TypeError(`parametric.${matcher}: expected a function, a list of names and a function, or an aspect`);
    return withMatcher(matcher, a);
  }
  return helper;
}

/**
 * Parametric helpers in Den's vocabulary. `parametric(aspect)` is the aspect itself:
 * every aspect is parametric in tsden (its context-function includes, at any depth,
 * receive the context it is resolved in), as Den's `den.lib.parametric { ... }` makes one.
 */
export const parametric = Object.assign(<A>(aspect: A): A => aspect, {
  /** The aspect in full mode on `ctx`; `.exactly/.atLeast/.upTo` in parametric-only mode with that matcher. */
  fixedTo,
  /** The aspect on `ctx` in parametric-only mode (what calling an aspect on a context means). */
  withContext: (ctx: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "param"),
  /** A provider applied to `ctx`, whose function results are then applied to `next`. */
  curried: (ctx: Ctx, next: Ctx, aspect: unknown): Bound => bound(aspect, ctx, "full", next),
  /** The context extended with `extra` for the aspect (full mode). */
  expands: (extra: Ctx, aspect: unknown): Take =>
    take.atLeast([], (ctx: Ctx) => bound(aspect, { ...ctx, ...extra }, "full")),
  /** `take.atLeast(fn)`; on an aspect, its context functions match with atLeast (the default). */
  atLeast: matcherHelper("atLeast"),
  /** `take.exactly(fn)`; on an aspect (`parametric.exactly({ includes: [...] })`), its context functions match only contexts of exactly their arguments. */
  exactly: matcherHelper("exactly"),
  /** `take.upTo(fn)`; on an aspect, its context functions receive only the keys they name. */
  upTo: matcherHelper("upTo"),
});

/** Calls an aspect on a context: parametric-only mode (see {@link parametric.withContext}). */
export function applyAspect(aspect: Aspect | unknown, ctx: Ctx): Bound {
  return parametric.withContext(ctx, aspect);
}

function per(names: readonly string[], x: unknown): Take {
  const fn = typeof x === "function" || isTake(x) ? x : null;
  if (fn) {
    const inner = isTake(fn) ? fn.fn : (fn as CtxFn);
    return take.exactly(names, inner);
  }
  if (!isAspect(x) && (typeof x !== "object" || x === null))
    throw new TypeError("perHost/perUser/perHome: expected an aspect or a function");
  return take.exactly(names, (ctx: Ctx) => bound(x, ctx, "full"));
}

/** Applies only on host contexts (`{ host }` exactly): not again for each user. */
export function perHost(x: unknown): Take {
  return per(["host"], x);
}

/** Applies only on user contexts (`{ host, user }` exactly). */
export function perUser(x: unknown): Take {
  return per(["host", "user"], x);
}

/** Applies only on home contexts (`{ home }` exactly). */
export function perHome(x: unknown): Take {
  return per(["home"], x);
}
