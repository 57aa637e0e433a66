/**
 * Reading the value of a property from its tokens without running it: the wrappers
 * (`mkForce(x)`, `mkIf(c, x)`, ...) are looked through, a literal (numbers, strings,
 * booleans, null, lists and objects of them) is read, and a list's elements are
 * located. Anything else is unknown.
 */
import type { Token } from "./locate-scan.js";

/** Wrappers whose last argument is the value. */
const wrappers = new Set([
  "mkIf", "mkOverride", "mkForce", "mkDefault", "mkOptionDefault", "mkVMOverride", "mkImageMediaOverride",
  "mkOrder", "mkBefore", "mkAfter",
]);

/** Names whose call declares an option. */
const declarers = new Set(["mkOption", "mkEnableOption", "mkPackageOption"]);

const opens: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** The index of the bracket closing the one at `i`, or -1. */
function closing(ts: readonly Token[], i: number): number {
  const stack: string[] = [];
  for (let j = i; j < ts.length; j++) {
    const t = ts[j]!;
    if (t.kind !== "punct") continue;
    if (t.text in opens) stack.push(opens[t.text]!);
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      if (stack.pop() !== t.text) return -1;
      if (stack.length === 0) return j;
    }
  }
  return -1;
}

/** Splits the tokens between brackets at top-level commas. */
function splitArgs(ts: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of ts) {
    if (t.kind === "punct" && t.text in opens) depth++;
    if (t.kind === "punct" && (t.text === ")" || t.text === "]" || t.text === "}")) depth--;
    if (depth === 0 && t.kind === "punct" && t.text === ",") parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** Drops a trailing `as T` / `satisfies T` and enclosing parentheses. */
function trim(ts: readonly Token[]): readonly Token[] {
  let r = ts;
  const cut = r.findIndex((t, i) => t.kind === "id" && (t.text === "as" || t.text === "satisfies") && i > 0 && depthAt(r, i) === 0);
  if (cut > 0) r = r.slice(0, cut);
  while (r.length >= 2 && r[0]!.text === "(" && closing(r, 0) === r.length - 1) r = r.slice(1, -1);
  return r;
}

function depthAt(ts: readonly Token[], i: number): number {
  let d = 0;
  for (let j = 0; j < i; j++) {
    const t = ts[j]!;
    if (t.kind !== "punct") continue;
    if (t.text in opens) d++;
    else if (t.text === ")" || t.text === "]" || t.text === "}") d--;
  }
  return d;
}

/** The value inside property wrappers: `mkForce(mkIf(c, [1]))` gives `[1]`. */
export function unwrap(tokens: readonly Token[]): readonly Token[] {
  let ts = trim(tokens);
  while (ts.length >= 3 && ts[0]!.kind === "id" && wrappers.has(ts[0]!.text) && ts[1]!.text === "(" && closing(ts, 1) === ts.length - 1) {
    const args = splitArgs(ts.slice(2, -1));
    if (args.length === 0) break;
    ts = trim(args[args.length - 1]!);
  }
  return ts;
}

/** Whether the value declares an option (`mkOption({...})`). */
export function isDeclaration(tokens: readonly Token[]): boolean {
  const ts = trim(tokens);
  return ts.length > 1 && ts[0]!.kind === "id" && declarers.has(ts[0]!.text) && ts[1]!.text === "(";
}

/** Where each element of a list literal starts, and whether it is a spread (`...xs`). */
export function listElements(tokens: readonly Token[]): { line: number; spread: boolean }[] | undefined {
  const ts = unwrap(tokens);
  if (ts.length < 2 || ts[0]!.text !== "[" || closing(ts, 0) !== ts.length - 1) return undefined;
  return splitArgs(ts.slice(1, -1)).map((p) => ({ line: p[0]!.line, spread: p[0]!.text === "..." }));
}

/** The literal value of the tokens, or `{ ok: false }` when they are not a literal. */
export function literalValue(tokens: readonly Token[]): { ok: true; value: unknown } | { ok: false } {
  const ts = unwrap(tokens);
  try {
    const [value, used] = parseLiteral(ts, 0);
    return used === ts.length ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

function parseLiteral(ts: readonly Token[], i: number): [unknown, number] {
  const t = ts[i];
  if (!t) throw new Error("end");
  if (t.kind === "str") return [t.value, i + 1];
  if (t.kind === "tmpl" && t.text.startsWith("`") && t.text.endsWith("`") && !t.text.includes("${")) return [t.text.slice(1, -1), i + 1];
  if (t.kind === "num") return [Number(t.text.replace(/_/g, "")), i + 1];
  if (t.text === "-" && ts[i + 1]?.kind === "num") return [-Number(ts[i + 1]!.text.replace(/_/g, "")), i + 2];
  if (t.kind === "id" && (t.text === "true" || t.text === "false")) return [t.text === "true", i + 1];
  if (t.kind === "id" && t.text === "null") return [null, i + 1];
  if (t.text === "[") {
    const out: unknown[] = [];
    let j = i + 1;
    while (ts[j] && ts[j]!.text !== "]") {
      const [v, n] = parseLiteral(ts, j);
      out.push(v);
      j = n;
      if (ts[j]?.text === ",") j++;
      else if (ts[j]?.text !== "]") throw new Error("list");
    }
    return [out, j + 1];
  }
  if (t.text === "{") {
    const out: Record<string, unknown> = {};
    let j = i + 1;
    while (ts[j] && ts[j]!.text !== "}") {
      const k = ts[j]!;
      if (!(k.kind === "id" || k.kind === "str" || k.kind === "num") || ts[j + 1]?.text !== ":") throw new Error("object");
      const [v, n] = parseLiteral(ts, j + 2);
      out[k.kind === "str" ? k.value! : k.text] = v;
      j = n;
      if (ts[j]?.text === ",") j++;
      else if (ts[j]?.text !== "}") throw new Error("object");
    }
    return [out, j + 1];
  }
  throw new Error("not a literal");
}
