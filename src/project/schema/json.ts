/**
 * A JSON Schema (draft 2020-12) of an options tree: options are properties, with
 * their descriptions, defaults (when plain data) and types mapped — `bool` → boolean,
 * `int` and its ranges → integer with bounds, `float`/`number` → number, strings →
 * string (`strMatching` → pattern), `enum` → enum, `listOf` → array, `attrsOf` →
 * object with additionalProperties, `nullOr` → anyOf with null, `either`/`oneOf` →
 * anyOf, `submodule` → object with its options as properties. Types with no JSON
 * shape (`raw`, `anything`, functions, modules) accept anything.
 */
import { force, isOptionInfo, type OptionType } from "../../modules/index.js";

/** A JSON Schema (an object of keywords). */
export type JsonSchema = { [keyword: string]: unknown };

/** What {@link optionsJsonSchema} takes. */
export interface JsonSchemaOptions {
  /** Include internal and invisible options (default false). */
  readonly includeHidden?: boolean;
  /** The schema's title. */
  readonly title?: string;
}

const maxDepth = 24;

/** Whether an option is shown (not internal, not invisible). */
export function isVisibleOption(o: Record<string, any>): boolean {
  return !o.internal && o.visible !== false;
}

/** `v` as plain JSON data, or undefined when it is not (functions, lazy parts that fail, cycles). */
export function plainJson(v: unknown): { value: unknown } | undefined {
  try {
    const seen = new Set<unknown>();
    const walk = (x: unknown, depth: number): unknown => {
      const d = force(x);
      if (d === null || typeof d === "string" || typeof d === "boolean") return d;
      if (typeof d === "number") {
        if (!Number.isFinite(d)) throw new Error("number");
        return d;
      }
      if (typeof d !== "object" || depth > 32 || seen.has(d)) throw new Error("not data");
      seen.add(d);
      const proto = Object.getPrototypeOf(d);
      if (Array.isArray(d)) return d.map((e) => walk(e, depth + 1));
      if (proto !== Object.prototype && proto !== null) throw new Error("not plain");
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(d)) out[k] = walk((d as Record<string, unknown>)[k], depth + 1);
      return out;
    };
    return { value: walk(v, 0) };
  } catch {
    return undefined;
  }
}

function intBounds(t: OptionType): JsonSchema {
  const m = /^(unsigned|signed)Int(\d+)$/.exec(t.name);
  if (m) {
    const bits = Number(m[2]);
    return m[1] === "unsigned"
      ? { minimum: 0, maximum: 2 ** bits - 1 }
      : { minimum: -(2 ** (bits - 1)), maximum: 2 ** (bits - 1) - 1 };
  }
  if (t.name === "unsignedInt") return { minimum: 0 };
  if (t.name === "positiveInt") return { minimum: 1 };
  if (t.name === "intBetween" && Array.isArray(t.payload)) return { minimum: t.payload[0], maximum: t.payload[1] };
  return {};
}

/** Names of the module system's own types (other names are followed by what they wrap). */
const knownName =
  /^(bool|boolByOr|int|float|number|intBetween|positiveInt|(unsigned|signed)Int\d*|str|nonEmptyStr|singleLineStr|separatedString|path|enum|listOf|nonEmptyListOf|attrsOf|lazyAttrsOf|nullOr|either|coercedTo|unique|functionTo|attrs|package|submodule|strMatching .*)$/s;

/** The schema of values of an option type. */
export function typeSchema(t: OptionType, opts: JsonSchemaOptions = {}, depth = 0): JsonSchema {
  if (depth > maxDepth) return {};
  const sub = (x: OptionType) => typeSchema(x, opts, depth + 1);
  const elem = t.nestedTypes.elemType;
  // a type of its own: the TypeScript type it states (a checked string), else the type it wraps (a keyed attrsOf)
  if (t.tsType === "string") return { type: "string" };
  const name = knownName.test(t.name) ? t.name : t.functorName;
  if (name === "bool" || name === "boolByOr") return { type: "boolean" };
  if (name === "int" || /^(unsigned|signed)Int\d*$|^positiveInt$|^intBetween$/.test(name))
    return { type: "integer", ...intBounds(t) };
  if (name === "float" || name === "number") return { type: "number" };
  if (name === "str" || name === "separatedString") return { type: "string" };
  if (name === "nonEmptyStr") return { type: "string", pattern: "\\S" };
  if (name === "singleLineStr") return { type: "string", pattern: "^[^\\n\\r]*\\n?$" };
  if (name.startsWith("strMatching ") && typeof t.payload === "string")
    return { type: "string", pattern: `^(?:${t.payload})$` };
  if (name === "path") return { type: "string", pattern: "^/" };
  if (name === "enum" && Array.isArray(t.payload)) return { enum: [...t.payload] };
  if ((name === "listOf" || name === "nonEmptyListOf") && elem)
    return { type: "array", items: sub(elem), ...(name === "nonEmptyListOf" ? { minItems: 1 } : {}) };
  if ((name === "attrsOf" || name === "lazyAttrsOf") && elem)
    return { type: "object", additionalProperties: sub(elem) };
  if (name === "nullOr" && elem) return { anyOf: [{ type: "null" }, sub(elem)] };
  if (name === "either" && t.nestedTypes.left && t.nestedTypes.right)
    return { anyOf: flatAnyOf([sub(t.nestedTypes.left), sub(t.nestedTypes.right)]) };
  if (name === "coercedTo" && t.nestedTypes.coercedType && t.nestedTypes.finalType)
    return { anyOf: flatAnyOf([sub(t.nestedTypes.finalType), sub(t.nestedTypes.coercedType)]) };
  if (name === "unique" && elem) return sub(elem);
  if (name === "attrs") return { type: "object" };
  if (name === "package")
    return {
      type: "object",
      properties: { type: { const: "derivation" }, name: { type: "string" } },
      required: ["type"],
    };
  if (name === "submodule") {
    let options: unknown;
    try {
      options = t.getSubOptions([]);
    } catch {
      return { type: "object" };
    }
    const obj = treeSchema(options, opts, depth + 1);
    // a submodule with a freeform type (described by it) takes other names too
    return t.description === "submodule" ? obj : { ...obj, additionalProperties: true };
  }
  return {};
}

function flatAnyOf(list: JsonSchema[]): JsonSchema[] {
  if (list.some((s) => Object.keys(s).length === 0)) return [{}];
  return list.flatMap((s) => (Object.keys(s).length === 1 && Array.isArray(s.anyOf) ? (s.anyOf as JsonSchema[]) : [s]));
}

/** The schema of one option: its type's, with description, default and readOnly. */
export function optionSchema(o: Record<string, any>, opts: JsonSchemaOptions = {}, depth = 0): JsonSchema {
  const s: JsonSchema = { ...(o.type ? typeSchema(o.type as OptionType, opts, depth) : {}) };
  if (typeof o.description === "string" && o.description) s.description = o.description;
  if ("default" in o && !("defaultText" in o)) {
    const d = plainJson(o.default);
    if (d) s.default = d.value;
  }
  if (o.readOnly) s.readOnly = true;
  return s;
}

/** The schema of a tree of options (an object whose properties are the options and sub-trees). */
export function treeSchema(tree: unknown, opts: JsonSchemaOptions = {}, depth = 0): JsonSchema {
  const t = tree;
  if (isOptionInfo(t)) return optionSchema(t, opts, depth);
  const properties: Record<string, JsonSchema> = {};
  if (typeof t === "object" && t !== null && depth <= maxDepth) {
    for (const k of Object.keys(t).sort()) {
      if (k === "_module") continue;
      const child = (t as Record<string, unknown>)[k];
      if (isOptionInfo(child) && !opts.includeHidden && !isVisibleOption(child)) continue;
      const s = treeSchema(child, opts, depth + 1);
      if (!isOptionInfo(child) && Object.keys((s.properties as object | undefined) ?? {}).length === 0) continue;
      properties[k] = s;
    }
  }
  return { type: "object", properties, additionalProperties: false };
}

/**
 * A JSON Schema of an options tree (`evalModules(...).options`), e.g. to check a JSON
 * configuration in an editor.
 *
 * @example optionsJsonSchema(evalModules({ modules }).options, { title: "my options" })
 */
export function optionsJsonSchema(options: unknown, opts: JsonSchemaOptions = {}): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    ...(opts.title ? { title: opts.title } : {}),
    ...treeSchema(options, opts, 0),
  };
}
