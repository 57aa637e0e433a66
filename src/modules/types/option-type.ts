/**
 * The recipe every option type follows (as nixpkgs `mkOptionType`): a name, a
 * description, a shallow `check`, a `merge` of the checked definitions, an optional
 * empty value, the sub-options and sub-modules it holds, and how it merges with a
 * second declaration of the same option.
 */
import type { Definition } from "../definition.js";

/** An option type. */
export interface OptionType<T = unknown> {
  readonly _tag: "option-type";
  /** The type's name (`options.x.type.name`). */
  readonly name: string;
  /**
   * What type merging compares (nixpkgs `functor.name`): two declarations merge only
   * when these are equal. The name, except for a type that refines another by a check
   * (`ints.between`, `port`): that one merges as the type it refines.
   */
  readonly functorName: string;
  /** Human description, as in "is not of type `signed integer'". */
  readonly description: string;
  /** How the description nests inside others ("noun", "conjunction", "composite"). */
  readonly descriptionClass?: "noun" | "conjunction" | "composite" | "nonRestrictiveClause";
  /** Shallow check of one definition's value; deep checks happen in `merge`. */
  check(value: unknown): boolean;
  /**
   * Merges the definitions (already checked) into the option's value. Each definition's
   * value is followed at its top (no reference, no `lazy` wrapper); values inside it are
   * as the module wrote them (see `force`).
   */
  merge(loc: readonly string[], defs: readonly Definition[]): T;
  /** The value when nothing is defined, where the type has one (`[]` for lists). */
  readonly emptyValue?: { value: T };
  /** The options a value of this type declares, for documentation. */
  getSubOptions(prefix: readonly string[]): Record<string, unknown>;
  /** The modules of a submodule type, or null. */
  readonly subModules: readonly unknown[] | null;
  /** The same type with other sub-modules (for declarations nested into it). */
  substSubModules(modules: readonly unknown[]): OptionType<T>;
  /** The type that serves two declarations of this option, or null when they cannot merge. */
  typeMerge(other: OptionType): OptionType | null;
  /** The type's parameters, compared by `typeMerge`. */
  readonly payload?: unknown;
  /** Element types by role ("elemType", "left", "right", ...). */
  readonly nestedTypes: Readonly<Record<string, OptionType>>;
  /** A message shown when the type is used, if it is deprecated. */
  readonly deprecationMessage?: string;
  /**
   * The TypeScript type of its values (`string`), for declarations generated from
   * options (`tsden types`), when its name does not say it: a type of its own that
   * refines a string by a check, say.
   */
  readonly tsType?: string;
  /**
   * Whether definitions that are all this same primitive value (checked) merge to it,
   * so the merge can be skipped: true for types merged by `mergeEqualOption`.
   */
  mergesEqual?(value: unknown): boolean;
  /**
   * The type as nixpkgs type merging sees it (`functor`: `name`, `payload`, `type`,
   * `binOp`, and the deprecated `wrapped`), for code ported from nixpkgs. Made when
   * first read.
   */
  readonly functor: TypeFunctor;
}

/**
 * nixpkgs' description of a type for merging: its `name` (the functor name), its
 * parameters (`payload`), the function making the type from a payload (`type`), how
 * two payloads merge (`binOp`, null: they do not), and `wrapped`, the element type of
 * a type built on one, deprecated in favour of `nestedTypes.elemType` (reading it
 * warns, see {@link warn}).
 */
export interface TypeFunctor {
  readonly name: string;
  readonly payload: unknown;
  readonly type: ((payload: any) => OptionType) | null;
  readonly binOp: (a: any, b: any) => unknown;
  readonly wrapped: OptionType | null;
}

/** The parts of an option type a definition gives; the rest have defaults. */
export interface OptionTypeSpec<T> {
  name: string;
  /** See {@link OptionType.functorName}; `name` when absent. */
  functorName?: string;
  /** A string, or a function computing it when first asked (descriptions of nested types). */
  description?: string | (() => string);
  descriptionClass?: OptionType["descriptionClass"];
  check?: (value: unknown) => boolean;
  merge?: (loc: readonly string[], defs: readonly Definition[]) => T;
  emptyValue?: { value: T };
  getSubOptions?: (prefix: readonly string[]) => Record<string, unknown>;
  subModules?: readonly unknown[] | null;
  substSubModules?: (modules: readonly unknown[]) => OptionType<T>;
  typeMerge?: (self: OptionType<T>, other: OptionType) => OptionType | null;
  payload?: unknown;
  nestedTypes?: Record<string, OptionType>;
  deprecationMessage?: string;
  /** See {@link OptionType.tsType}. */
  tsType?: string;
  /** See {@link OptionType.mergesEqual}; given by default when `merge` is `mergeEqualOption`. */
  mergesEqual?: (value: unknown) => boolean;
  /**
   * The nixpkgs functor, for types ported from nixpkgs that merge by one: with it (and
   * no `typeMerge`), two declarations merge as nixpkgs `defaultTypeMerge` says (equal
   * names; then `binOp` of the payloads, or the merged `wrapped` types).
   */
  functor?: Partial<TypeFunctor>;
}

/**
 * Makes an option type. Without `typeMerge`, two declarations merge when the functor
 * names are equal and the payloads are deeply equal (or both absent).
 *
 * @example
 * const evenInt = mkOptionType({ name: "evenInt", description: "even integer",
 *   check: (v) => Number.isInteger(v) && (v as number) % 2 === 0, merge: mergeEqualOption });
 */
export function mkOptionType<T>(spec: OptionTypeSpec<T>): OptionType<T> {
  const type: OptionType<T> = {
    _tag: "option-type",
    name: spec.name,
    functorName: spec.functorName ?? spec.name,
    description: "",
    descriptionClass: spec.descriptionClass,
    check: spec.check ?? (() => true),
    merge: spec.merge ?? (mergeDefaultOption as (loc: readonly string[], defs: readonly Definition[]) => T),
    emptyValue: spec.emptyValue,
    getSubOptions: spec.getSubOptions ?? (() => ({})),
    subModules: spec.subModules ?? null,
    substSubModules: spec.substSubModules ?? (() => type),
    typeMerge: (other) =>
      spec.typeMerge
        ? spec.typeMerge(type, other)
        : spec.functor
          ? defaultTypeMerge(type.functor, other.functor)
          : other.functorName === type.functorName && payloadEqual(type.payload, other.payload)
            ? type
            : null,
    payload: spec.payload,
    nestedTypes: spec.nestedTypes ?? {},
    deprecationMessage: spec.deprecationMessage,
    ...(spec.tsType !== undefined ? { tsType: spec.tsType } : {}),
    mergesEqual: spec.mergesEqual ?? (spec.merge === mergeEqualOption ? always : undefined),
    get functor(): TypeFunctor {
      return functorOf(this, spec.functor);
    },
  };
  const d = spec.description;
  if (typeof d === "function") {
    let cached: string | undefined;
    Object.defineProperty(type, "description", { enumerable: true, get: () => (cached ??= d()) });
  } else {
    (type as { description: string }).description = d ?? spec.name;
  }
  return type;
}

const always = () => true;

/** The library's own types whose check and merge run no code of the user (see {@link pure}). */
const pureTypes = new WeakSet<object>();

/**
 * Marks `t`, made by the library, as running no code of the user in its check and merge
 * (none given to it, and its element types `parts` are such types too): merging static
 * definitions with it reads no configuration. Types made by `mkOptionType` elsewhere
 * are never marked.
 */
export function pure<T>(t: OptionType<T>, ...parts: readonly OptionType[]): OptionType<T> {
  for (const p of parts) if (!pureTypes.has(p)) return t;
  pureTypes.add(t);
  return t;
}

/** Whether `t` is marked by {@link pure}. */
export function isPureType(t: OptionType): boolean {
  return pureTypes.has(t);
}

/** The functor of `t`: the one its spec gave, completed, else one made from its name, payload and nested types. */
function functorOf(t: OptionType, given: Partial<TypeFunctor> | undefined): TypeFunctor {
  if (given) return { ...defaultFunctor(t.functorName), ...given };
  const elemType = t.nestedTypes.elemType;
  const nested = Object.keys(t.nestedTypes).length > 0;
  return {
    name: t.functorName,
    payload: nested ? { elemType: elemType ?? t.nestedTypes } : (t.payload ?? null),
    type: null,
    binOp: (a, b) => (payloadEqual(a, b) ? a : null),
    get wrapped(): OptionType | null {
      if (!nested) return null;
      warn(
        "The deprecated `functor.wrapped` attribute is accessed, use `nestedTypes.elemType` instead.",
        "DEPRECATED_FUNCTOR_WRAPPED",
      );
      return elemType ?? null;
    },
  };
}

/**
 * nixpkgs `types.defaultFunctor name`: a functor without payload or wrapped type, whose
 * payloads never merge.
 */
export function defaultFunctor(name: string): TypeFunctor {
  return { name, payload: null, type: null, binOp: () => null, wrapped: null };
}

/**
 * nixpkgs `defaultTypeMerge`: the type serving two declarations whose types have the
 * functors `f` and `g`, or null when they do not merge.
 */
export function defaultTypeMerge(f: TypeFunctor, g: TypeFunctor): OptionType | null {
  if (f.name !== g.name) return null;
  const hasPayload = f.payload !== null && f.payload !== undefined;
  const hasWrapped = f.wrapped !== null && f.wrapped !== undefined;
  if (hasPayload) {
    if (hasWrapped) {
      throw new ModuleError({
        code: "DECLARATION_CONFLICT",
        message: `Type ${f.name} defines both \`functor.payload\` and \`functor.wrapped\` at the same time, which is not supported.`,
        hint: "Use either `functor.payload` or `functor.wrapped` but not both. If your code worked before, remove either `functor.wrapped` or `functor.payload` from the type definition.",
      });
    }
    const merged = f.binOp(f.payload, g.payload);
    return merged === null || merged === undefined || !f.type ? null : f.type(merged);
  }
  if (hasWrapped) {
    const merged = g.wrapped ? f.wrapped!.typeMerge(g.wrapped) : null;
    return merged === null || !f.type ? null : f.type(merged);
  }
  return f.type ? (f.type as () => OptionType)() : null;
}

/** Whether `v` is an option type. */
export function isOptionType(v: unknown): v is OptionType {
  return typeof v === "object" && v !== null && (v as { _tag?: unknown })._tag === "option-type";
}

function payloadEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof RegExp && b instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => payloadEqual(x, b[i]));
  return false;
}

/**
 * The merge of `unspecified` (nixpkgs `mergeDefaultOption`): one definition is taken
 * as is; otherwise lists concatenate, objects merge shallowly, booleans or, and all
 * other values must be equal.
 */
export function mergeDefaultOption(loc: readonly string[], defs: readonly Definition[]): unknown {
  const list = defs.map((d) => d.value);
  if (list.length === 1) return list[0];
  if (list.every((v) => typeof v === "function")) {
    return (x: unknown) =>
      mergeDefaultOption(
        loc,
        defs.map((d) => ({ ...d, value: (d.value as (a: unknown) => unknown)(x) })),
      );
  }
  if (list.every(Array.isArray)) return (list as unknown[][]).flat(1);
  if (list.every(isPlainObject)) return mergeShallow(list as object[]);
  if (list.every((v) => typeof v === "boolean")) return list.some(Boolean);
  if (list.every((v) => typeof v === "string")) return list.join("");
  if (list.every((v) => Number.isInteger(v) && v === list[0])) return list[0];
  throw new ModuleError({
    code: "CONFLICT",
    message: `Cannot merge definitions of \`${showOption(loc)}'. Definition values:${showDefs(defs)}`,
    optionPath: loc,
    definitions: defs,
    hint: "Give the option a type that says how its definitions merge, or keep one definition.",
  });
}

import { ModuleError } from "../errors/module-error.js";
import { warn } from "../warn.js";
import { mergeShallow } from "../plain-object.js";
import { showDefs, showOption } from "../errors/render.js";

/** All definitions must be equal (functions never are, unless there is only one). */
export function mergeEqualOption(loc: readonly string[], defs: readonly Definition[]): unknown {
  if (defs.length === 0) throw new Error("mergeEqualOption: no definitions");
  const first = defs[0]!;
  for (const d of defs.slice(1)) {
    if (!deepEqual(d.value, first.value) || typeof d.value === "function") {
      throw new ModuleError({
        code: "CONFLICT",
        message: `The option \`${showOption(loc)}' has conflicting definition values:${showDefs([first, d])}\nUse \`lib.mkForce value\` or \`lib.mkDefault value\` to change the priority on any of these definitions.`,
        optionPath: loc,
        definitions: defs,
        hint: "In TypeScript: mkForce(value) on the definition that should win, or mkDefault(value) on the one that should give way.",
      });
    }
  }
  return first.value;
}

/** The value of a single definition; more than one is an error (as `types.uniq`). */
export function mergeOneOption(loc: readonly string[], defs: readonly Definition[]): unknown {
  return mergeUniqueOption("", (_l, d) => d[0]!.value)(loc, defs);
}

/** A merge that requires exactly one definition, with `message` explaining why. */
export function mergeUniqueOption<T>(
  message: string,
  merge: (loc: readonly string[], defs: readonly Definition[]) => T,
): (loc: readonly string[], defs: readonly Definition[]) => T {
  return (loc, defs) => {
    if (defs.length === 1) return merge(loc, defs);
    throw new ModuleError({
      code: "NOT_UNIQUE",
      message: `The option \`${showOption(loc)}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs(defs)}`,
      optionPath: loc,
      definitions: defs,
      hint: "Use `mkForce value` or `mkDefault value` to change the priority on any of these definitions.",
    });
  };
}

/** Two lists or sets being compared: the parts still to compare. */
interface Comparing {
  readonly a: Record<string, unknown> | unknown[];
  readonly b: Record<string, unknown> | unknown[];
  /** The keys of sets (lists go by index). */
  readonly keys: readonly string[] | undefined;
  i: number;
}

/** `a` and `b` when they are lists or sets of the same shape (to compare part by part), `true`/`false` when that decides it. */
function shallow(a: unknown, b: unknown): Comparing | boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && { a, b, keys: undefined, i: 0 };
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a as object);
  return (
    keys.length === Object.keys(b as object).length && {
      a: a as Record<string, unknown>,
      b: b as Record<string, unknown>,
      keys,
      i: 0,
    }
  );
}

/**
 * Structural equality of plain data (as Nix `==`). Parts are read in order and the
 * first difference decides (later parts are not read); nesting is walked with a
 * worklist, so its depth is no limit.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  const first = shallow(a, b);
  if (typeof first === "boolean") return first;
  const stack: Comparing[] = [first];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    let x: unknown;
    let y: unknown;
    if (top.keys === undefined) {
      if (top.i >= (top.a as unknown[]).length) {
        stack.pop();
        continue;
      }
      x = (top.a as unknown[])[top.i];
      y = (top.b as unknown[])[top.i++];
    } else {
      if (top.i >= top.keys.length) {
        stack.pop();
        continue;
      }
      const k = top.keys[top.i++]!;
      if (!Object.hasOwn(top.b, k)) return false;
      x = (top.a as Record<string, unknown>)[k];
      y = (top.b as Record<string, unknown>)[k];
    }
    const next = shallow(x, y);
    if (next === false) return false;
    if (next !== true) stack.push(next);
  }
  return true;
}

/** Whether `v` is a plain object (an attribute set). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
