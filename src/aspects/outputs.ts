/**
 * The `flake` outputs option: a freeform tree. Objects defined in several places merge
 * per key (lazily, names sorted); a value defined once is taken as is (instantiated
 * configurations are never looked into); two different leaves at one path conflict. With
 * `den.schema.flake`, the tree is a configuration of that module (its options type
 * their outputs; the rest stays a freeform tree); in strict mode an output that neither
 * den nor the schema declares is an error saying where to declare it.
 */
import { evalModules, force, mkOption, mkOptionType, ModuleError, type OptionType } from "../modules/index.js";

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
  const ds = defs.map((d) => ({ file: d.file, value: force(d.value) })).filter((d) => d.value !== undefined);
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
  // as Nix attribute sets: names in sorted order, whatever order the definitions come in
  for (const [k, list] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
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

/** The outputs den itself writes, declared (as trees) when the outputs are typed. */
export const denOutputs = [
  "osConfigurations",
  "homeConfigurations",
  "packages",
  "apps",
  "checks",
  "devShells",
  "legacyPackages",
  "denful",
] as const;

/** How the `flake` tree is typed: `den.schema.flake` (or null) and whether it is strict. */
export interface FlakeSchema {
  readonly module: unknown;
  readonly strict: boolean;
}

function strictError(e: unknown, loc: readonly string[]): unknown {
  if (!(e instanceof ModuleError) || e.code !== "UNKNOWN_OPTION") return e;
  const field = e.optionPath.slice(loc.length).join(".");
  return new ModuleError({
    code: "UNKNOWN_OPTION",
    message: `den (strict): the outputs have no \`${field}'. Declare it in den.schema.flake: options.${field} = mkOption({ ... }).`,
    optionPath: e.optionPath,
    definitions: e.definitions,
    hint: `Declare \`${field}' in den.schema.flake, or turn den.schema.strict.flake off.`,
  });
}

/** The outputs tree as a configuration of `den.schema.flake` (see the file comment). */
function typedTree(loc: readonly string[], defs: readonly Def[], schema: FlakeSchema): Record<string, unknown> {
  const declared = Object.fromEntries(
    denOutputs.map((k) => [k, mkOption({ type: outputsType, default: {}, description: `The \`${k}' outputs.` })]),
  );
  const ev = evalModules({
    modules: [
      { _file: "den (outputs)", options: schema.strict ? declared : {} },
      ...(schema.strict ? [] : [{ _file: "den (outputs)", freeformType: outputsType }]),
      ...(schema.module === null || schema.module === undefined
        ? []
        : [{ _file: "den.schema.flake", imports: [schema.module] }]),
      ...defs.map((d) => ({ _file: d.file, config: d.value })),
    ],
    prefix: loc,
  });
  try {
    return ev.config as Record<string, unknown>;
  } catch (e) {
    throw strictError(e, loc);
  }
}

/**
 * The type of the `flake` option: the outputs tree, typed by `den.schema.flake` and
 * strict per `den.schema.strict.flake` when `schema()` says so.
 */
export function flakeType(schema: () => FlakeSchema): OptionType<Record<string, unknown>> {
  return mkOptionType<Record<string, unknown>>({
    name: "den-outputs",
    description: "outputs tree",
    descriptionClass: "noun",
    merge: (loc, defs) => {
      const s = schema();
      if (!s.strict && (s.module === null || s.module === undefined))
        return mergeTree(loc, defs) as Record<string, unknown>;
      return typedTree(loc, defs, s);
    },
    emptyValue: { value: {} },
  });
}
