/**
 * Deferred values.
 *
 * `lazy(() => ...)` marks a value computed when the module system needs it, not when
 * the module function runs; it is the explicit form of a getter. The thunk is not
 * cached by itself: an evaluation caches the option values it computes, so the same
 * module can serve several evaluations (`extendModules`).
 */
import { reentered } from "./cycles.js";

/** A deferred value (see {@link lazy}). */
export class Lazy<T = unknown> {
  constructor(readonly thunk: () => T) {}
}

/**
 * Defers a value that reads `config` until it is needed.
 *
 * @example
 * ({ config }) => ({ config: { url: lazy(() => `http://${config.host}`) } })
 */
export function lazy<T>(thunk: () => T): T {
  return new Lazy(thunk) as unknown as T;
}

/** Whether `v` is a {@link lazy} value. */
export function isLazy(v: unknown): v is Lazy {
  return v instanceof Lazy;
}

/**
 * Defines `key` on `obj` as an enumerable getter that computes `thunk` once, then
 * becomes a plain data property; a re-entry while it computes is reported as a cycle.
 */
export function defineLazy(obj: object, key: PropertyKey, thunk: () => unknown): void {
  let running = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (running) throw reentered({ path: [String(key)], files: [] });
      running = true;
      let value: unknown;
      try {
        value = thunk();
      } finally {
        running = false;
      }
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: false });
      return value;
    },
  });
}
