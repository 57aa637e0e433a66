/**
 * The `flake` outputs option: a freeform tree. Objects defined in several places merge
 * per key (lazily); a value defined once is taken as is (instantiated configurations
 * are never looked into); two different leaves at one path conflict.
 */
import { ModuleError, mkOptionType, type OptionType } from "../modules/index.js";
import { deref } from "../modules/reference.js";

interface Def {
  readonly file: string;
  readonly value: unknown;
}

function isTree(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Merges definitions of an outputs tree (see the file comment). */
export function mergeTree(loc: readonly string[], defs: readonly Def[]): unknown {
  const ds = defs.map((d) => ({ file: d.file, value: deref(d.value) })).filter((d) => d.value !== undefined);
  if (ds.length === 0) return {};
  if (ds.length === 1) return ds[0]!.value;
  if (!ds.every((d) => isTree(d.value))) {
    const first = ds[0]!.value;
    if (ds.every((d) => d.value === first)) return first;
    throw new ModuleError({
      code: "CONFLICT",
      message: `The output \`flake.${loc.slice(1).join(".")}' has conflicting definitions in ${ds.map((d) => d.file).join(", ")}.`,
      optionPath: loc,
      definitions: ds,
    });
  }
  const keys = new Map<string, Def[]>();
  for (const d of ds) {
    const obj = d.value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      let list = keys.get(k);
      if (!list) keys.set(k, (list = []));
      list.push({
        file: d.file,
        get value() {
          return obj[k];
        },
      });
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, list] of keys) {
    let done = false;
    let v: unknown;
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () => {
        if (!done) {
          v = mergeTree([...loc, k], list);
          done = true;
        }
        return v;
      },
    });
  }
  return out;
}

/** The type of the `flake` outputs tree. */
export const outputsType: OptionType<Record<string, unknown>> = mkOptionType<Record<string, unknown>>({
  name: "den-outputs",
  description: "outputs tree",
  descriptionClass: "noun",
  merge: (loc, defs) => mergeTree(loc, defs) as Record<string, unknown>,
  emptyValue: { value: {} },
});
