/**
 * JavaScript's stack running out. The module system walks imports, option trees,
 * `mkMerge` and values without recursion, so what still overflows is user code that
 * recurses without end (a getter reading itself through plain objects, a module
 * function calling itself) or a nesting the walks do not cover. It is never passed
 * on bare: it becomes a `STACK_OVERFLOW` error saying what was being done (the module
 * or option, the output path), with a hint.
 */
import { types } from "node:util";
import { ModuleError, type Origin } from "./module-error.js";

/** Whether `e` is the RangeError V8 throws when the stack runs out (looked at without running user code: no Proxy traps, no getters). */
export function isStackOverflow(e: unknown): e is RangeError {
  if (typeof e !== "object" || e === null || types.isProxy(e) || !types.isNativeError(e) || !(e instanceof RangeError))
    return false;
  const message = Object.getOwnPropertyDescriptor(e, "message")?.value;
  return typeof message === "string" && message.startsWith("Maximum call stack size exceeded");
}

/**
 * The coded error for a stack overflow that happened during `where.what` (a sentence
 * subject: "The module `a.ts'", "Printing `osConfigurations'"), naming the option path
 * and files when known (with `line`, the line of each). The RangeError is kept as `cause`.
 */
export function stackOverflowError(
  e: RangeError,
  where: { what: string; optionPath?: readonly string[]; files?: readonly string[]; line?: number },
): ModuleError {
  const error = new ModuleError({
    code: "STACK_OVERFLOW",
    message: `${where.what} went too deep: JavaScript's stack ran out (${e.message}).`,
    optionPath: where.optionPath,
    definitions: (where.files ?? []).map(
      (file): Origin => (where.line === undefined ? { file } : { file, line: where.line }),
    ),
    hint: "Look for code that recurses without end there (a getter or function that calls itself), or a value nested thousands of levels deep made by a function: make it finite or flatter.",
  });
  Object.defineProperty(error, "cause", { value: e, enumerable: false, configurable: true, writable: true });
  return error;
}
