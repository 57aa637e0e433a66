/**
 * Attribute sets whose values are computed on first read, without accessor properties.
 *
 * A getter defined on a fresh object (`Object.defineProperty`, or `get x()` in a
 * literal) costs more than it seems in V8: its accessor pair is allocated in the old
 * generation, so whatever the getter's closure holds survives every minor collection
 * until the next full one. For the values of a merged `attrsOf` (each a whole
 * submodule evaluation) that means most of a fleet's garbage is promoted. These sets
 * are proxies over one shared handler instead: making one allocates two small young
 * objects, and reads, `in`, enumeration, spreading and `JSON.stringify` behave as for a
 * plain object whose keys are known and whose values are lazy.
 */
import { inspect } from "node:util";
import { ModuleError } from "./errors/module-error.js";
import { reentered } from "./cycles.js";
import { setData } from "./plain-object.js";
import { EACH_VALUE, hiddenDescriptor, inspectValues, shownDescriptor, type EachValue } from "./proxy-view.js";

const UNSET: unique symbol = Symbol("unset");
const RUNNING: unique symbol = Symbol("running");
const TARGET: unique symbol = Symbol("lazy attrs");

/** A key that is not enumerated (as `_module` in a configuration), read through `get`. */
export interface Hidden {
  readonly name: string;
  readonly get: () => unknown;
}

/** A set's keys and values; `compute` is let go once every value is there (with what it holds). */
class LazyAttrsTarget {
  readonly values: unknown[];
  private positions: Map<string, number> | undefined;
  private remaining: number;
  /** `toJSON` once every value is there (frozen), made on the first call: serializing it again costs no reads. */
  private json: Readonly<Record<string, unknown>> | undefined;
  constructor(
    readonly names: readonly string[],
    private compute: ((index: number) => unknown) | undefined,
    readonly hidden: Hidden | undefined,
  ) {
    this.values = new Array(names.length).fill(UNSET);
    this.remaining = names.length;
  }
  indexOf(name: string): number {
    const names = this.names;
    if (names.length <= 8) return names.indexOf(name);
    if (!this.positions) {
      this.positions = new Map();
      names.forEach((n, i) => this.positions!.set(n, i));
    }
    return this.positions.get(name) ?? -1;
  }
  value(i: number): unknown {
    const v = this.values[i];
    if (v === RUNNING) throw reentered({ path: [this.names[i]!], files: [] });
    if (v !== UNSET) return v;
    this.values[i] = RUNNING;
    try {
      this.values[i] = this.compute!(i);
      if (--this.remaining === 0) this.compute = undefined;
      return this.values[i];
    } finally {
      if (this.values[i] === RUNNING) this.values[i] = UNSET;
    }
  }
  private ordered: boolean | undefined;
  /** Whether a plain object keeps the names' order (no name is an array index, which objects put first). */
  plainOrder(): boolean {
    return (this.ordered ??= !this.names.some((n) => /^(0|[1-9][0-9]*)$/.test(n) && Number(n) < 4294967295));
  }
  eachValue(fn: (value: unknown) => void): void {
    for (let i = 0; i < this.names.length; i++) fn(this.value(i));
  }
  toJSON(): Readonly<Record<string, unknown>> {
    if (this.json) return this.json;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.names.length; i++) setData(out, this.names[i]!, this.value(i));
    if (this.compute === undefined) this.json = Object.freeze(out);
    return out;
  }
  /** util.inspect finds this on the target but calls it on the proxy: `self` is the target either way. */
  [inspect.custom](_depth: number, options: object): string {
    const self = (this as unknown as { [TARGET]?: LazyAttrsTarget })[TARGET] ?? this;
    return inspectValues(self.names, (_n, i) => self.value(i), options);
  }
}

function readOnly(t: LazyAttrsTarget, prop: string | symbol): never {
  throw new ModuleError({
    code: "INVALID_MODULE",
    message: `The attribute set with the keys ${t.names.slice(0, 5).join(", ")}${t.names.length > 5 ? ", ..." : ""} is a merged value, and read-only (setting \`${String(prop)}').`,
    hint: "Copy it first ({ ...value, key: x }), or define the key in a module.",
  });
}

const handler: ProxyHandler<LazyAttrsTarget> = {
  get(t, prop) {
    if (prop === TARGET) return t;
    if (prop === EACH_VALUE) return ((fn) => t.eachValue(fn)) satisfies EachValue;
    if (typeof prop === "symbol") return (t as unknown as Record<symbol, unknown>)[prop];
    const i = t.indexOf(prop);
    if (i >= 0) return t.value(i);
    if (t.hidden?.name === prop) return t.hidden.get();
    // A plain copy serializes fastest; with index-like names JSON goes through the traps to keep the order.
    if (prop === "toJSON") return t.plainOrder() ? () => t.toJSON() : undefined;
    return (Object.prototype as unknown as Record<string, unknown>)[prop];
  },
  has: (t, prop) => typeof prop === "string" && (t.indexOf(prop) >= 0 || t.hidden?.name === prop),
  ownKeys: (t) => (t.hidden ? [...t.names, t.hidden.name] : (t.names as string[])),
  getOwnPropertyDescriptor: (t, prop) =>
    typeof prop !== "string"
      ? undefined
      : t.indexOf(prop) >= 0
        ? shownDescriptor
        : t.hidden?.name === prop
          ? hiddenDescriptor
          : undefined,
  getPrototypeOf: () => Object.prototype,
  set: (t, prop) => readOnly(t, prop),
  defineProperty: (t, prop) => readOnly(t, prop),
  deleteProperty: (t, prop) => readOnly(t, prop),
};

/**
 * An attribute set with the keys `names` (in that order) whose value at position `i`
 * is `compute(i)`, computed on first read and kept; reading a value while it is being
 * computed is reported as a cycle. `hidden` adds one key that is not enumerated.
 *
 * @example lazyAttrs(["a", "b"], (i) => expensive(i)).b // computes only "b"
 */
export function lazyAttrs(
  names: readonly string[],
  compute: (index: number) => unknown,
  hidden?: Hidden,
): Record<string, unknown> {
  return new Proxy(new LazyAttrsTarget(names, compute, hidden), handler) as unknown as Record<string, unknown>;
}

/**
 * The values of a set made by {@link lazyAttrs} when every one is computed (so it is
 * finished data as far as its own keys go); undefined for other values and unfinished sets.
 */
export function computedValues(v: object): readonly unknown[] | undefined {
  const t = (v as { [TARGET]?: LazyAttrsTarget })[TARGET];
  if (!(t instanceof LazyAttrsTarget)) return undefined;
  for (const x of t.values) if (x === UNSET || x === RUNNING) return undefined;
  return t.values;
}
