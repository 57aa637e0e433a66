/**
 * specialArgs: values handed to every module function as they are, usable while
 * modules are collected. They are not options, so they are not merged; but a value
 * wrapped in `mkDefault`/`mkForce`/`mkOverride` is honoured rather than passed on raw:
 * when `extendModules` gives a new value for a name, the lower priority number wins
 * (a tie goes to the new value), and modules receive the unwrapped value.
 *
 * Wrappers nested inside a specialArg (`globalConfig = { debug: { enable:
 * mkDefault(true) } }`, as hand-written profiles do) are unwrapped too: the reference
 * passes them on raw, so `globalConfig.debug.enable` would be an attribute set rather
 * than `true`. There is nothing to merge them with, so the value is taken as if plain;
 * `extendModules` compares priorities per top-level name only. Only data properties of
 * plain objects and arrays are looked into (a copy is made along the way to a wrapper;
 * objects without one are passed as they are, keeping their identity); values behind
 * getters or `lazy` are not forced, and arrive as their getter returns them. Modules
 * passed inside a specialArg (objects with `_file`, `_class`, `imports`, `options`,
 * `freeformType` or `disabledModules`) are passed as they are: their wrappers are
 * definitions. `mkIf`, `mkMerge` and `mkOrder` elsewhere in a specialArg are an
 * `INVALID_ARGUMENT` error naming the path.
 */
import { ModuleError } from "./errors/module-error.js";
import { priorities } from "./priority.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";

function prio(v: unknown): number {
  return v instanceof MkOverride ? v.priority : priorities.plain;
}

function showPath(path: readonly string[]): string {
  return path
    .map((k, i) =>
      i === 0 || /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(k) ? (i === 0 ? k : `.${k}`) : `[${JSON.stringify(k)}]`,
    )
    .join("");
}

function rejected(path: readonly string[], x: MkIf | MkMerge | MkOrder): ModuleError {
  const what = x instanceof MkIf ? "mkIf" : x instanceof MkMerge ? "mkMerge" : "mkOrder";
  const where = `specialArgs.${showPath(path)}`;
  return new ModuleError({
    code: "INVALID_ARGUMENT",
    message: `${where} is wrapped in ${what}; specialArgs are passed to modules as they are and are never merged.`,
    hint: `Pass the plain value in ${where}, or make it an option and define it in a module.`,
  });
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const moduleKeys = ["_file", "_class", "imports", "options", "freeformType", "disabledModules"];

/** Whether a plain object is a module (its wrappers are definitions, kept as they are). */
function isModuleLike(v: object): boolean {
  return moduleKeys.some((k) => Object.hasOwn(v, k));
}

/** `v` without priority wrappers, at the top and in nested data properties; the same object when it has none. */
function unwrapDeep(path: string[], v: unknown, seen: Map<object, unknown>): unknown {
  let x = v;
  while (x instanceof MkOverride) x = x.content;
  if (x instanceof MkIf || x instanceof MkMerge || x instanceof MkOrder) throw rejected(path, x);
  if (typeof x !== "object" || x === null) return x;
  const array = Array.isArray(x);
  if (!array && (!isPlain(x) || isModuleLike(x))) return x;
  if (seen.has(x)) return seen.get(x);
  seen.set(x, x);
  let copy: Record<string, unknown> | unknown[] | undefined;
  const descriptors = Object.getOwnPropertyDescriptors(x) as Record<string, PropertyDescriptor>;
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]!;
    if (!("value" in d) || (array && key === "length")) continue;
    path.push(key);
    const u = unwrapDeep(path, d.value, seen);
    path.pop();
    if (u === d.value) continue;
    copy ??= array
      ? (x as unknown[]).slice()
      : (Object.create(Object.getPrototypeOf(x), descriptors) as Record<string, unknown>);
    if (array) (copy as unknown[])[Number(key)] = u;
    else Object.defineProperty(copy, key, { ...d, value: u });
  }
  const out = copy ?? x;
  seen.set(x, out);
  return out;
}

/** The values modules receive: priority wrappers removed (also nested ones), other properties rejected. */
export function specialArgsValues(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let seen: Map<object, unknown> | undefined;
  for (const k of Object.keys(args)) {
    const v = args[k];
    // Strings, numbers and the like have nothing to unwrap (most submodule arguments: `name`).
    out[k] = typeof v === "object" && v !== null ? unwrapDeep([k], v, (seen ??= new Map())) : v;
  }
  return out;
}

/** `old` extended by `next`: per name, the lower priority number wins; a tie goes to `next`. */
export function mergeSpecialArgs(
  old: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(next)) {
    if (!(k in old) || prio(v) <= prio(old[k])) out[k] = v;
  }
  return out;
}
