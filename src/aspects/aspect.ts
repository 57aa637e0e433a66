/**
 * Aspects: named bundles of class modules. An aspect has `name`, `description`,
 * `meta`, `includes`, `provides` (alias `_`, named sub-aspects), `into` (for context
 * nodes) and one key per class whose value is a module of that class.
 *
 * Several definitions of one aspect merge: class modules and includes concatenate,
 * provides merge per name, and a function definition becomes an include (so
 * `den.aspects.foo = ({ host }) => ...` in one file and `den.aspects.foo.os = ...` in
 * another give one aspect). Identity is `provider path ++ [name]` joined by `/`; inline
 * aspects get `<parent>/<anon>:<index>` and are not deduplicated.
 */
import { force, isLazy, mkOptionType, ModuleError, type OptionType } from "../modules/index.js";
import { functionArgs } from "./fn-args.js";

/** Marks normalized aspects. */
export const ASPECT: unique symbol = Symbol.for("tsden.aspect");

/** A context: named values (`host`, `user`, `home`, `vm`, ...). */
export type Ctx = Readonly<Record<string, unknown>>;

/** `into` of a context node: targets and the contexts each one receives. */
export type IntoFn = (ctx: Ctx) => Readonly<Record<string, readonly Ctx[] | Ctx | null | undefined>>;

/** One class module with the file it came from. */
export interface ClassModule {
  readonly file: string;
  readonly module: unknown;
}

/** A normalized aspect. */
export interface Aspect {
  readonly [ASPECT]: true;
  readonly name: string;
  readonly identity: string;
  /** Inline aspects and function results are not deduplicated. */
  readonly anonymous: boolean;
  readonly description: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly includes: readonly unknown[];
  readonly provides: Readonly<Record<string, Aspect>>;
  /** Alias of `provides`. */
  readonly _: Readonly<Record<string, Aspect>>;
  readonly classes: Readonly<Record<string, readonly ClassModule[]>>;
  readonly into: readonly IntoFn[];
  /** Values of fields declared by `den.schema.aspect`. */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * Set on a factory aspect (`den.aspects.facter = (path) => ({ ... })`): the aspect is
   * callable, and calling it gives an instance (the other definitions plus the
   * factory's result) that keeps the factory's identity for `hasAspect`. Including it
   * unapplied is an error.
   */
  readonly factory?: (...args: unknown[]) => Aspect;
}

/** What an aspect definition may hold (class keys are any other name). */
export interface AspectDef {
  name?: string;
  description?: string;
  meta?: Record<string, unknown>;
  includes?: readonly unknown[];
  provides?: Record<string, unknown>;
  _?: Record<string, unknown>;
  into?: IntoFn | Record<string, (ctx: any) => unknown>;
  [cls: string]: unknown;
}

/** Keys of an aspect definition that are not classes. */
export const RESERVED = new Set([
  "name",
  "description",
  "meta",
  "includes",
  "provides",
  "_",
  "into",
  "__functor",
  "_file",
]);

/**
 * Den's `meta.provider`: the path of the aspect providing this one (`["foo", "bar"]`
 * for `foo/bar/baz`, `[]` for a top-level aspect); batteries are provided by
 * `["den", "provides"]`.
 */
function providerPath(identity: string): string[] {
  const parts = identity.split("/").slice(0, -1);
  return parts[0] === "den" ? ["den", "provides", ...parts.slice(1)] : parts;
}

/** Meta an aspect computes of itself (where it is, itself): not carried into another aspect it defines. */
const COMPUTED_META = new Set(["name", "file", "loc", "provider", "self"]);

/** Whether `v` is a normalized aspect (factory aspects are callable ones). */
export function isAspect(v: unknown): v is Aspect {
  return (
    (typeof v === "object" || typeof v === "function") && v !== null && (v as Record<symbol, unknown>)[ASPECT] === true
  );
}

/**
 * Whether a definition is a factory: a function of one plain (not destructured)
 * parameter. A parameter named `_` (or `_`-prefixed, Den's `_:`) says the argument is
 * ignored: such a function is a context function of any context, not a factory.
 */
export function isFactoryFn(v: unknown): v is (...args: unknown[]) => unknown {
  if (typeof v !== "function" || isAspect(v) || v.length < 1) return false;
  const a = functionArgs(v);
  return a?.whole === true && !a.param?.startsWith("_");
}

const MODULE_ARGS = new Set(["config", "options"]);

/**
 * Whether a definition is written as a module of the aspect itself
 * (`({ config }) => ({ os: ..., meta: { nick: "x" } })`): a function whose required
 * arguments are `config` and optionally `options`.
 */
export function isSelfModuleFn(v: unknown): v is (args: { config: Aspect; options: object }) => unknown {
  if (typeof v !== "function" || isAspect(v)) return false;
  const a = functionArgs(v);
  return a !== null && !a.whole && a.required.includes("config") && a.required.every((n) => MODULE_ARGS.has(n));
}

/** The error for a key of a strict aspect that is neither a field nor a class. */
function strictAspectError(site: AspectSite, key: string, file: string): Error {
  return new ModuleError({
    code: "UNKNOWN_OPTION",
    message: `den (strict): aspect \`${site.identity}' has no field or class \`${key}' (set in ${file}).`,
    optionPath: ["den", "aspects", ...site.identity.split("/"), key],
    definitions: [],
    hint: `Declare it: a class with den.classes.${key} = [] (or a host's, user's or home's class), or a field with den.schema.aspect: options.${key} = mkOption({ ... }); or turn den.schema.strict.aspect off.`,
  });
}

/** The error for a factory aspect included without its argument. */
export function unappliedFactoryError(a: Aspect, where: string): Error {
  return new TypeError(
    `den: \`${a.identity}' is a factory aspect (a function of an argument) included unapplied by \`${where}'. Include it applied: ${a.identity.includes("/") ? "the aspect" : `den.aspects["${a.identity}"]`}(<argument>).`,
  );
}

/** Where an aspect is built: its identity and the field names declared by the aspect schema. */
export interface AspectSite {
  readonly name: string;
  readonly identity: string;
  /** The option path the aspect is defined at (`["den", "aspects", "foo"]`), when it is one. */
  readonly loc?: readonly string[];
  readonly anonymous?: boolean;
  readonly fieldNames?: ReadonlySet<string>;
  /** Strict aspects: whether a key that is not a field names a class (an unknown one is an error). */
  readonly isClass?: (key: string) => boolean;
  /** Evaluates the field definitions (against `den.schema.aspect`). */
  readonly evalFields?: (defs: Readonly<Record<string, readonly AspectDefinition[]>>) => Record<string, unknown>;
}

/** One definition of an aspect (`value` may be an object, function or aspect). */
export interface AspectDefinition {
  readonly file: string;
  readonly value: unknown;
}

/**
 * Merges definitions into one aspect. Functions (and parametric wrappers) become
 * includes; aspects and objects contribute their parts.
 */
export function mergeAspect(site: AspectSite, defs: readonly AspectDefinition[]): Aspect {
  let description = "";
  // Den's meta, unless defined: name (the option path joined by `.`, or the name),
  // file (the first definition's), loc (the option path, or the identity's parts),
  // provider, adapter, handleWith, excludes; self (the aspect) is set last
  const meta: Record<string, unknown> = {
    name: site.loc ? site.loc.join(".") : site.name,
    file: defs[0]?.file ?? site.identity,
    loc: site.loc ? [...site.loc] : site.identity.split("/"),
    provider: providerPath(site.identity),
    adapter: null,
    handleWith: null,
    excludes: [],
  };
  const includes: unknown[] = [];
  const into: IntoFn[] = [];
  const classes: Record<string, ClassModule[]> = {};
  const provideDefs = new Map<string, AspectDefinition[]>();
  const fieldDefs: Record<string, AspectDefinition[]> = {};
  const addProvides = (file: string, p: unknown) => {
    const obj = force(p);
    if (!obj || typeof obj !== "object") return;
    for (const k of Object.keys(obj)) {
      let list = provideDefs.get(k);
      if (!list) provideDefs.set(k, (list = []));
      list.push({
        file,
        get value() {
          return (obj as Record<string, unknown>)[k];
        },
      });
    }
  };
  const factories: AspectDefinition[] = [];
  const rest: AspectDefinition[] = [];
  for (const d of defs) {
    const v = force(d.value);
    if (v === undefined || v === null) continue;
    if (isAspect(v) && v.factory) factories.push({ file: d.file, value: v.factory });
    else if (isFactoryFn(v)) factories.push(d);
    else rest.push(d);
  }
  if (factories.length > 0) return factoryAspect(site, rest, factories);
  if (rest.some((d) => isSelfModuleFn(force(d.value)))) return selfModuleAspect(site, rest);
  for (const d of rest) {
    const v = force(d.value);
    if (v === undefined || v === null) continue;
    if (isAspect(v)) {
      if (v.description) description = v.description;
      // what the other aspect computed of itself (where it is, itself) is not this one's
      for (const [k, mv] of Object.entries(v.meta)) {
        if (COMPUTED_META.has(k)) continue;
        if ((k === "adapter" || k === "handleWith") && mv === null) continue;
        if (k === "excludes" && Array.isArray(mv) && mv.length === 0) continue;
        meta[k] = mv;
      }
      includes.push(...v.includes);
      into.push(...v.into);
      for (const [c, ms] of Object.entries(v.classes)) (classes[c] ??= []).push(...ms);
      for (const k of Object.keys(v.provides)) {
        let list = provideDefs.get(k);
        if (!list) provideDefs.set(k, (list = []));
        list.push({ file: d.file, value: v.provides[k] });
      }
      for (const [k, fv] of Object.entries(v.fields)) (fieldDefs[k] ??= []).push({ file: d.file, value: fv });
      continue;
    }
    if (typeof v === "function" || isIncludeWrapper(v)) {
      includes.push(v);
      continue;
    }
    if (typeof v !== "object" || Array.isArray(v)) {
      throw new TypeError(
        `aspect \`${site.identity}' (${d.file}): a definition must be an object or a function, not ${Array.isArray(v) ? "a list" : typeof v}`,
      );
    }
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (key === "name" || key === "_file" || key === "__functor") continue;
      if (key === "description") description = String(force(obj[key]) ?? "");
      else if (key === "meta") Object.assign(meta, force(obj[key]) as object);
      else if (key === "includes") {
        // a lazy list (lazy(() => Object.values(den.aspects.foo._))) stays one include,
        // read when resolved: reading it now could need this very aspect
        if (isLazy(obj[key])) {
          includes.push(obj[key]);
          continue;
        }
        const list = force(obj[key]);
        if (!Array.isArray(list))
          throw new TypeError(`aspect \`${site.identity}' (${d.file}): \`includes' must be a list`);
        includes.push(...list);
      } else if (key === "provides" || key === "_") addProvides(d.file, obj[key]);
      else if (key === "into") into.push(...intoFns(force(obj[key])));
      else if (site.fieldNames?.has(key))
        (fieldDefs[key] ??= []).push({
          file: d.file,
          get value() {
            return obj[key];
          },
        });
      else {
        if (site.isClass && !site.isClass(key)) throw strictAspectError(site, key, d.file);
        (classes[key] ??= []).push({
          file: d.file,
          get module() {
            return obj[key];
          },
        });
      }
    }
  }
  const provides = lazyProvides(site, provideDefs);
  let fields: Record<string, unknown> | undefined;
  const evalFields = site.evalFields;
  const aspect: Aspect = {
    [ASPECT]: true,
    name: site.name,
    identity: site.identity,
    anonymous: site.anonymous ?? false,
    description,
    meta,
    includes,
    provides,
    _: provides,
    classes,
    into,
    get fields() {
      return (fields ??= evalFields && Object.keys(fieldDefs).length > 0 ? evalFields(fieldDefs) : {});
    },
  };
  Object.defineProperty(meta, "self", { value: aspect, enumerable: true, configurable: true });
  // as Den's, a class is also a key of the aspect (den.aspects.foo.os): its modules as one
  for (const cls of Object.keys(classes))
    if (!(cls in aspect))
      Object.defineProperty(aspect, cls, {
        get: () => ({ imports: classes[cls]!.map((m) => m.module) }),
        enumerable: false,
        configurable: true,
      });
  return aspect;
}

/**
 * A factory aspect: the other definitions make the aspect itself; calling it gives an
 * instance made of them plus each factory's result, anonymous (not deduplicated: two
 * calls may differ) but with the factory's identity.
 */
function factoryAspect(
  site: AspectSite,
  rest: readonly AspectDefinition[],
  factories: readonly AspectDefinition[],
): Aspect {
  const base = mergeAspect(site, rest);
  const factory = (...args: unknown[]): Aspect =>
    mergeAspect({ ...site, anonymous: true }, [
      ...rest,
      ...factories.map((f) => ({ file: f.file, value: (force(f.value) as (...a: unknown[]) => unknown)(...args) })),
    ]);
  const callable = withCall(base, factory);
  Object.defineProperty(callable, "factory", { value: factory, enumerable: true });
  return callable;
}

/**
 * An aspect some of whose definitions are modules of the aspect itself: they are called
 * with `config` = the aspect the other definitions make, then again with `config` = the
 * aspect all definitions make (their first results included), so a definition may read
 * what it defines itself (`meta.nick`) as well as what the others define.
 */
function selfModuleAspect(site: AspectSite, defs: readonly AspectDefinition[]): Aspect {
  const selfDefs = defs.filter((d) => isSelfModuleFn(force(d.value)));
  const plain = defs.filter((d) => !selfDefs.includes(d));
  let cur = mergeAspect(site, plain);
  for (let pass = 0; pass < 2; pass++) {
    const config = cur;
    const results = selfDefs.map((d) => {
      const value = (force(d.value) as (args: { config: Aspect; options: object }) => unknown)({ config, options: {} });
      if (isSelfModuleFn(force(value))) {
        throw new TypeError(
          `aspect \`${site.identity}' (${d.file}): a ({ config }) definition must return the aspect, not another function of config`,
        );
      }
      return { file: d.file, value };
    });
    cur = mergeAspect(site, [...plain, ...results]);
  }
  return cur;
}

/** The identity of a plain object naming itself (`{ name, meta: { provider } }`): provider path and name. */
export function inlineIdentity(v: unknown): string | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v) || isAspect(v)) return undefined;
  const o = v as { name?: unknown; meta?: { provider?: unknown } };
  if (typeof o.name !== "string" || o.name === "") return undefined;
  const provider = Array.isArray(o.meta?.provider) ? (o.meta!.provider as unknown[]).map(String) : [];
  return [...provider, o.name].join("/");
}

/** A copy of `a` (its own fields, a callable aspect's too, but not callable) with `fields` replaced. */
export function withFields(a: Aspect, fields: Record<string, unknown>): Aspect {
  const v = Object.create(
    Object.getPrototypeOf(a) === Function.prototype ? Object.prototype : Object.getPrototypeOf(a),
  );
  const own = Object.getOwnPropertyDescriptors(a) as Record<string, PropertyDescriptor>;
  for (const k of Object.keys(fields)) delete own[k];
  if (typeof a === "function") delete own.prototype;
  Object.defineProperties(v, own);
  for (const [k, value] of Object.entries(fields)) Object.defineProperty(v, k, { value, enumerable: true });
  return v as Aspect;
}

/** `a` as a function calling `call` (an aspect still: its properties are `a`'s). */
export function withCall<T extends (...args: any[]) => unknown>(a: Aspect, call: T): Aspect & T {
  const callable = (...args: unknown[]) => call(...args);
  for (const k of Reflect.ownKeys(callable))
    if (k !== "prototype") delete (callable as unknown as Record<PropertyKey, unknown>)[k];
  Object.defineProperties(callable, Object.getOwnPropertyDescriptors(a));
  // meta.self is the aspect as others see it: the callable one
  if (a.meta.self === a)
    Object.defineProperty(a.meta, "self", { value: callable, enumerable: true, configurable: true });
  return callable as unknown as Aspect & T;
}

function lazyProvides(site: AspectSite, defs: Map<string, AspectDefinition[]>): Record<string, Aspect> {
  const out: Record<string, Aspect> = {};
  for (const [k, list] of defs) {
    let cached: Aspect | undefined;
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () =>
        (cached ??= mergeAspect(
          {
            ...site,
            name: k,
            identity: `${site.identity}/${k}`,
            loc: site.loc ? [...site.loc, "provides", k] : undefined,
          },
          list,
        )),
    });
  }
  return out;
}

function intoFns(v: unknown): IntoFn[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "function") return [v as IntoFn];
  if (Array.isArray(v)) return v.flatMap(intoFns);
  if (typeof v === "object") return intoTargets(v as Record<string, unknown>, "");
  throw new TypeError("`into' must be a function or an object of functions");
}

/** `into: { target: fn }`, nested for nested stages (`{ ns: { inner: fn } }` reaches `ns.inner`). */
function intoTargets(targets: Record<string, unknown>, prefix: string): IntoFn[] {
  return Object.keys(targets).flatMap((k): IntoFn[] => {
    const t = `${prefix}${k}`;
    const f = targets[k];
    if (typeof f === "function") return [(ctx: Ctx) => ({ [t]: f(ctx) as readonly Ctx[] })];
    if (f !== null && typeof f === "object" && !Array.isArray(f))
      return intoTargets(f as Record<string, unknown>, `${t}.`);
    throw new TypeError(`\`into.${t}' must be a function of the context returning a list of contexts`);
  });
}

/** Marker shared by include wrappers (`take.*`, `parametric.fixedTo`, ...). */
export const INCLUDE: unique symbol = Symbol.for("tsden.include");

/** Whether `v` is an include wrapper (not an aspect definition). */
export function isIncludeWrapper(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[INCLUDE] !== undefined;
}

/**
 * Turns one value into an aspect: aspects stay, objects become inline aspects named
 * after `site`, functions and wrappers become an aspect including them.
 */
export function toAspect(value: unknown, site: AspectSite, file = site.identity): Aspect {
  const v = force(value);
  if (isAspect(v)) return v;
  return mergeAspect(site, [{ file, value: v }]);
}

/**
 * Defines an aspect outside the module system (for libraries and tests).
 *
 * @example
 * const base = aspect("base", { os: { networking.firewall: true } });
 */
export function aspect(name: string, ...defs: unknown[]): Aspect {
  return mergeAspect(
    { name, identity: name },
    defs.map((value) => ({ file: name, value })),
  );
}

/** The option type of one aspect: definitions merge as {@link mergeAspect} says. */
export function aspectType(
  opts: {
    identity?: (loc: readonly string[]) => string;
    fieldNames?: () => ReadonlySet<string>;
    evalFields?: AspectSite["evalFields"];
    /** Strict aspects: the class test, or undefined when aspects are not strict. */
    isClass?: () => ((key: string) => boolean) | undefined;
    /** Makes the merged aspect callable (context stages: `den.ctx.host({ host })`). */
    call?: (loc: readonly string[], a: Aspect) => Aspect;
  } = {},
): OptionType<Aspect> {
  return mkOptionType<Aspect>({
    name: "aspect",
    description: "aspect (an object with class keys, includes and provides, or a context function)",
    descriptionClass: "noun",
    check: (v) => v !== null && (typeof v === "object" || typeof v === "function"),
    merge: (loc, defs) => {
      const name = loc[loc.length - 1]!;
      const a = mergeAspect(
        {
          name,
          identity: opts.identity ? opts.identity(loc) : name,
          loc,
          fieldNames: opts.fieldNames?.(),
          evalFields: opts.evalFields,
          isClass: opts.isClass?.(),
        },
        defs,
      );
      return opts.call && !a.factory ? opts.call(loc, a) : a;
    },
    emptyValue: undefined,
  });
}

/** The identity of a `hasAspect` target, or a clear error for anything else. */
export function targetIdentity(target: unknown): string {
  const t = force(target);
  if (typeof t === "string") return t;
  if (isAspect(t)) return t.identity;
  const named = inlineIdentity(t);
  if (named !== undefined) return named;
  throw new TypeError(
    `den: expected an aspect (den.aspects.<name>, den.provides.<name>) or an aspect identity string, not ${t === undefined ? "undefined (is the aspect name right?)" : t === null ? "null" : typeof t === "function" ? "a function" : Array.isArray(t) ? "a list" : typeof t}.`,
  );
}
