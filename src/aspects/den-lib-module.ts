/**
 * `denLibModule`: Den as a library in any module evaluation, without hosts, users or
 * homes: `den.aspects`, `den.ctx` (no stages of its own) and `den.lib` (the functions
 * of the aspects layer), and the module argument `den`. `denModule` builds on it.
 */
import { lazy, mkOption, types } from "../modules/index.js";
import { aspectType, withCall, type Aspect, type AspectSite } from "./aspect.js";
import { ctxTreeType } from "./ctx-tree.js";
import { pipeline } from "./pipeline.js";
import { aspectFieldNames, aspectFields, isStrict, strictModule } from "./schema.js";
import { canTake, parametric, perHome, perHost, perUser, take } from "./parametric.js";
import { resolve } from "./resolve.js";
import { forward } from "./forward.js";
import { constraints } from "./constraints.js";
import {
  aspectPath,
  collectPaths,
  excludeAspect,
  filterAspect,
  oneOfAspects,
  substituteAspect,
  trace,
} from "./adapters.js";
import { includeIf } from "./include-if.js";
import { lookup } from "./namespace.js";
import { collectPathSet, hasAspectIn, mkEntityHasAspect } from "./has-aspect.js";

/** A stage's name from its option path: `den.ctx.ns.inner` → `ns.inner`. */
export const stagePath = (loc: readonly string[]) => loc.slice(2).join(".");

type DenLike = { readonly ctx: Readonly<Record<string, any>>; readonly schema?: Readonly<Record<string, unknown>> };

/** How aspects of this evaluation are built: the fields `den.schema.aspect` declares (when there is a schema). */
export function aspectOptions(
  den: () => DenLike,
  isClass?: () => ((key: string) => boolean) | undefined,
): Pick<AspectSite, "evalFields"> & {
  fieldNames: () => ReadonlySet<string>;
  isClass?: () => ((key: string) => boolean) | undefined;
} {
  let fieldNames: ReadonlySet<string> | undefined;
  return {
    fieldNames: () => (fieldNames ??= den().schema ? aspectFieldNames(den().schema!.aspect) : new Set<string>()),
    evalFields: (defs) => aspectFields(den().schema?.aspect, defs),
    ...(isClass ? { isClass } : {}),
  };
}

/**
 * Makes an aspect callable on a context, as Den's aspects are: `den.aspects.foo({ hey })`
 * is the aspect in parametric-only mode on that context (its matching context
 * functions), includable and resolvable.
 */
export function applicable(_loc: readonly string[], a: Aspect): Aspect {
  return withCall(a, (ctx: Record<string, unknown>) => parametric.withContext(ctx, a));
}

/** Classes every project has: the OS class, the user class, the home environments', wsl's. */
const BUILTIN_CLASSES = ["os", "user", "homeManager", "hjem", "maid", "wsl"];

/** Strict aspects: a key is a class when den.classes names it, a battery uses it, or an entity has it. */
function knownClass(den: Record<string, any>): (key: string) => boolean {
  let known: Set<string> | undefined;
  return (key) => {
    if (!known) {
      known = new Set([...BUILTIN_CLASSES, ...Object.keys(den.classes ?? {})]);
      for (const sys of Object.values<Record<string, any>>(den.hosts ?? {})) {
        for (const h of Object.values<any>(sys)) {
          known.add(h.class);
          for (const u of Object.values<any>(h.users)) for (const c of u.classes) known.add(c);
        }
      }
      for (const sys of Object.values<Record<string, any>>(den.homes ?? {}))
        for (const h of Object.values<any>(sys)) known.add(h.class);
    }
    return known.has(key);
  };
}

/** The class test of strict aspects (`den.schema.strict.aspect`), when aspects are strict. */
export function strictAspects(den: () => DenLike): () => ((key: string) => boolean) | undefined {
  return () => {
    const schema = den().schema;
    return schema && isStrict(schema, "aspect") ? knownClass(den() as Record<string, any>) : undefined;
  };
}

/** The functions of the aspects layer, as `den.lib` (Den's `den.lib`). */
export function denLib(den: () => unknown) {
  return {
    resolve,
    parametric,
    take,
    canTake,
    perHost,
    perUser,
    perHome,
    forward,
    constraints,
    excludeAspect,
    substituteAspect,
    oneOfAspects,
    collectPaths,
    trace,
    aspectPath,
    includeIf,
    hasAspectIn,
    collectPathSet,
    mkEntityHasAspect,
    /** Den's `den.lib.strict`: `den.schema.<kind> = den.lib.strict` makes that kind strict. */
    strict: strictModule,
    /** Den's adapters under Den's names (`den.lib.adapters.filter`, `.excludeAspect`, ...). */
    adapters: { filter: filterAspect, excludeAspect, substituteAspect, oneOfAspects, collectPaths, aspectPath },
    /** Den's `den.lib.aspects` paths: `den.lib.aspects.resolve`, `.adapters`, `.hasAspectIn`, ... */
    get aspects() {
      return {
        resolve,
        adapters: this.adapters,
        hasAspectIn,
        collectPathSet,
        mkEntityHasAspect,
      };
    },
    /** The aspect at a path (Den's angle brackets `<foo/bar>`): `den.lib.lookup("foo/bar")`. */
    lookup: (path: string) => lookup(den(), path),
  };
}

/** The `den.aspects`, `den.ctx` and `den.lib` options. */
export function denLibOptions(den: () => DenLike, opts: ReturnType<typeof aspectOptions>): Record<string, unknown> {
  return {
    aspects: mkOption({
      type: types.lazyAttrsOf(aspectType({ ...opts, call: applicable })),
      default: {},
      description: "Aspects by name.",
    }),
    ctx: mkOption({
      type: types.lazyAttrsOf(
        ctxTreeType(
          aspectType({
            ...opts,
            identity: (loc) => `ctx/${stagePath(loc)}`,
            // den.ctx.<stage>(ctx): the pipeline from that stage on ctx, as one aspect
            call: (loc, a) =>
              withCall(
                a,
                (ctx: Record<string, unknown>) =>
                  pipeline(den().ctx, stagePath(loc), ctx, `ctx:${stagePath(loc)}`).aspect,
              ),
          }),
        ),
      ),
      default: {},
      description:
        "Context stages (nested ones in namespaces: den.ctx.ns.inner, named ns.inner); den.ctx.<stage>(ctx) runs the pipeline from that stage.",
    }),
    lib: mkOption({
      type: types.raw,
      readOnly: true,
      description: "The functions of the aspects layer (resolve, parametric, take, forward, constraints, lookup, ...).",
    }),
  };
}

/**
 * Den as a library: `den.aspects`, `den.ctx`, `den.lib`, without hosts, users or homes.
 *
 * @example
 * evalModules({ modules: [denLibModule, { den: { ctx: { foo: { provides: { foo: ({ name }) => ({ my: { names: [name] } }) } } } } }] })
 */
export const denLibModule = ({ config }: { config: { den: DenLike } }) => {
  const den = () => config.den;
  return {
    _file: "den (library)",
    key: "den-lib",
    options: { den: denLibOptions(den, aspectOptions(den, strictAspects(den))) },
    config: {
      _module: {
        args: {
          get den() {
            return config.den;
          },
        },
      },
      den: { lib: lazy(() => denLib(den)) },
    },
  };
};
