/**
 * The option reference of a schema source, whole or under a prefix: the list of its
 * options (as `tsden options` prints in Markdown or JSON) or a JSON Schema of its
 * option tree. A prefix is an option path; it reaches through submodule options
 * (`<name>` in an option's `loc` stands for any attribute name, `*` for any list
 * element, so a prefix's name matches them). `_module` options are never listed;
 * internal and invisible ones only when asked for. A prefix under which there is no
 * option is an UNKNOWN_OUTPUT error.
 */
import { type DocOption, optionsToDocList } from "../../modules/index.js";
import { ProjectError } from "../errors.js";
import { type JsonSchema, optionsJsonSchema } from "./json.js";
import type { SchemaSource } from "./target.js";

/** What the reference includes. */
export interface ReferenceOptions {
  /** An option path; only the options under it (default: all). */
  readonly prefix?: readonly string[];
  /** Include internal and invisible options (default false). */
  readonly includeHidden?: boolean;
}

const placeholder = (s: string) => s === "*" || /^<.*>$/s.test(s);

/** Whether an option's `loc` lies under `prefix` (a placeholder in `loc` matches any name). */
function under(loc: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= loc.length && prefix.every((p, i) => loc[i] === p || placeholder(loc[i]!));
}

/** The options subtree at `prefix` (through submodule options); undefined when there is none. */
function subtree(options: unknown, prefix: readonly string[]): unknown {
  let node: unknown = options;
  for (const seg of prefix) {
    const n = node as Record<string, unknown> | undefined;
    if (!n || typeof n !== "object") return undefined;
    if ((n as { _type?: unknown })._type === "option") {
      const sub = (n as { type: { getSubOptions(p: readonly string[]): Record<string, unknown> } }).type.getSubOptions(
        [],
      );
      node = seg in sub ? sub[seg] : undefined;
      continue;
    }
    node = seg in n ? n[seg] : undefined;
  }
  return node;
}

function noOptions(prefix: readonly string[], title: string): ProjectError {
  return new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `There are no options under \`${prefix.join(".")}' in ${title}.`,
    hint: "Run without a prefix to see every option.",
  });
}

/** The options of `source` (under the prefix), as documentation entries; throws UNKNOWN_OUTPUT when a prefix has none. */
export function optionReference(source: SchemaSource, opts: ReferenceOptions = {}): DocOption[] {
  const prefix = opts.prefix ?? [];
  const list = optionsToDocList(source.options).filter(
    (o) =>
      under(o.loc, prefix) && o.loc[0] !== "_module" && (opts.includeHidden || (o.visible !== false && !o.internal)),
  );
  if (list.length === 0 && prefix.length > 0) throw noOptions(prefix, source.title);
  return list;
}

/** A JSON Schema of the option tree of `source` (at the prefix); throws UNKNOWN_OUTPUT when a prefix has none. */
export function optionReferenceSchema(source: SchemaSource, opts: ReferenceOptions = {}): JsonSchema {
  const prefix = opts.prefix ?? [];
  const node = prefix.length === 0 ? source.options : subtree(source.options, prefix);
  if (node === undefined) throw noOptions(prefix, source.title);
  return optionsJsonSchema(node, {
    includeHidden: opts.includeHidden === true,
    title: `Options of ${source.title}${prefix.length ? ` under ${prefix.join(".")}` : ""}`,
  });
}
