/**
 * Forward providers: `forward({ each, fromClass, intoClass, intoPath, ... })` resolves
 * `fromClass` of a source aspect for each item (default source: the item's resolved
 * pipeline, `item.resolved`, or the item itself) and places the module under
 * `intoPath` of `intoClass`.
 *
 * Modes:
 * - static path: `setAttrByPath(path, { imports: [source] })` (the target option takes
 *   modules: a submodule or deferred module); `[]` imports the source at the top;
 * - dynamic path: `intoPath(item)` is a function of the target's module arguments;
 *   path elements read from `config` are resolved when the target option is merged
 *   (the elements before them must be static);
 * - guard: the definitions apply only where `guard(args)` (or `guard(args)(item)`)
 *   holds; a guard that does not read `config` (it reads `options` or the item) is
 *   structural: false defines nothing at the target path; one that reads `config` is
 *   a condition (`mkIf`);
 * - with a guard, adaptArgs, evalConfig or a computed path, the source is evaluated on
 *   its own (freeform, with the target's module arguments plus the new names
 *   `adaptArgs(args)` gives) and its configuration is placed at the path (so leaf
 *   options that do not take modules work);
 * - but to the top of a class (`[]`) with a guard or adaptArgs (and no evalConfig), the
 *   source's modules are imported into the target, each called with the target's
 *   arguments plus the adapted names and its definitions guarded, so they merge with
 *   the target's own option types (as Den's top-level adapter does).
 * Items never share state: forwarding several items into sibling paths cannot collide.
 */
import { evalModules, force, lazy, mkIf, ModuleError, types } from "../modules/index.js";
import { mergeAspect, type Aspect } from "./aspect.js";
import { resolve } from "./resolve.js";

type ModuleArgs = Record<string, unknown>;
/** A path, or a function of the target's module arguments giving one. */
export type IntoPath = readonly unknown[] | ((args: ModuleArgs) => readonly unknown[]);

/** What `forward` takes (functions receive the item). */
export interface ForwardSpec<I = any> {
  each: readonly I[];
  fromClass: (item: I) => string;
  intoClass: (item: I) => string;
  intoPath: (item: I) => IntoPath;
  fromAspect?: (item: I) => unknown;
  /**
   * Where the forward applies: a boolean, or a function of the item giving one, or
   * giving a function of the definitions (`(item) => (defs) => mkIf(cond, defs)`).
   */
  guard?: (args: ModuleArgs) => boolean | ((item: I) => boolean | ((defs: unknown) => unknown));
  adaptArgs?: (args: ModuleArgs) => Record<string, unknown> | ((item: I) => Record<string, unknown>);
  evalConfig?: boolean;
  mapModule?: (item: I) => (module: unknown) => unknown;
  /** Emit nothing for an item whose source has no module of `fromClass`. */
  skipEmpty?: boolean;
}

let counter = 0;

/**
 * A provider aspect forwarding each item's `fromClass` configuration into
 * `intoClass` at `intoPath`.
 *
 * @example
 * forward({ each: [vm], fromClass: () => "os", intoClass: () => host.class,
 *           intoPath: (vm) => ["microvm", "vms", vm.name, "config"] })
 */
export function forward<I>(spec: ForwardSpec<I>): Aspect {
  const id = `den/forward:${counter++}`;
  return mergeAspect({ name: "forward", identity: id, anonymous: true }, [
    // meta.forward: the spec, for tools that trace where configuration goes (tsden graph)
    { file: id, value: { meta: { forward: spec }, includes: spec.each.map((item) => forwardItem(spec, item)) } },
  ]);
}

function forwardItem<I>(spec: ForwardSpec<I>, item: I) {
  return ({ class: cls }: { class: string }) => {
    const into = spec.intoClass(item);
    if (cls !== into) return null;
    const from = spec.fromClass(item);
    const src = spec.fromAspect ? spec.fromAspect(item) : defaultSource(item);
    const map = spec.mapModule ? spec.mapModule(item) : (m: unknown) => m;
    const resolved = resolve(from, src);
    if (spec.skipEmpty && resolved.imports.length === 0) return null;
    const source = map(resolved);
    return { [into]: targetModule(spec, item, source, `den.provides.forward ${from} → ${into}`) };
  };
}

function defaultSource(item: unknown): unknown {
  const v = force(item) as Record<string, unknown> | null;
  return v && typeof v === "object" && "resolved" in v ? v.resolved : v;
}

function targetModule<I>(spec: ForwardSpec<I>, item: I, source: unknown, file: string): unknown {
  const path = spec.intoPath(item);
  const evaluate = spec.evalConfig === true || spec.adaptArgs !== undefined;
  const needsArgs = typeof path === "function" || spec.guard !== undefined || evaluate;
  if (!needsArgs) {
    const p = path as readonly unknown[];
    if (p.length === 0) return { _file: file, imports: [source] };
    return {
      _file: file,
      config: setPath(
        p,
        lazyValue(() => moduleValue(source)),
        () => moduleValue(source),
      ),
    };
  }
  if (Array.isArray(path) && path.length === 0 && spec.evalConfig !== true)
    return { _file: file, imports: [guardTree(source, spec, item, file)] };
  // with module arguments (guard, adaptArgs, evalConfig, a computed path), the target
  // receives the source's evaluated configuration, evaluated with the target's arguments
  const fn = (args: ModuleArgs) => {
    const value = () => evaluated(source, args, spec, item);
    let body: unknown;
    if (typeof path === "function") {
      const prefix = staticPrefix(path, args);
      const dynamic = () => path(args).map((x) => String(force(x)));
      if (prefix.length === 0) body = setPath(dynamic(), lazyValue(value), value);
      else {
        const inner = lazy(() => {
          const full = dynamic();
          return setPath(full.slice(prefix.length), lazyValue(value), value);
        });
        body = prefix.reduceRight<unknown>((acc, k) => ({ [k]: acc }), inner);
      }
    } else body = setPath(path, lazyValue(value), value);
    if (!spec.guard) return { _file: file, config: body };
    return { _file: file, config: lazy(() => guarded(spec.guard!, args, item, body)) };
  };
  return fn;
}

const MODULE_KEYS = new Set(["imports", "options", "config", "key", "_file", "_class", "disabledModules", "meta"]);

/**
 * The source's modules to import at the top of the target: each function module is
 * called with the target's arguments plus the names `adaptArgs` adds (never replacing
 * one the target has), and each module's definitions are guarded.
 */
function guardTree<I>(node: unknown, spec: ForwardSpec<I>, item: I, file: string): unknown {
  const v = force(node);
  if (typeof v === "function") {
    return (args: ModuleArgs) =>
      guardResult(force((v as (a: unknown) => unknown)(withAdapted(args, spec, item))), args);
  }
  if (v === null || typeof v !== "object") return v;
  const m = v as Record<string, unknown>;
  const explicit = "config" in m || "options" in m;
  const body = explicit ? m.config : Object.fromEntries(Object.entries(m).filter(([k]) => !MODULE_KEYS.has(k)));
  const imports = (Array.isArray(m.imports) ? m.imports : []).map((i) => guardTree(i, spec, item, file));
  const out: Record<string, unknown> = {};
  for (const k of ["key", "_file", "_class", "options", "disabledModules"]) if (k in m) out[k] = m[k];
  out.imports =
    body === undefined ? imports : [...imports, (args: ModuleArgs) => ({ _file: file, config: guardBody(body, args) })];
  return out;

  function guardResult(r: unknown, args: ModuleArgs): unknown {
    if (r === null || typeof r !== "object") return r;
    const res = r as Record<string, unknown>;
    const exp = "config" in res || "options" in res;
    const b = exp ? res.config : Object.fromEntries(Object.entries(res).filter(([k]) => !MODULE_KEYS.has(k)));
    const out: Record<string, unknown> = {};
    for (const k of ["key", "_file", "_class", "options", "disabledModules"]) if (k in res) out[k] = res[k];
    if (Array.isArray(res.imports)) out.imports = res.imports.map((i) => guardTree(i, spec, item, file));
    if (b !== undefined) out.config = guardBody(b, args);
    return out;
  }
  function guardBody(b: unknown, args: ModuleArgs): unknown {
    // decided while the target collects its modules: a condition read from `config`
    // stays a reference (mkIf(config.x, defs) is decided when merged)
    return spec.guard ? guarded(spec.guard, args, item, b) : b;
  }
}

/** The target's module arguments with the names `adaptArgs` adds (those the target has are kept). */
function withAdapted<I>(args: ModuleArgs, spec: ForwardSpec<I>, item: I): ModuleArgs {
  if (!spec.adaptArgs) return args;
  let extra: Record<string, unknown> | undefined;
  const adapted = () => {
    if (!extra) {
      const a = spec.adaptArgs!(args);
      extra = (typeof a === "function" ? a(item) : a) as Record<string, unknown>;
    }
    return extra;
  };
  return new Proxy(args, {
    get(target, k) {
      if (typeof k === "symbol" || k in target) return Reflect.get(target, k);
      const e = adapted();
      return k in e ? e[k] : Reflect.get(target, k);
    },
  });
}

const NEEDS_CONFIG = Symbol("den.forward: the guard reads config");

/** Module arguments whose `config` cannot be read (to find whether a guard reads it). */
function withoutConfig(args: ModuleArgs): ModuleArgs {
  const stop = new Proxy(function () {}, {
    get: () => {
      throw NEEDS_CONFIG;
    },
    has: () => {
      throw NEEDS_CONFIG;
    },
    ownKeys: () => {
      throw NEEDS_CONFIG;
    },
  });
  return new Proxy(args, { get: (t, k) => (k === "config" ? stop : Reflect.get(t, k)) });
}

/**
 * What a guarded forward defines. A guard that decides without reading `config` (the
 * item, `options`: whether the target option exists) is structural: false defines
 * nothing at the target path. One that reads `config` becomes a condition (`mkIf`) on
 * the definitions. A guard may return a function of the item; if that returns a
 * function, it is applied to the definitions (`(defs) => mkIf(cond, defs)`).
 */
function guarded<I>(guard: NonNullable<ForwardSpec<I>["guard"]>, args: ModuleArgs, item: I, body: unknown): unknown {
  const decide = (a: ModuleArgs) => {
    const g = guard(a) as unknown;
    return typeof g === "function" ? (g as (item: I) => unknown)(item) : g;
  };
  let r: unknown;
  try {
    r = decide(withoutConfig(args));
  } catch (e) {
    if (e !== NEEDS_CONFIG) throw e;
    return mkIf(() => Boolean(decide(args)), body);
  }
  if (typeof r === "function") return (decide(args) as (defs: unknown) => unknown)(body);
  return r ? body : {};
}

function lazyValue(f: () => unknown): unknown {
  return lazy(f);
}

const OWN_ARGS = new Set(["config", "options", "lib", "name", "_class", "extendModules", "moduleType"]);

/**
 * The module arguments of a target evaluation (its `_module.args` and specialArgs) but
 * those every evaluation has of its own (`config`, `options`, `lib`, `name`, ...), read
 * when used.
 */
export function targetArgs(args: ModuleArgs): Record<string, unknown> {
  // specialArgs from the module arguments themselves: reading config._module.specialArgs
  // fails while the target's definitions are being indexed (a forward into a set of options)
  const special = (args.specialArgs ?? {}) as Record<string, unknown>;
  const moduleArgs = () =>
    (force((force(args.config) as Record<string, any>)._module) as { args: Record<string, unknown> }).args;
  const out: Record<string, unknown> = {};
  const add = (from: Record<string, unknown>) => {
    for (const k of Object.keys(from))
      if (!OWN_ARGS.has(k) && !(k in out))
        Object.defineProperty(out, k, { enumerable: true, configurable: true, get: () => from[k] });
  };
  add(special);
  let fromModules: Record<string, unknown> | undefined;
  try {
    fromModules = moduleArgs();
  } catch (e) {
    // _module.args cannot be read yet either: the source gets the specialArgs only
    if (!(e instanceof ModuleError)) throw e;
  }
  if (fromModules) add(fromModules);
  return out;
}

/** The source evaluated on its own, freeform, with the target's arguments (and adapted ones). */
function evaluated<I>(source: unknown, args: ModuleArgs | undefined, spec: ForwardSpec<I>, item: I): unknown {
  const specialArgs: Record<string, unknown> = args ? targetArgs(args) : {};
  if (args && spec.adaptArgs) {
    // adaptArgs adds argument names; it never replaces the target's own
    const a = spec.adaptArgs(args);
    const extra = (typeof a === "function" ? a(item) : a) as Record<string, unknown>;
    for (const k of Object.keys(extra)) if (!(k in specialArgs)) specialArgs[k] = extra[k];
  }
  const ev = evalModules({
    modules: [
      {
        _file: "den.provides.forward (freeform)",
        config: { _module: { freeformType: types.lazyAttrsOf(types.unspecified) } },
      },
      source,
    ],
    specialArgs,
  });
  return ev.config;
}

/**
 * `{ a: { b: value } }` for `["a", "b"]`; an element that is a `config` reference is
 * read when the value above it is (inside a lazily merged option). An empty path gives
 * the value itself (`whole()`), which must then be an object.
 */
function setPath(path: readonly unknown[], value: unknown, whole: () => unknown): unknown {
  if (path.length === 0) {
    const v = force(whole());
    return v;
  }
  const i = path.findIndex((p) => typeof p !== "string");
  if (i < 0) return (path as string[]).reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
  const staticPart = path.slice(0, i) as string[];
  const rest = path.slice(i);
  const inner = lazy(() => {
    const [head, ...tail] = rest;
    // references and lazy values in the path are read here, when the value above is
    const key = String(force(head));
    return { [key]: setPath(tail.map(force), value, whole) };
  });
  if (staticPart.length === 0) {
    throw new Error(
      "den.provides.forward: a dynamic intoPath must begin with a static option name (its first element read from config)",
    );
  }
  return staticPart.reduceRight<unknown>((acc, k) => ({ [k]: acc }), inner);
}

/** A module value for a submodule option (a function, since plain objects may be taken as config only). */
function moduleValue(source: unknown): unknown {
  return () => ({ imports: [source] });
}

const DYNAMIC = "\u0000den-dynamic";

/** A stand-in for module arguments: every read gives a marker (used to find the static part of a path). */
function probe(): unknown {
  const handler: ProxyHandler<object> = {
    get: (_t, k) =>
      k === Symbol.toPrimitive
        ? () => DYNAMIC
        : k === "toString" || k === "valueOf"
          ? () => DYNAMIC
          : new Proxy(function () {}, handler),
    apply: () => new Proxy(function () {}, handler),
  };
  return new Proxy(function () {}, handler);
}

/** The leading elements of a dynamic path that do not depend on the module arguments. */
function staticPrefix(path: (args: ModuleArgs) => readonly unknown[], args: ModuleArgs): string[] {
  const fake: ModuleArgs = {};
  for (const k of Object.keys(args)) fake[k] = probe();
  fake.config = probe();
  fake.options = probe();
  let p: readonly unknown[];
  try {
    p = path(fake);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const x of p) {
    if (typeof x !== "string" || x.includes(DYNAMIC)) break;
    out.push(x);
  }
  return out;
}
