import type { Origin } from "./module-error.js";

/** An option path as the reference shows it: `a.b."c.d".<name>`. */
export function showOption(path: readonly string[]): string {
  return path
    .map((p) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p) || p.startsWith("<") || p === "*" ? p : JSON.stringify(p)))
    .join(".");
}

/** A file with its line, as `file:line` when the line is known. */
export function showFile(o: { file: string; line?: number }): string {
  return o.line ? `${o.file}:${o.line}` : o.file;
}

/** A short, one-line rendering of a value for messages. */
export function showValue(v: unknown, depth = 2): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "<function>";
  if (v === undefined) return "<undefined>";
  if (v === null || typeof v !== "object") return String(v);
  if (depth === 0) return Array.isArray(v) ? "[ ... ]" : "{ ... }";
  try {
    // An empty list or set shows as Nix prints it: `[ ]`, `{ }`.
    if (Array.isArray(v)) return v.length === 0 ? "[ ]" : `[ ${v.map((x) => showValue(x, depth - 1)).join(" ")} ]`;
    const entries = Object.keys(v).map((k) => `${k} = ${showValue((v as Record<string, unknown>)[k], depth - 1)};`);
    return entries.length === 0 ? "{ }" : `{ ${entries.join(" ")} }`;
  } catch {
    return "<unevaluable>";
  }
}

/** The reference's list of definitions: "- In `file': value" per line. */
export function showDefs(defs: readonly Origin[]): string {
  return defs.map((d) => `\n- In \`${showFile(d)}'${"value" in d ? `: ${showValue(d.value)}` : ""}`).join("");
}

/** A list of files as the reference shows it: "`a' and `b'". */
export function showFiles(files: readonly string[]): string {
  return files.map((f) => `\`${f}'`).join(" and ");
}

/** The name Nix's `builtins.typeOf` gives a value like `v` ("bool", "int", "string", "set", ...), as the reference's messages say. */
export function nixTypeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "string";
    case "function":
      return "lambda";
    case "object":
      return "set";
    default:
      return typeof v;
  }
}
