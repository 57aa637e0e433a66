/**
 * Renamed, aliased, removed, changed and merged options (nixpkgs lib/modules.nix
 * `doRename`, `mk*OptionModule`, `mkAliasDefinitions`).
 *
 * Semantics: the old path stays declared (hidden from the docs, except for aliases).
 * Its definitions are forwarded to the new path with their priority, and reading the
 * old path gives the new option's value. A rename adds its warning to
 * `config.warnings` only when the evaluation declares `warnings` (see
 * `assertionsModule`), as the reference does. A removed option adds a failed
 * assertion when it is defined, and reading it is an error. Changed and merged
 * options compute the new value from the old ones with a function of `config`.
 *
 * Everything that reads `config` or `options` is deferred (`lazy`, getters, `mkIf`
 * with a function), so these modules take no reference while modules are collected.
 */
import { setAttrByPath } from "./attrsets.js";
import { ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { lazy } from "./lazy.js";
import { mkOption } from "./option.js";
import { mkIf, mkMerge, mkOverride, type Condition } from "./properties.js";
import { priorities } from "./priority.js";
import { deref, refOf } from "./reference.js";
import { isPlainObject, mkOptionType, type OptionType } from "./types/option-type.js";
import { submodule } from "./types/submodule.js";
import { warn } from "./warn.js";

/** An option path: `["services", "web", "port"]`. */
export type OptionPath = readonly string[];

/** The module functions these helpers return. */
export type RenameModule = (args: { config: any; options: any }) => {
  options: Record<string, unknown>;
  config: unknown;
};

/** The parts of an evaluated option the helpers read. */
interface OptionView {
  _type: "option";
  type: OptionType;
  isDefined: boolean;
  highestPrio?: number;
  definitions: readonly unknown[];
  files: readonly string[];
  definitionsWithLocations?: readonly { file: string; line?: number; value: unknown }[];
}

const isOptionView = (v: unknown): v is OptionView =>
  (typeof v === "object" || typeof v === "function") && v !== null && (v as { _type?: unknown })._type === "option";

/** The value at `path` under `root` (references followed), or `missing` when absent. */
function attrByPath(path: OptionPath, root: unknown, missing: () => unknown): unknown {
  let v = root;
  for (const k of path) {
    const o = deref(v);
    if ((typeof o !== "object" && typeof o !== "function") || o === null || !(k in o)) return missing();
    v = (o as Record<string, unknown>)[k];
  }
  return deref(v);
}

/** Deep union of declaration trees (nixpkgs `recursiveUpdate`, right wins on leaves). */
function recursiveUpdate(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] = isPlainObject(old) && isPlainObject(v) ? recursiveUpdate(old, v) : v;
  }
  return out;
}

/** The evaluated option at `path`; an error naming the path when there is none. */
function optionAt(options: unknown, path: OptionPath): OptionView {
  const o = attrByPath(path, options, () => undefined);
  if (!isOptionView(o)) {
    throw new ModuleError({
      code: "UNKNOWN_OPTION",
      message: `The option \`${showOption(path)}' does not exist.`,
      optionPath: path,
    });
  }
  return o;
}

/** Files as the reference lists them in these messages: "`a' and `b'". */
const showFiles = (files: readonly string[]) => files.map((f) => `\`${f}'`).join(" and ");

/**
 * The type of an old option path: the new option's type, looked up when first needed
 * (declarations are merged before any option exists). Without a new option (a path
 * into a submodule value), `submodule {}` as in the reference.
 */
function aliasType(options: unknown, to: OptionPath): OptionType {
  const target = (): OptionType => {
    const o = attrByPath(to, options, () => undefined);
    return isOptionView(o) ? o.type : submodule({});
  };
  const type = mkOptionType({
    name: "alias",
    description: () => target().description,
    check: (v) => target().check(v),
    merge: (loc, defs) => target().merge(loc, defs),
    getSubOptions: (prefix) => target().getSubOptions(prefix),
  });
  for (const k of ["name", "descriptionClass", "emptyValue", "nestedTypes", "payload"] as const) {
    Object.defineProperty(type, k, { enumerable: true, configurable: true, get: () => target()[k] });
  }
  return type;
}

/**
 * `mkIf(option is defined, content)`: the shape of every alias of definitions.
 * `option` may be a reference (`options.a.b`) taken in a module body.
 */
export function mkAliasIfDef<T>(option: unknown, content: T): T {
  return mkIf(() => {
    const o = deref(option);
    return isOptionView(o) && o.isDefined;
  }, content);
}

/**
 * Forwards the definitions of `option` (with their `mkIf`/`mkMerge` already decided,
 * priorities dropped) through `wrap`.
 */
export function mkAliasAndWrapDefinitions<T>(wrap: (defs: unknown) => T, option: unknown): T {
  return mkAliasIfDef(option, wrap(lazy(() => mkMerge((deref(option) as OptionView).definitions))));
}

/**
 * Forwards all definitions of `option` to where it is used, e.g.
 * `config: { foo: { enable: mkAliasDefinitions(options.bar.enable) } }`.
 * Priorities are not kept (see {@link mkAliasAndWrapDefsWithPriority}).
 */
export function mkAliasDefinitions<T = unknown>(option: unknown): T {
  return mkAliasAndWrapDefinitions((defs) => defs as T, option);
}

/**
 * As {@link mkAliasAndWrapDefinitions}, keeping the priority of the option's winning
 * definitions (plain when unknown), so `mkDefault`/`mkForce` survive the forwarding.
 */
export function mkAliasAndWrapDefsWithPriority<T>(wrap: (defs: unknown) => T, option: unknown): T {
  return mkAliasIfDef(
    option,
    wrap(
      lazy(() => {
        const o = deref(option) as OptionView;
        const prio = o.highestPrio ?? priorities.plain;
        return mkMerge(o.definitions.map((d) => mkOverride(prio, d)));
      }),
    ),
  );
}

/** What {@link doRename} takes. */
export interface DoRenameArgs {
  /** The old option path. */
  from: OptionPath;
  /** The new option path. */
  to: OptionPath;
  /** Whether the old option shows in the documentation. */
  visible: boolean | "shallow" | "transparent";
  /** Whether a definition of the old option adds a warning. */
  warn: boolean;
  /** Maps the new option's value to the old option's value. */
  use: (value: unknown) => unknown;
  /** Whether the definitions keep their priority (default true). */
  withPriority?: boolean;
  /** When the forwarding applies (default true), e.g. to avoid creating an `attrsOf` entry. */
  condition?: Condition;
}

/**
 * A module that declares `from` as an alias of `to`: definitions of `from` are
 * forwarded to `to`, reading `from` gives `use(config.to)`.
 */
export function doRename(args: DoRenameArgs): RenameModule {
  const { from, to, visible, warn, use, withPriority = true, condition = true } = args;
  // A condition read from `config` in the module that calls doRename is used later, by mkIf.
  const ref = refOf(condition);
  if (ref) ref.consumed = true;
  return ({ config, options }) => ({
    options: setAttrByPath(
      from,
      mkOption({
        visible,
        description: `Alias of {option}\`${showOption(to)}\`.`,
        type: aliasType(options, to),
        apply: () =>
          use(
            attrByPath(to, config, () => {
              throw new ModuleError({
                code: "UNKNOWN_OPTION",
                message: `Renaming error: option \`${showOption(to)}' does not exist.`,
                optionPath: to,
              });
            }),
          ),
      }),
    ),
    config: lazy(() => {
      const fromOpt = () => optionAt(options, from);
      const forward = withPriority ? mkAliasAndWrapDefsWithPriority : mkAliasAndWrapDefinitions;
      const warnings =
        "warnings" in options
          ? {
              warnings: lazy(() =>
                warn && fromOpt().isDefined
                  ? [
                      `The option \`${showOption(from)}' defined in ${showFiles(fromOpt().files)} has been renamed to \`${showOption(to)}'.`,
                    ]
                  : [],
              ),
            }
          : {};
      return mkIf(condition, mkMerge([warnings, forward((defs) => setAttrByPath(to, defs), lazy(fromOpt))]));
    }),
  });
}

/**
 * The option `from` was renamed to `to`: its definitions are forwarded (priorities
 * kept) with the warning "The option `from' defined in `file' has been renamed to `to'."
 *
 * @example imports: [mkRenamedOptionModule(["boot", "copyKernels"], ["boot", "loader", "grub", "copyKernels"])]
 */
export function mkRenamedOptionModule(from: OptionPath, to: OptionPath): RenameModule {
  return doRename({ from, to, visible: false, warn: true, use: (x) => x });
}

/**
 * The oldest release (nixpkgs numbering, YYMM) still supported, which
 * {@link mkRenamedOptionModuleWith} compares a rename's `sinceRelease` with: renames
 * made in it or before warn, newer ones do not yet (so that configurations shared with
 * older releases need not change at once). It follows the nixpkgs lib the module
 * system mirrors.
 */
export const oldestSupportedRelease = 2505;

/**
 * As {@link mkRenamedOptionModule}, but the warnings (a definition of `from`, and a
 * read of it: "Obsolete option `from' is used. It was renamed to `to'.") only start
 * once `sinceRelease` is at most {@link oldestSupportedRelease}.
 *
 * @example imports: [mkRenamedOptionModuleWith({ from: ["a"], to: ["b"], sinceRelease: 2411 })]
 */
export function mkRenamedOptionModuleWith(args: {
  from: OptionPath;
  to: OptionPath;
  sinceRelease: number;
}): RenameModule {
  const { from, to, sinceRelease } = args;
  const warns = sinceRelease <= oldestSupportedRelease;
  return doRename({
    from,
    to,
    visible: false,
    warn: warns,
    use: (x) => {
      if (warns) warn(`Obsolete option \`${showOption(from)}' is used. It was renamed to \`${showOption(to)}'.`);
      return x;
    },
  });
}

/** As {@link mkRenamedOptionModule}, without a warning, and visible in the documentation. */
export function mkAliasOptionModule(from: OptionPath, to: OptionPath): RenameModule {
  return doRename({ from, to, visible: true, warn: false, use: (x) => x });
}

/**
 * The option `optionName` was removed: defining it adds a failed assertion (with
 * `replacementInstructions`), reading it is a `REMOVED_OPTION` error.
 *
 * @example imports: [mkRemovedOptionModule(["services", "old"], "Use services.new instead.")]
 */
export function mkRemovedOptionModule(optionName: OptionPath, replacementInstructions: string): RenameModule {
  return ({ options }) => {
    const opt = () => optionAt(options, optionName);
    return {
      options: setAttrByPath(
        optionName,
        mkOption({
          visible: false,
          apply: (): never => {
            throw new ModuleError({
              code: "REMOVED_OPTION",
              message: `The option \`${showOption(optionName)}' can no longer be used since it's been removed. ${replacementInstructions}`,
              optionPath: optionName,
              definitions: opt().definitionsWithLocations ?? [],
            });
          },
        }),
      ),
      config: {
        assertions: [
          {
            get assertion() {
              return !opt().isDefined;
            },
            get message() {
              return `The option definition \`${showOption(optionName)}' in ${showFiles(opt().files)} no longer has any effect; please remove it.\n${replacementInstructions}\n`;
            },
          },
        ],
      },
    };
  };
}

/** The default of the old options of {@link mkMergedOptionModule}: "not defined". */
const unset = "_mkMergedOptionModule";

/**
 * Several options `from` became the option `to`: when any of them is defined, `to`
 * is defined as `mergeFn(config)` (undefined old options read as the string
 * "_mkMergedOptionModule"), and each defined old option adds a warning. Needs the
 * `warnings` option (`assertionsModule`), as in the reference.
 */
export function mkMergedOptionModule(
  from: readonly OptionPath[],
  to: OptionPath,
  mergeFn: (config: any) => unknown,
): RenameModule {
  return ({ config, options }) => {
    const isSet = (f: OptionPath) => attrByPath(f, config, () => unset) !== unset;
    return {
      options: from.reduce<Record<string, unknown>>(
        (acc, path) => recursiveUpdate(acc, setAttrByPath(path, mkOption({ visible: false, default: unset }))),
        {},
      ),
      config: {
        warnings: lazy(() =>
          from
            .filter(isSet)
            .map(
              (f) =>
                `The option \`${showOption(f)}' defined in ${showFiles(optionAt(options, f).files)} has been changed to \`${showOption(to)}' that has a different type. Please read \`${showOption(to)}' documentation and update your configuration accordingly.`,
            ),
        ),
        ...setAttrByPath(
          to,
          mkIf(
            () => from.some(isSet),
            lazy(() => mergeFn(config)),
          ),
        ),
      },
    };
  };
}

/**
 * The option `from` became `to` with another type: `to` is `changeFn(config)` when
 * `from` is defined, with a warning.
 *
 * @example mkChangedOptionModule(["high"], ["level"], (config) => (config.high ? "high" : "normal"))
 */
export function mkChangedOptionModule(
  from: OptionPath,
  to: OptionPath,
  changeFn: (config: any) => unknown,
): RenameModule {
  return mkMergedOptionModule([from], to, changeFn);
}
