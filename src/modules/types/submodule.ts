/**
 * Types whose values are modules: `submoduleWith` (each value is its own evaluation,
 * at the value's location, with `name` set to the attribute name), `submodule`,
 * `deferredModule` (modules kept for later import) and `optionType` (a type as value).
 */
import type { Definition } from "../definition.js";
import { evalModules, evalSubmodule } from "../eval.js";
import { mergeOptionDecls } from "../declarations.js";
import { mkOption } from "../option.js";
import { isOptionType, isPlainObject, mkOptionType, type OptionType } from "./option-type.js";

/** What `submoduleWith` takes. */
export interface SubmoduleWith {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  shorthandOnlyDefinesConfig?: boolean;
  description?: string;
  class?: string;
}

const isModuleValue = (v: unknown) => isPlainObject(v) || typeof v === "function" || (typeof v === "string" && v.startsWith("/"));

/** The modules a value's definitions contribute. */
function defModules(defs: readonly Definition[], shorthandOnlyDefinesConfig: boolean): unknown[] {
  return defs.map(({ file, value }) =>
    isPlainObject(value) && shorthandOnlyDefinesConfig ? { _file: file, config: value } : { _file: file, imports: [value] },
  );
}

/**
 * A value that is a configuration of its own: an evaluation of `modules` plus the
 * definitions, with `name` (the attribute name) among its arguments.
 */
export function submoduleWith<C = any>(attrs: SubmoduleWith): OptionType<C> {
  const { modules, specialArgs = {}, shorthandOnlyDefinesConfig = false, description, class: cls } = attrs;
  const docsEval = (prefix: readonly string[]) =>
    evalModules({
      modules: [...modules, { _file: "<docs>", config: { _module: { check: false } } }],
      specialArgs: { name: "<name>", ...specialArgs },
      prefix,
      class: cls,
    });
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
    merge: (loc, defs) =>
      evalSubmodule({
        modules: [...modules, { _file: "<submodule name>", config: { _module: { args: { name: loc[loc.length - 1] } } } }, ...defModules(defs, shorthandOnlyDefinesConfig)],
        specialArgs: { name: loc[loc.length - 1], ...specialArgs },
        prefix: loc,
        class: cls,
      }).config as C,
    emptyValue: { value: {} as C },
    getSubOptions: (prefix) => docsEval(prefix).options,
    subModules: modules,
    substSubModules: (m) => submoduleWith({ ...attrs, modules: m }),
    typeMerge: (_self, other) => {
      if (other.name !== "submodule") return null;
      const o = other.payload as SubmoduleWith;
      const clsA = cls ?? null;
      const clsB = o.class ?? null;
      if (clsA !== null && clsB !== null && clsA !== clsB) {
        throw new Error(`A submoduleWith option is declared multiple times with conflicting class values "${clsA}" and "${clsB}".`);
      }
      const shared = Object.keys(specialArgs).filter((k) => k in (o.specialArgs ?? {}));
      if (shared.length) throw new Error(`A submoduleWith option is declared multiple times with the same specialArgs "${shared.join(" ")}"`);
      return submoduleWith({
        modules: [...modules, ...o.modules],
        specialArgs: { ...specialArgs, ...o.specialArgs },
        shorthandOnlyDefinesConfig: attrs.shorthandOnlyDefinesConfig ?? o.shorthandOnlyDefinesConfig,
        description: description ?? o.description,
        class: cls ?? o.class,
      });
    },
    payload: attrs,
  });
  return type;
}

/**
 * A submodule: a set of options inside an option. Plain object definitions are its
 * configuration (shorthand only defines config).
 *
 * @example types.attrsOf(types.submodule({ options: { mem: mkOption({ type: types.int, default: 512 }) } }))
 */
export function submodule<C = any>(modules: unknown): OptionType<C> {
  return submoduleWith({ modules: Array.isArray(modules) ? modules : [modules], shorthandOnlyDefinesConfig: true });
}

/** Modules kept to be imported elsewhere; the value is `{ imports: [...] }`. */
export function deferredModuleWith(attrs: { staticModules?: readonly unknown[] } = {}): OptionType<{ imports: unknown[] }> {
  const staticModules = attrs.staticModules ?? [];
  return mkOptionType<{ imports: unknown[] }>({
    name: "deferredModule",
    description: "module",
    descriptionClass: "noun",
    check: isModuleValue,
    merge: (loc, defs) => ({
      imports: [...staticModules, ...defs.map((d) => ({ _file: `${d.file}, via option ${loc.join(".")}`, imports: [d.value] }))],
    }),
    getSubOptions: (prefix) => submoduleWith({ modules: staticModules }).getSubOptions(prefix),
    subModules: staticModules,
    substSubModules: (m) => deferredModuleWith({ staticModules: m }),
    typeMerge: (_self, other) =>
      other.name === "deferredModule" ? deferredModuleWith({ staticModules: [...staticModules, ...(other.subModules ?? [])] }) : null,
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
    return mergeOptionDecls(loc, defs.map((d) => ({ file: d.file, value: mkOption({ type: d.value as OptionType }) }))).type;
  },
});

