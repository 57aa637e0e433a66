/**
 * What `tsden repl` evaluates and prints: output paths read from an evaluated project,
 * shown shallowly (attribute names, scalars inline, as `nix repl` does) or deeply (the
 * JSON of `tsden eval`); the option behind a configuration path (`:t`); and the
 * completions of a partly typed path.
 */
import type { EvalResult } from "../../modules/index.js";
import { getOutput, outputsOf, parseOutputPath, showOutputPath } from "../../project/index.js";
import { isPackage } from "../../store/index.js";

/** Whether `v` is the result of `evalModules` (`config`, `options`, `extendModules`, ...). */
export function isEvalResult(v: unknown): v is EvalResult {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { extendModules?: unknown }).extendModules === "function" &&
    "config" in v &&
    "options" in v
  );
}

/** The names shown for an evaluation result (its useful fields live on its prototype). */
const evalResultNames = ["class", "config", "extendModules", "options", "type"];

/** The attribute names of a value (sorted), or `undefined` when it has none. */
export function namesOf(v: unknown): string[] | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v) || isPackage(v)) return undefined;
  if (isEvalResult(v)) return evalResultNames;
  return Object.keys(v).sort();
}

/** The value at an output path (segments); the empty path is the outputs tree itself. */
export function valueAt(result: EvalResult, segments: readonly string[]): unknown {
  return segments.length === 0 ? outputsOf(result) : getOutput(result, segments);
}

const maxInline = 60;

/** One value in a shallow listing: scalars inline, containers abbreviated. */
function brief(read: () => unknown): string {
  let v: unknown;
  try {
    v = read();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return `«error${typeof code === "string" ? ` ${code}` : ""}»`;
  }
  if (typeof v === "string") {
    const s = JSON.stringify(v);
    return s.length > maxInline ? `${s.slice(0, maxInline - 4)}…"` : s;
  }
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "«function»";
  if (isPackage(v)) return `«package ${(v as { name: string }).name}»`;
  if (isEvalResult(v)) return "«configuration»";
  if ((v as { _tag?: unknown })._tag === "option-type") return `«type ${(v as { name: string }).name}»`;
  if (Array.isArray(v)) return v.length === 0 ? "[ ]" : `[ ${v.length} item${v.length === 1 ? "" : "s"} ]`;
  return typeof v === "object" && Object.keys(v).length === 0 ? "{ }" : "{ ... }";
}

/**
 * A value shown shallowly: a set as `{ name = brief; ... }` (one line when short),
 * a list with each element brief, a scalar as JSON.
 */
export function showShallow(v: unknown): string {
  if (Array.isArray(v)) {
    const items = v.map((_, i) => brief(() => v[i]));
    const line = `[ ${items.join(" ")}${items.length > 0 ? " " : ""}]`;
    return line.length <= 80 ? line : `[\n${items.map((x) => `  ${x}`).join("\n")}\n]`;
  }
  const names = namesOf(v);
  if (names === undefined) return brief(() => v);
  const o = v as Record<string, unknown>;
  const entries = names.map((n) => `${showOutputPath([n])} = ${brief(() => o[n])};`);
  const line = `{ ${entries.join(" ")}${entries.length > 0 ? " " : ""}}`;
  return line.length <= 80 ? line : `{\n${entries.map((x) => `  ${x}`).join("\n")}\n}`;
}

/** What `:t` finds: the option behind a path and how to show it. */
export interface OptionInfo {
  readonly path: string;
  readonly type: string;
  readonly description?: string;
  readonly declarations: readonly string[];
  readonly definitions: readonly string[];
}

function isOptionNode(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && (v as { _type?: unknown })._type === "option";
}

/** The option at `rest` under an options tree, stepping over attribute names of attrsOf/listOf submodules. */
function optionIn(options: unknown, rest: readonly string[]): Record<string, any> | undefined {
  let node: unknown = options;
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i]!;
    if (isOptionNode(node)) {
      const sub = node.type.getSubOptions([]) as Record<string, unknown>;
      if (Object.hasOwn(sub, name)) node = sub[name];
      // an attribute name of an attrsOf (submodule): the option itself when it ends the path
      else if (i === rest.length - 1) return node;
      else node = sub;
      continue;
    }
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return isOptionNode(node) ? node : undefined;
}

/**
 * The option behind an output path that goes through a configuration's `config` (or
 * `options`): `osConfigurations.server.config.networking.hostName`. Undefined when the
 * path leads to no declared option.
 */
export function optionAt(result: EvalResult, segments: readonly string[]): OptionInfo | undefined {
  let value = outputsOf(result);
  let found: { ev: EvalResult; from: number } | undefined;
  for (let i = 0; i < segments.length; i++) {
    if (isEvalResult(value) && (segments[i] === "config" || segments[i] === "options"))
      found = { ev: value, from: i + 1 };
    if (typeof value !== "object" || value === null || !(segments[i]! in value)) break;
    value = (value as Record<string, unknown>)[segments[i]!];
  }
  if (!found) return undefined;
  const opt = optionIn(found.ev.options, segments.slice(found.from));
  if (!opt) return undefined;
  const files = (list: unknown): string[] => (Array.isArray(list) ? [...new Set(list.map(String))] : []);
  let definitions: string[] = [];
  try {
    definitions = files(opt.files);
  } catch {
    definitions = [];
  }
  return {
    path: showOutputPath(segments.slice(found.from)),
    type: String(opt.type?.description ?? opt.type?.name ?? "unspecified"),
    ...(typeof opt.description === "string" && opt.description ? { description: opt.description } : {}),
    declarations: files(opt.declarations),
    definitions,
  };
}

/** The text `:t` prints for an option. */
export function showOption(o: OptionInfo): string {
  const lines = [`${o.path}: ${o.type}`];
  if (o.description) lines.push(`  ${o.description.replace(/\n/g, "\n  ")}`);
  if (o.declarations.length > 0) lines.push(`  declared in: ${o.declarations.join(", ")}`);
  if (o.definitions.length > 0) lines.push(`  defined in:  ${o.definitions.join(", ")}`);
  return lines.join("\n");
}

/** Splits a partly typed path at its last dot outside quotes: the parent path and the last (partial) name. */
export function splitPartial(text: string): { parent: string; last: string } {
  let inQuote = false;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuote && c === "\\") i++;
    else if (c === '"') inQuote = !inQuote;
    else if (c === "." && !inQuote) cut = i;
  }
  return cut < 0 ? { parent: "", last: text } : { parent: text.slice(0, cut), last: text.slice(cut + 1) };
}

/** The completions of the last name of a partly typed path (each a full name, quoted when needed). */
export function completePath(result: EvalResult, text: string): string[] {
  const { parent, last } = splitPartial(text);
  let value: unknown;
  try {
    value = valueAt(result, parent === "" ? [] : parseOutputPath(parent));
  } catch {
    return [];
  }
  const names = namesOf(value) ?? [];
  const typed = last.startsWith('"') ? last.slice(1).replace(/\\(.)/g, "$1") : last;
  return names.filter((n) => n.startsWith(typed)).map((n) => showOutputPath([n]));
}
