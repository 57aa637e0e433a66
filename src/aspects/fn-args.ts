/**
 * Reads the argument names a context function requires from its source text
 * (`fn.toString()`), as Nix's `builtins.functionArgs` does for `{ host, user ? x, ... }`.
 *
 * Handled shapes: `({ host, user }) => ...`, `function ({ host }) {...}`, method
 * shorthand, defaults (`{ user = null }` is optional), rest (`...rest` ignored), renames
 * (`{ host: h }`), nested patterns, quoted keys, and TypeScript's down-levelled output
 * (`function (_a) { var host = _a.host, _b = _a.user, user = _b === void 0 ? 1 : _b; }`).
 * A single-name parameter (`(ctx) => ...`) takes the whole context: its required keys
 * are those the body reads as `ctx.<key>` (none: any context). Only a source that
 * cannot be parsed returns `null`.
 */

/** The argument names of a function: required ones and optional ones. */
export interface FnArgs {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /**
   * The parameter is one name, not a pattern (`(ctx) => ...`, Nix's `ctx:`): the
   * function takes the whole context; `required` holds the keys its body reads
   * (`ctx.host`), none when it reads none.
   */
  readonly whole?: boolean;
  /** The parameter's name when it is one name (`ctx` of `(ctx) => ...`). */
  readonly param?: string;
}

const cache = new WeakMap<Function, FnArgs | null>();

/** The argument names of `fn`, or `null` when its first parameter is not a readable pattern. */
export function functionArgs(fn: Function): FnArgs | null {
  if (cache.has(fn)) return cache.get(fn)!;
  let out: FnArgs | null;
  try {
    out = parse(stripComments(fn.toString()));
  } catch {
    out = null;
  }
  cache.set(fn, out);
  return out;
}

const NONE: FnArgs = { required: [], optional: [] };

function parse(src: string): FnArgs | null {
  let s = src.trim().replace(/^async\s+/, "");
  let params: string;
  let rest: string;
  if (s.startsWith("(")) {
    const end = matchClose(s, 0);
    params = s.slice(1, end);
    rest = s.slice(end + 1);
  } else if (/^[\w$]+\s*=>/.test(s)) {
    params = s.slice(0, s.indexOf("=>")).trim();
    rest = s.slice(s.indexOf("=>") + 2);
  } else {
    s = s.replace(/^function\s*\*?\s*[\w$]*\s*/, "");
    const open = s.indexOf("(");
    if (open < 0) return null;
    const end = matchClose(s, open);
    params = s.slice(open + 1, end);
    rest = s.slice(end + 1);
  }
  const first = splitTop(params)[0]?.trim() ?? "";
  if (first === "") return NONE;
  if (first.startsWith("{")) return objectPattern(first.slice(1, matchClose(first, 0)));
  const ident = /^([\w$]+)\s*(=.*)?$/s.exec(first);
  if (!ident) return null;
  return downLevelled(ident[1]!, rest);
}

/** The keys of an object pattern (inside the braces). */
function objectPattern(body: string): FnArgs {
  const required: string[] = [];
  const optional: string[] = [];
  for (const raw of splitTop(body)) {
    const e = raw.trim();
    if (e === "" || e.startsWith("...")) continue;
    let key: string;
    let after: string;
    const q = /^(["'`])((?:\\.|(?!\1).)*)\1/s.exec(e);
    if (q) {
      key = q[2]!;
      after = e.slice(q[0].length).trim();
    } else if (e.startsWith("[")) {
      continue;
    } else {
      const m = /^[\w$]+/.exec(e);
      if (!m) continue;
      key = m[0];
      after = e.slice(m[0].length).trim();
    }
    let hasDefault = after.startsWith("=");
    if (after.startsWith(":")) {
      const parts = splitTop(after.slice(1), "=");
      hasDefault = parts.length > 1;
    }
    (hasDefault ? optional : required).push(key);
  }
  return { required, optional };
}

/** `function (_a) { var host = _a.host, _b = _a.user, user = _b === void 0 ? d : _b }`. */
function downLevelled(param: string, body: string): FnArgs | null {
  const esc = param.replace(/\$/g, "\\$");
  const re = new RegExp(`(?:([\\w$]+)\\s*=\\s*)?\\b${esc}\\.([\\w$]+)|\\b${esc}\\[(["'])([^"']+)\\3\\]`, "g");
  const required = new Set<string>();
  const optional = new Set<string>();
  let m: RegExpExecArray | null;
  let assigned = false;
  while ((m = re.exec(body))) {
    const tmp = m[1];
    if (tmp !== undefined) assigned = true;
    const key = m[2] ?? m[4]!;
    const isDefaulted = tmp !== undefined && new RegExp(`\\b${tmp.replace(/\$/g, "\\$")}\\s*===\\s*void 0`).test(body);
    (isDefaulted ? optional : required).add(key);
  }
  for (const k of optional) required.delete(k);
  return { required: [...required], optional: [...optional], ...(assigned ? {} : { whole: true, param }) };
}

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
}

/** Index of the bracket closing the one at `open`. */
function matchClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'" || c === "`") {
      i = skipString(s, i);
      continue;
    }
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return s.length;
}

function skipString(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === q) return j;
  }
  return s.length;
}

/** Splits at top-level `sep` (not inside brackets or strings). */
function splitTop(s: string, sep = ","): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'" || c === "`") i = skipString(s, i);
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") depth--;
    else if (c === sep && depth === 0 && !(sep === "=" && (s[i + 1] === ">" || s[i + 1] === "="))) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
