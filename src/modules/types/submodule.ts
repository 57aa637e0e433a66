/**
 * Types whose values are modules: `submoduleWith` (each value is its own evaluation,
 * at the value's location, with `name` set to the attribute name), `submodule`,
 * `deferredModule` (modules kept for later import) and `optionType` (a type as value).
 */
import { contextOf, type Definition } from "../definition.js";
import { evalModules, evalSubmodule, internalModuleOptions, type EvalResult } from "../eval.js";
import { mergeOptionDecls } from "../declarations.js";
import { Lazy } from "../lazy.js";
import type { NormalModule } from "../normalize.js";
import { mkOption } from "../option.js";
import { isProperty, MkIf, MkMerge, MkOverride } from "../properties.js";
import { deref, refOf } from "../reference.js";
import { ModuleError } from "../errors/module-error.js";
import { staticDeclarations, staticSubmoduleConfig, type StaticDeclarations } from "../static-submodule.js";
import { isOptionType, isPlainObject, mkOptionType, type OptionType, pure } from "./option-type.js";
import type { SubmoduleValue } from "../config-of.js";

/** What `submoduleWith` takes. */
export interface SubmoduleWith {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  shorthandOnlyDefinesConfig?: boolean;
  description?: string;
  class?: string;
}

/**
 * What a module-valued type accepts: a set, a function, a path. A property (`mkIf`,
 * `mkMerge`, `mkOverride`) is a set too: one left when an override above it was
 * removed (`mkForce (mkIf c { ... })`) is a module whose configuration it is.
 */
const isModuleValue = (v: unknown) =>
  isPlainObject(v) ||
  typeof v === "function" ||
  (typeof v === "string" && v.startsWith("/")) ||
  v instanceof MkIf ||
  v instanceof MkMerge ||
  v instanceof MkOverride;

/** The modules a value's definitions contribute. */
function defModules(defs: readonly Definition[], shorthandOnlyDefinesConfig: boolean): unknown[] {
  return defs.map(({ file, value }) =>
    (isPlainObject(value) || isProperty(value)) && shorthandOnlyDefinesConfig
      ? { _file: file, config: value }
      : { _file: file, imports: [value] },
  );
}

const NAME_FILE = "<submodule name>";

/** Whether a module (other than the submodule's own) may define `_module.args.name`. */
function definesName(m: NormalModule): boolean {
  return m.file !== NAME_FILE && mayDefine(m.config, ["_module", "args", "name"], 0);
}

/** Whether a module's configuration `v` may define `path` (conditions not decided; a getter or lazy value may). */
function mayDefine(v: unknown, path: readonly string[], depth: number): boolean {
  if (v instanceof MkMerge) return v.contents.some((c) => mayDefine(c, path, depth + 1));
  if (v instanceof MkIf || v instanceof MkOverride) return mayDefine(v.content, path, depth + 1);
  if (path.length === 0) return true;
  if (!isPlainObject(v)) return typeof v === "function" || v instanceof Lazy || depth > 32;
  const d = Object.getOwnPropertyDescriptor(v, path[0]!);
  if (!d) return false;
  return !("value" in d) || mayDefine(d.value, path.slice(1), depth + 1);
}

/**
 * The evaluations of submodule values, by their configuration, once a tool asked for
 * them (`keepSubmoduleEvaluations`); by default none is kept, so that a configuration
 * holds its values only.
 */
let evaluations: WeakMap<object, EvalResult> | undefined;

function remember<C>(r: EvalResult): C {
  evaluations?.set(r.config as object, r);
  return r.config as C;
}

/** From now on, keeps the evaluation of each submodule value merged (for tools that look inside them: `tsden explain`). */
export function keepSubmoduleEvaluations(): void {
  evaluations ??= new WeakMap();
}

/** The evaluation whose configuration `value` is (a submodule's value merged while they are kept), if known. */
export function submoduleEvaluation(value: unknown): EvalResult | undefined {
  return typeof value === "object" && value !== null ? evaluations?.get(value) : undefined;
}

/**
 * A value that is a configuration of its own: an evaluation of `modules` plus the
 * definitions, with `name` (the attribute name) among its arguments.
 */
export function submoduleWith<A extends SubmoduleWith>(attrs: A): OptionType<SubmoduleValue<A["modules"]>> {
  return submoduleOf(attrs);
}

function submoduleOf<C>(attrs: SubmoduleWith): OptionType<C> {
  const { modules, specialArgs = {}, description, class: cls } = attrs;
  // `shorthandOnlyDefinesConfig` may depend on the configuration (a getter, or a value
  // read from `config` in the declaring module): it is read when a value is merged.
  const sodcRef = refOf(Object.getOwnPropertyDescriptor(attrs, "shorthandOnlyDefinesConfig")?.value);
  if (sodcRef) sodcRef.consumed = true;
  const shorthandOnlyDefinesConfig = () => deref(attrs.shorthandOnlyDefinesConfig) === true;
  const docsEval = (prefix: readonly string[]) =>
    evalModules({
      modules: [...modules, { _file: "<docs>", config: { _module: { check: false } } }],
      specialArgs: { name: "<name>", ...specialArgs },
      prefix,
      class: cls,
    });
  // The type's modules, when they only declare options: its values may then skip their evaluation (static-submodule.ts).
  let declaring: StaticDeclarations | null | undefined;
  const type: OptionType<C> = mkOptionType<C>({
    name: "submodule",
    description: () => {
      if (description !== undefined) return description;
      try {
        return docsEval([])._module.freeformType?.description ?? "submodule";
      } catch {
        return "submodule";
      }
    },
    check: isModuleValue,
    merge: (loc, defs) => {
      if (evaluations === undefined && shorthandOnlyDefinesConfig()) {
        declaring ??= staticDeclarations(modules, internalModuleOptions());
        const config = declaring && staticSubmoduleConfig(declaring, loc, defs);
        if (config) return config as C;
      }
      const name = loc[loc.length - 1];
      const nameModule = { _file: NAME_FILE, config: { _module: { args: { name } } } };
      const all = [...modules, nameModule, ...defModules(defs, shorthandOnlyDefinesConfig())];
      // `name` is the module argument `_module.args.name`, defined by the submodule. While
      // no other module defines it, it is that value, handed to the modules as a value
      // (usable while they are collected, like a specialArg). When another module does
      // (`_module.args.name = mkForce "x"`), the modules are collected again with `name`
      // an ordinary module argument, the merged `_module.args.name`, as in nixpkgs.
      // The definitions' getters and references read the configuration they were merged in.
      const outer = contextOf(defs);
      const fixed = evalSubmodule(
        { modules: all, specialArgs: { name, ...specialArgs }, prefix: loc, class: cls },
        "name" in specialArgs ? undefined : specialArgs,
        outer,
      );
      if ("name" in specialArgs || !fixed.modules.some(definesName)) return remember(fixed);
      return remember(evalSubmodule({ modules: all, specialArgs, prefix: loc, class: cls }, undefined, outer));
    },
    emptyValue: { value: {} as C },
    getSubOptions: (prefix) => {
      const docs = docsEval(prefix);
      const freeform = docs._module.freeformType;
      // The options of a freeform type's values (nixpkgs `_freeformOptions`).
      return freeform ? { ...docs.options, _freeformOptions: freeform.getSubOptions(prefix) } : docs.options;
    },
    subModules: modules,
    // A copy of the arguments that keeps getters (a `shorthandOnlyDefinesConfig` read from `config`).
    substSubModules: (m) =>
      submoduleOf<C>(
        Object.defineProperties(
          {},
          { ...Object.getOwnPropertyDescriptors(attrs), modules: { value: m, enumerable: true } },
        ) as SubmoduleWith,
      ),
    typeMerge: (_self, other) => {
      if (other.name !== "submodule") return null;
      const o = other.payload as SubmoduleWith;
      const clsA = cls ?? null;
      const clsB = o.class ?? null;
      if (clsA !== null && clsB !== null && clsA !== clsB) {
        throw new ModuleError({
          code: "DECLARATION_CONFLICT",
          message: `A submoduleWith option is declared multiple times with conflicting class values "${clsA}" and "${clsB}".`,
          hint: "Declare the option with one class.",
        });
      }
      const shared = Object.keys(specialArgs).filter((k) => k in (o.specialArgs ?? {}));
      if (shared.length)
        throw new ModuleError({
          code: "DECLARATION_CONFLICT",
          message: `A submoduleWith option is declared multiple times with the same specialArgs "${shared.join(" ")}"`,
          hint: "Give each specialArg in one declaration of the option only.",
        });
      return submoduleOf({
        modules: [...modules, ...o.modules],
        specialArgs: { ...specialArgs, ...o.specialArgs },
        get shorthandOnlyDefinesConfig() {
          return mergeShorthand(deref(attrs.shorthandOnlyDefinesConfig), deref(o.shorthandOnlyDefinesConfig));
        },
        description: description ?? o.description,
        class: cls ?? o.class,
      });
    },
    payload: attrs,
  });
  // Its modules are looked at where it matters (static definitions, settled.ts).
  return pure(type);
}

/** Two declarations' `shorthandOnlyDefinesConfig`: one given wins over none; two must agree. */
function mergeShorthand(a: unknown, b: unknown): boolean | undefined {
  if (a === undefined || a === null) return b as boolean | undefined;
  if (b === undefined || b === null || a === b) return a as boolean;
  throw new ModuleError({
    code: "DECLARATION_CONFLICT",
    message: "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values",
    hint: "Give every declaration of the option the same shorthandOnlyDefinesConfig, or leave it out of all but one.",
  });
}

/**
 * A submodule: a set of options inside an option. Plain object definitions are its
 * configuration (shorthand only defines config).
 *
 * @example types.attrsOf(types.submodule({ options: { mem: mkOption({ type: types.int, default: 512 }) } }))
 */
export function submodule<M>(modules: M): OptionType<SubmoduleValue<M>> {
  return submoduleOf({ modules: Array.isArray(modules) ? modules : [modules], shorthandOnlyDefinesConfig: true });
}

/** Modules kept to be imported elsewhere; the value is `{ imports: [...] }`. */
export function deferredModuleWith(
  attrs: { staticModules?: readonly unknown[] } = {},
): OptionType<{ imports: unknown[] }> {
  const staticModules = attrs.staticModules ?? [];
  return mkOptionType<{ imports: unknown[] }>({
    name: "deferredModule",
    description: "module",
    descriptionClass: "noun",
    check: isModuleValue,
    merge: (loc, defs) => ({
      imports: [
        ...staticModules,
        ...defs.map((d) => ({ _file: `${d.file}, via option ${loc.join(".")}`, imports: [d.value] })),
      ],
    }),
    getSubOptions: (prefix) => submoduleWith({ modules: staticModules }).getSubOptions(prefix),
    subModules: staticModules,
    substSubModules: (m) => deferredModuleWith({ staticModules: m }),
    typeMerge: (_self, other) =>
      other.name === "deferredModule"
        ? deferredModuleWith({ staticModules: [...staticModules, ...(other.subModules ?? [])] })
        : null,
  });
}
/** A module to be imported elsewhere. */
export const deferredModule = deferredModuleWith();

/** An option type as a value; several definitions merge as declarations would. */
export const optionType: OptionType<OptionType> = mkOptionType<OptionType>({
  name: "optionType",
  description: "optionType",
  descriptionClass: "noun",
  check: isOptionType,
  merge: (loc, defs) => {
    if (defs.length === 1) return defs[0]!.value as OptionType;
    return mergeOptionDecls(
      loc,
      defs.map((d) => ({ file: d.file, value: mkOption({ type: d.value as OptionType }) })),
    ).type;
  },
});
