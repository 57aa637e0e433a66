/**
 * What the read-only proxy views of the module system share (config nodes, merged
 * attribute sets, pushed-down definition sets): the property descriptors they report,
 * and how util.inspect shows them.
 */
import { inspect } from "node:util";
import { setData } from "./plain-object.js";

/**
 * The descriptors a view reports for its keys: accessors, so that enumerating it
 * (`Object.keys`, spreading, `JSON.stringify`) computes nothing until a value is read
 * through the `get` trap. They are shared: reading a value through
 * `getOwnPropertyDescriptor(...).get` is not supported; read the property.
 */
export const shownDescriptor: PropertyDescriptor = Object.freeze({
  get: () => undefined,
  enumerable: true,
  configurable: true,
});
/** As {@link shownDescriptor}, for a key that is not enumerated (`_module`). */
export const hiddenDescriptor: PropertyDescriptor = Object.freeze({
  get: () => undefined,
  enumerable: false,
  configurable: true,
});

/** Shows `names` with the values `read` gives, as a plain object; a value that fails shows as `<error: ...>`. */
export function inspectValues(
  names: readonly string[],
  read: (name: string, index: number) => unknown,
  options: object,
): string {
  const plain: Record<string, unknown> = {};
  names.forEach((name, i) => {
    try {
      setData(plain, name, read(name, i));
    } catch (e) {
      setData(plain, name, `<error: ${e instanceof Error ? e.message.split("\n")[0] : "thrown"}>`);
    }
  });
  return inspect(plain, options);
}

/** Calls `fn` with each visible value of a view, computing the ones not computed yet. */
export type EachValue = (fn: (value: unknown) => void) => void;

/** Read through a view's `get` trap: its {@link EachValue} (what `deepSeq` walks). */
export const EACH_VALUE: unique symbol = Symbol("each value");
