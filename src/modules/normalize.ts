/**
 * Module shapes (nixpkgs `unifyModuleSyntax`): a module given as a full form, a
 * shorthand, or a top-level property becomes one normal form.
 */
import { types } from "node:util";
import { ModuleError } from "./errors/module-error.js";
import { getterOf } from "./plain-object.js";
import { isProperty, MkIf, MkMerge, MkOverride } from "./properties.js";
import { collectingError, isRef, refInfo, refOf } from "./reference.js";
import { isOptionType, type OptionType } from "./types/option-type.js";

/** A module in normal form. */
export interface NormalModule {
  file: string;
  key: string;
  class?: string;
  imports: readonly unknown[];
  disabledModules: readonly unknown[];
  /** The option declaration tree (plain objects with `mkOption` leaves). */
  options: Record<string, unknown>;
  /** The configuration: an object tree, or a property wrapping one. */
  config: unknown;
  /** A freeform type this module gives to the evaluation. */
  freeformType?: OptionType;
  meta?: unknown;
  /** The module's identity in definition lists, made when it is first indexed (definition-index.ts). */
  origin?: { readonly file: string };
}

/** The declarations of a module that declares nothing (shared, never written). */
export const EMPTY_OPTIONS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const fullKeys = new Set([
  "_class",
  "_file",
  "key",
  "disabledModules",
  "imports",
  "options",
  "config",
  "meta",
  "freeformType",
]);
const shorthandMeta = new Set(["_class", "_file", "key", "disabledModules", "imports", "freeformType"]);

/**
 * Turns a module value (not a function) into normal form. `returned`: the value a
 * module function returned, which is taken as a module without looking at its kind
 * (so an `mkMerge` is its configuration, as in nixpkgs, where only a module given as a
 * value is checked to be one).
 */
export function normalizeModule(m: unknown, file: string, key: string, returned = false): NormalModule {
  if (m instanceof MkIf || m instanceof MkOverride || (returned && m instanceof MkMerge))
    return { file, key, imports: [], disabledModules: [], options: {}, config: m };
  if (isProperty(m)) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `Expected a module, but found a value of type "${m instanceof MkMerge ? "merge" : "order"}" in \`${file}'.`,
      hint: "Wrap it: { config: mkMerge([...]) }.",
    });
  }
  if (typeof m !== "object" || m === null || Array.isArray(m) || isRef(m)) {
    const ref = refInfo(m);
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: ref
        ? `A module in \`${file}' is \`${ref.path}', a value of the configuration; modules are needed before configuration values exist.`
        : `module ${file} (${key}) does not look like a module. It is ${Array.isArray(m) ? "a list" : typeof m === "object" ? "null" : `a ${typeof m}`}.`,
      hint: "A module is an object ({ options, config, imports }), a shorthand object of configuration, or a function returning one.",
    });
  }
  if (types.isPromise(m) || typeof (m as { then?: unknown }).then === "function") {
    // Its outcome is not awaited: a rejection must not surface later as an unhandled one.
    if (types.isPromise(m)) m.catch(() => {});
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `A module in \`${file}' is a Promise (an async function, or a value still loading): modules are needed at once.`,
      optionPath: [],
      definitions: [{ file }],
      hint: "Remove `async' from the module function: load what it awaits before evalModules (or with a top-level await in the module's file) and pass the result in.",
    });
  }
  const o = m as Record<string, unknown>;
  const f = typeof o._file === "string" ? o._file : file;
  const k = o.key !== undefined ? String(o.key) : key;
  const imports = checkList(o.imports, "imports", f);
  const disabledModules = checkList(o.disabledModules, "disabledModules", f);
  const cls = o._class === undefined || o._class === null ? undefined : String(o._class);
  let freeformType: OptionType | undefined;
  if (o.freeformType !== undefined && o.freeformType !== null) {
    if (!isOptionType(o.freeformType)) {
      throw new ModuleError({
        code: "INVALID_MODULE",
        message: `The module \`${f}' has a \`freeformType' that is not an option type.`,
      });
    }
    freeformType = o.freeformType;
  }
  if ("config" in o || "options" in o) {
    const unknown = onlyFullKeys(o) ? [] : Object.keys(o).filter((x) => !fullKeys.has(x));
    if (unknown.length > 0) {
      throw new ModuleError({
        code: "INVALID_MODULE",
        message: `Module \`${key}' has an unsupported attribute \`${unknown[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${unknown.sort().join(" ")}) into the explicit \`config' attribute.`,
        hint: `Move \`${unknown[0]}' under \`config', or remove the \`config'/\`options' keys to use the shorthand form.`,
      });
    }
    return {
      file: f,
      key: k,
      class: cls,
      imports,
      disabledModules,
      options: (o.options as Record<string, unknown>) ?? {},
      config: "meta" in o ? new MkMerge([o.config ?? {}, { meta: o.meta }]) : (o.config ?? {}),
      freeformType,
      meta: o.meta,
    };
  }
  let config: Record<string, unknown> = o;
  if (hasShorthandMeta(o)) {
    config = {};
    for (const name of Object.keys(o)) {
      if (shorthandMeta.has(name)) continue;
      // A data property is copied as its value; a getter as itself (it runs when its definition is read).
      if (name !== "__proto__" && getterOf(o, name) === undefined) config[name] = o[name];
      else Object.defineProperty(config, name, { ...Object.getOwnPropertyDescriptor(o, name)!, enumerable: true });
    }
  }
  return { file: f, key: k, class: cls, imports, disabledModules, options: EMPTY_OPTIONS, config, freeformType };
}

function onlyFullKeys(o: object): boolean {
  for (const name in o) if (!fullKeys.has(name) && Object.hasOwn(o, name)) return false;
  return true;
}

function hasShorthandMeta(o: object): boolean {
  for (const name in o) if (shorthandMeta.has(name) && Object.hasOwn(o, name)) return true;
  return false;
}

/** The `imports` or `disabledModules` of a module that gives none (shared, never written). */
export const NO_MODULES: readonly unknown[] = Object.freeze([]);

function checkList(v: unknown, what: string, file: string): readonly unknown[] {
  if (v === undefined || v === null) return NO_MODULES;
  const ref = refOf(v);
  if (ref) throw collectingError(ref, `in \`${what}'`);
  if (!Array.isArray(v)) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `The \`${what}' of module \`${file}' is ${isRef(v) ? "read from the configuration" : "not a list"}.`,
      hint: isRef(v)
        ? "imports are collected before any configuration value exists: they may depend on specialArgs, never on config or _module.args."
        : `Write \`${what}: [ ... ]'.`,
    });
  }
  for (const x of v) {
    if (Array.isArray(x)) {
      throw new ModuleError({
        code: "INVALID_MODULE",
        message: `Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions:\n- In \`${file}'`,
        hint: "Flatten it: imports: [...a, ...b].",
      });
    }
  }
  return v;
}
