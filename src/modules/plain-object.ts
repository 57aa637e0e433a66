/**
 * Plain objects with a known list of keys, made in one allocation.
 *
 * An object literal that gets its properties one by one turns into a hash table after
 * about a hundred (V8's dictionary mode): slow to make, and `JSON.stringify` takes its
 * slow path on it. A constructor that assigns every key in a fixed order makes objects
 * of one shape with fast properties: for 200 keys about 7 times faster to make and
 * twice as fast to serialize. One is generated per list of more than 16 keys (fewer
 * stay fast when assigned one by one) and shared by every tree with the same keys.
 * Keys are written as JSON string literals, so any key is safe; `__proto__` (which an
 * assignment would take as the prototype) is defined.
 */

/** Makes `{ [keys[j]]: values[at[j]] }` for each `j`, in that key order, as a plain object. */
export type PlainObjectMaker = (values: readonly unknown[]) => Record<string, unknown>;

/** Up to this many keys, objects built key by key keep fast properties: no constructor is generated. */
const MAX_ASSIGNED = 16;
/** Beyond this many keys, the maker assigns in a loop (the generated constructor would be large). */
const MAX_GENERATED = 2000;
/** Generated constructors by key list (the same keys in another declaration tree reuse one), least recently used dropped first. */
const constructors = new Map<string, PlainObjectConstructor>();
const MAX_CONSTRUCTORS = 512;

type PlainObjectConstructor = new (values: readonly unknown[], at: readonly number[]) => Record<string, unknown>;

/**
 * A maker for objects whose keys are `keys`, the value of `keys[j]` being `values[at[j]]`.
 *
 * @example plainObjectMaker(["a", "b"], [1, 0])(["B", "A"]) // { a: "A", b: "B" }
 */
export function plainObjectMaker(keys: readonly string[], at: readonly number[]): PlainObjectMaker {
  if (keys.includes("__proto__")) {
    return (values) => {
      const out: Record<string, unknown> = {};
      keys.forEach((k, j) =>
        Object.defineProperty(out, k, { value: values[at[j]!], enumerable: true, writable: true, configurable: true }),
      );
      return out;
    };
  }
  if (keys.length <= MAX_ASSIGNED || keys.length > MAX_GENERATED) {
    return (values) => {
      const out: Record<string, unknown> = {};
      for (let j = 0; j < keys.length; j++) out[keys[j]!] = values[at[j]!];
      return out;
    };
  }
  const Make = generated(keys);
  return (values) => new Make(values, at);
}

/** The constructor assigning `keys` in order, `this[keys[j]] = v[at[j]]`: made once per key list. */
function generated(keys: readonly string[]): PlainObjectConstructor {
  const id = keys.join("\0");
  let Make = constructors.get(id);
  if (Make) {
    constructors.delete(id);
  } else {
    const body = keys.map((k, j) => `this[${JSON.stringify(k)}] = v[at[${j}]];`).join("\n");
    Make = new Function("v", "at", body) as unknown as PlainObjectConstructor;
    (Make as unknown as { prototype: object }).prototype = Object.prototype;
    if (constructors.size >= MAX_CONSTRUCTORS) constructors.delete(constructors.keys().next().value!);
  }
  constructors.set(id, Make);
  return Make;
}

/** Sets `obj[key] = value` as data: a key `__proto__` becomes an own property, never the prototype. */
export function setData(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `Object.assign({}, ...sources)` for attribute sets: later sources win per key, and every key (`__proto__` too) is data. */
export function mergeShallow(sources: readonly object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sources) for (const k of Object.keys(s)) setData(out, k, (s as Record<string, unknown>)[k]);
  return out;
}

const lookupGetter = (Object.prototype as unknown as { __lookupGetter__: (this: object, key: string) => unknown })
  .__lookupGetter__;

/**
 * The getter of `o`'s property `key` (own, else inherited), found without making a
 * descriptor: `undefined` for a data property (whose value can then be read without
 * running anything). A proxy answers through its traps.
 */
export function getterOf(o: object, key: string): unknown {
  return lookupGetter.call(o, key);
}
