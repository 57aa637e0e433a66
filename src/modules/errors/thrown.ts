/**
 * Values thrown by user code (module functions, getters, `lazy` values, `apply`,
 * checks). A genuine `Error` carries its own stack, so it is passed on as it is.
 * Anything else (`null`, a string, a plain or prototype-less object, a Proxy whose
 * traps throw, an object posing as an Error) has no location and may not even survive
 * being printed: it becomes a {@link ModuleError} that says where it was thrown and
 * shows the value as far as it safely can (never through a Proxy's traps).
 */
import { types } from "node:util";
import { ModuleError, type Origin } from "./module-error.js";
import { showValue } from "./render.js";
import { isStackOverflow, stackOverflowError } from "./stack-overflow.js";

/** Whether `e` is a real Error (its own stack, a message that reads safely): not a Proxy, not an imitation. */
export function isGenuineError(e: unknown): e is Error {
  return typeof e === "object" && e !== null && !types.isProxy(e) && types.isNativeError(e);
}

/** A one-line description of a thrown value that never runs user code (no traps, no getters, no toString). */
export function describeThrown(e: unknown): string {
  if (e === null || e === undefined) return String(e);
  if (typeof e === "string") return JSON.stringify(e.length > 200 ? `${e.slice(0, 200)}...` : e);
  if (typeof e === "symbol") return e.toString();
  if (typeof e !== "object" && typeof e !== "function") return `${typeof e} ${String(e)}`;
  if (types.isProxy(e)) return "a Proxy";
  if (typeof e === "function") return "a function";
  if (types.isPromise(e)) return "a Promise";
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(e);
  } catch {
    return "an object";
  }
  const kind =
    proto === null
      ? "an object without prototype"
      : proto === Object.prototype
        ? "an object"
        : `an object of class ${className(proto)}`;
  let shown: string;
  try {
    shown = showData(e as object);
  } catch {
    return kind;
  }
  return `${kind} ${shown}`;
}

/** The name of a prototype's constructor, read without running getters. */
function className(proto: unknown): string {
  try {
    const d = Object.getOwnPropertyDescriptor(proto, "constructor");
    const name =
      d && "value" in d && typeof d.value === "function"
        ? Object.getOwnPropertyDescriptor(d.value, "name")?.value
        : undefined;
    return typeof name === "string" && name ? name : "<anonymous>";
  } catch {
    return "<unknown>";
  }
}

/** An object's data properties, shown one level deep; getters are not called. */
function showData(o: object): string {
  const parts: string[] = [];
  for (const k of Object.getOwnPropertyNames(o).slice(0, 8)) {
    const d = Object.getOwnPropertyDescriptor(o, k)!;
    parts.push(
      `${k} = ${"value" in d ? showValue(typeof d.value === "object" && d.value !== null ? "{ ... }" : d.value, 0) : "<getter>"};`,
    );
  }
  return `{ ${parts.join(" ")}${parts.length ? " " : ""}}`;
}

/**
 * `e` as it should travel on: a genuine Error as it is, except JavaScript's stack
 * running out, which becomes a `STACK_OVERFLOW` error saying `where`; any other thrown
 * value as a `THROWN_VALUE` error saying `where` it was thrown (a module, an option),
 * with the option path and files when known. The original value is kept as `cause`.
 */
export function locatedThrow(
  e: unknown,
  where: { what: string; optionPath?: readonly string[]; files?: readonly string[] },
): unknown {
  if (isStackOverflow(e)) return stackOverflowError(e, where);
  if (isGenuineError(e)) return e;
  const error = new ModuleError({
    code: "THROWN_VALUE",
    message: `${where.what} threw ${describeThrown(e)}, which is not an Error.`,
    optionPath: where.optionPath,
    definitions: (where.files ?? []).map((file): Origin => ({ file })),
    hint: 'Throw an Error (throw new Error("...")): it carries a message and the place it was thrown.',
  });
  Object.defineProperty(error, "cause", { value: e, enumerable: false, configurable: true, writable: true });
  return error;
}
