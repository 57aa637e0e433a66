/**
 * `evalModules` and `extendModules`: the modules are collected (collect.ts) with the
 * internal module added, then the evaluation (evaluation.ts) computes on demand.
 * `extendModules` collects only its new modules and evaluates with the base's plus
 * them, taking from the base what it can (incremental.ts); new `specialArgs` or
 * another `prefix` change what module functions receive, so then every module is
 * collected again. See docs/semantics.md.
 */
import {
  closure,
  collectStructured,
  moduleGraph,
  type CollectContext,
  type ModuleGraphNode,
  type StructuredModule,
} from "./collect.js";
import { Evaluation, INTERNAL_KEY } from "./evaluation.js";
import { lazy } from "./lazy.js";
import { lib } from "./lib.js";
import { Lineage } from "./lineage.js";
import type { DefinitionContext } from "./definition.js";
import type { NormalModule } from "./normalize.js";
import { isOption, mkOption } from "./option.js";
import { ModuleError } from "./errors/module-error.js";
import { MkMerge } from "./properties.js";
import type { RefHost } from "./reference.js";
import { mergeSpecialArgs, specialArgsValues } from "./special-args.js";
import { lazyAttrsOf, nullOr } from "./types/compound.js";
import type { OptionType } from "./types/option-type.js";
import { bool, raw } from "./types/primitives.js";
import { optionType, submoduleWith } from "./types/submodule.js";

/** What `evalModules` takes. */
export interface EvalModulesArgs {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
  class?: string;
}

/** What `extendModules` takes. */
export interface ExtendModulesArgs {
  modules?: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
}
/** An evaluated option, as found in `result.options`. */
export interface OptionInfo<T = unknown> {
  readonly _type: "option";
  readonly loc: readonly string[];
  readonly value: T;
  readonly isDefined: boolean;
  readonly highestPrio: number;
  readonly definitions: readonly unknown[];
  readonly files: readonly string[];
  readonly definitionsWithLocations: readonly { file: string; line?: number; value: unknown }[];
  readonly declarations: readonly string[];
  readonly declarationPositions: readonly { file: string; line?: number | null; column?: number | null }[];
  readonly type: OptionType<T>;
  readonly description?: string;
  readonly default?: unknown;
  readonly defaultText?: unknown;
  readonly example?: unknown;
  readonly readOnly: boolean;
  readonly internal: boolean;
  readonly visible: boolean | "shallow" | "transparent";
}

/** The result of `evalModules`. */
export interface EvalResult<C = any> {
  readonly config: C;
  readonly options: any;
  readonly extendModules: (args?: ExtendModulesArgs) => EvalResult<C>;
  /** The evaluation's `_module` (not part of `config`, as in nixpkgs): arguments, check, freeform type. */
  readonly _module: {
    readonly args: Record<string, any>;
    readonly freeformType: OptionType | null;
    readonly check: boolean;
    readonly specialArgs: Record<string, unknown>;
  };
  readonly type: OptionType<C>;
  readonly class: string | undefined;
  /** The import graph of the modules (nixpkgs `graph`): key, file, imports, disabled. */
  readonly graph: readonly ModuleGraphNode[];
  /** The modules in collection order (for tools). */
  readonly modules: readonly NormalModule[];
}

let internalOptions: Record<string, unknown> | undefined;

/** The options of the internal module, the same for every evaluation (made on first use: types import this file). */
export function internalModuleOptions(): Record<string, unknown> {
  return (internalOptions ??= {
    _module: {
      args: mkOption({
        type: lazyAttrsOf(raw),
        internal: true,
        description: "Additional arguments passed to each module.",
      }),
      check: mkOption({
        type: bool,
        internal: true,
        default: true,
        description: "Whether to check whether all option definitions have matching declarations.",
      }),
      freeformType: mkOption({
        type: nullOr(optionType),
        internal: true,
        default: null,
        description: "If set, merge all definitions that don't have an associated option together using this type.",
      }),
      specialArgs: mkOption({
        readOnly: true,
        internal: true,
        description: "Externally provided module arguments that can't be modified from within a configuration.",
      }),
    },
  });
}

/** The module every evaluation adds: `_module.args`, `.check`, `.freeformType`, `.specialArgs`. */
function internalModule(result: EvalResult, specialArgs: Record<string, unknown>): StructuredModule {
  const module: NormalModule = {
    file: INTERNAL_KEY,
    key: INTERNAL_KEY,
    imports: [],
    disabledModules: [],
    options: internalModuleOptions(),
    config: {
      _module: { args: { extendModules: result.extendModules, moduleType: lazy(() => result.type) }, specialArgs },
    },
  };
  return { module, children: [] };
}

/** An evaluation's public face: `config`, `options`, `extendModules`, `type`, ... */
class Evaluated implements EvalResult {
  readonly _type = "configuration";
  private typeCache?: OptionType;
  /**
   * `extendModules` is made by the caller and passed in: V8 keeps a closure created in a
   * constructor (and everything it holds: here the whole evaluation) alive until a full
   * collection, which made every evaluation survive the young generation.
   */
  constructor(
    readonly ev: Evaluation,
    private readonly args: EvalModulesArgs,
    readonly extendModules: (args?: ExtendModulesArgs) => EvalResult,
  ) {}
  /** The collected modules before the closure (for `graph`), set by `finish`. */
  tops?: readonly StructuredModule[];
  /** The import graph of the modules (nixpkgs `graph`): key, file, imports, disabled. */
  get graph(): ModuleGraphNode[] {
    return moduleGraph(this.tops ?? [], this.args.specialArgs?.modulesPath);
  }
  get config(): any {
    return this.ev.checkedConfig();
  }
  get options(): any {
    return this.ev.options;
  }
  get _module(): EvalResult["_module"] {
    return this.ev.config._module as EvalResult["_module"];
  }
  get class(): string | undefined {
    return this.args.class;
  }
  get modules(): readonly NormalModule[] {
    return this.ev.modules;
  }
  get type(): OptionType {
    return (this.typeCache ??= submoduleWith({
      modules: this.args.modules,
      specialArgs: this.args.specialArgs ?? {},
      class: this.args.class,
    }));
  }
}

/** A module's `freeformType` becomes its definition of `_module.freeformType`. */
function freeformModules(mods: readonly NormalModule[]): NormalModule[] {
  return mods.map((m) =>
    m.freeformType ? { ...m, config: new MkMerge([m.config, { _module: { freeformType: m.freeformType } }]) } : m,
  );
}

/** The evaluation's modules: the collected ones and the internal module, in collection order. */
function finish(ev: Evaluation, args: EvalModulesArgs, ctx: CollectContext, tops: StructuredModule[]): EvalResult {
  const result = new Evaluated(ev, args, (ext: ExtendModulesArgs = {}) => extend(ev, args, ctx, tops, ext));
  result.tops = tops;
  ev.modules = freeformModules(
    closure([...tops, internalModule(result, ctx.specialArgs)], ctx.specialArgs.modulesPath),
  );
  ev.collecting = false;
  return result;
}

function extend(
  base: Evaluation,
  args: EvalModulesArgs,
  ctx: CollectContext,
  tops: StructuredModule[],
  ext: ExtendModulesArgs,
): EvalResult {
  const specialArgs = ext.specialArgs ? mergeSpecialArgs(args.specialArgs ?? {}, ext.specialArgs) : args.specialArgs;
  const next: EvalModulesArgs = {
    modules: [...args.modules, ...(ext.modules ?? [])],
    specialArgs,
    prefix: ext.prefix ?? args.prefix,
    class: args.class,
  };
  const samePrefix = (ext.prefix ?? args.prefix ?? []).join("\0") === (args.prefix ?? []).join("\0");
  if (ext.specialArgs || !samePrefix) return evalModules(next);
  const ev = new Evaluation(next, base.lineage, base, true);
  base.lineage.active.push(ev);
  try {
    const added = collectStructured(ctx, ext.modules ?? [], "<unknown-file>", "", args.modules.length);
    return finish(ev, next, ctx, [...tops, ...added]);
  } finally {
    base.lineage.active.pop();
  }
}

/**
 * Evaluates a list of modules.
 *
 * @example
 * const { config } = evalModules({ modules: [
 *   { options: { port: mkOption({ type: types.port, default: 80 }) } },
 *   { port: mkForce(8080) },
 * ] });
 * config.port; // 8080
 */
export function evalModules<C = any>(args: EvalModulesArgs): EvalResult<C> {
  return evaluate(args, true);
}

/**
 * `evalModules` for the value of a submodule option: such an evaluation is rarely
 * extended (its result is not handed out), so it does not note which parts an
 * extension could share as its values are read (an extension works that out when asked).
 */
export function evalSubmodule<C = any>(
  args: EvalModulesArgs,
  typeSpecialArgs?: Record<string, unknown>,
  outer?: DefinitionContext,
): EvalResult<C> {
  return evaluate(args, false, typeSpecialArgs, undefined, 0, outer);
}

/** `typeSpecialArgs`: what modules see as their `specialArgs` argument, when not all of `args.specialArgs`. */
function evaluate<C>(
  args: EvalModulesArgs,
  noteSettled: boolean,
  typeSpecialArgs?: Record<string, unknown>,
  knownOptions?: ReadonlySet<string>,
  round = 0,
  outer?: DefinitionContext,
): EvalResult<C> {
  const specialArgs = specialArgsValues(args.specialArgs ?? {});
  let moduleType: OptionType | undefined;
  const lineage = new Lineage(undefined as unknown as RefHost);
  const ev = new Evaluation(args, lineage, undefined, noteSettled, outer);
  lineage.owner = ev;
  const ctx: CollectContext = {
    lineage,
    specialArgs,
    ...(typeSpecialArgs ? { visibleSpecialArgs: specialArgsValues(typeSpecialArgs) } : {}),
    class: args.class,
    prefix: args.prefix ?? [],
    lib,
    moduleType: () =>
      (moduleType ??= submoduleWith({ modules: args.modules, specialArgs: args.specialArgs ?? {}, class: args.class })),
  };
  lineage.knownOptions = knownOptions;
  const tops = collectStructured(ctx, args.modules, "<unknown-file>", "");
  const result = finish(ev, args, ctx, tops) as EvalResult<C>;
  if (!lineage.askedOptions) return result;
  // A module asked which options exist while modules were collected: the answers came
  // from the previous collection (none on the first); collect again until they agree.
  const paths = declaredPaths(result.modules);
  if (knownOptions && samePaths(knownOptions, paths)) return result;
  if (round >= 8) {
    throw new ModuleError({
      code: "INFINITE_RECURSION",
      message:
        "infinite recursion encountered: which options exist depends on which options exist (a module asks `options` which options there are, and declares or imports others depending on the answer).",
      hint: "Declare options unconditionally; make definitions, not declarations, depend on other options.",
    });
  }
  return evaluate(args, noteSettled, typeSpecialArgs, paths, round + 1, outer);
}

/** The paths of the options and sets of options the modules declare (each joined by NUL). */
function declaredPaths(modules: readonly NormalModule[]): Set<string> {
  const out = new Set<string>();
  const walk = (tree: unknown, path: string): void => {
    if (typeof tree !== "object" || tree === null || isOption(tree)) return;
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(tree))) {
      if (!d.enumerable) continue;
      const p = path === "" ? k : `${path}\0${k}`;
      out.add(p);
      if ("value" in d) walk(d.value, p);
    }
  };
  for (const m of modules) walk(m.options, "");
  return out;
}

function samePaths(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const p of a) if (!b.has(p)) return false;
  return true;
}

/**
 * Counters of an evaluation, for benchmarks and tests: option values taken from the
 * base (`reused`), and of those, the ones whose whole state was the base's (`shared`).
 */
export function evaluationStats(r: EvalResult): { reused: number; shared: number } {
  return r instanceof Evaluated ? { reused: r.ev.reuse.reused, shared: r.ev.reuse.shared } : { reused: 0, shared: 0 };
}
