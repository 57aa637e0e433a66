/**
 * A tolerant scanner of TypeScript/JavaScript source that finds object-literal
 * properties and the chain of property names enclosing each one, so that a definition
 * `networking.firewall.allowedTCPPorts` can be found in a module file however it is
 * nested (`den.aspects.server.os.networking...`, `config: mkIf(c, { networking: ... })`).
 *
 * It tokenizes (comments, strings, template literals with `${}`, regular expressions),
 * tracks brackets, and records a property where a name follows `{` or `,` inside braces
 * and is followed by `:` (a property), `(` (a method; `get`/`set` make an accessor) or
 * `,`/`}` (a shorthand). Calls, arrays and functions between object literals are
 * transparent: `mkIf(c, { a: 1 })` under `config` gives the chain `config.a`. It never
 * executes code; what it cannot read it leaves out.
 */

/** A token of the source. */
export interface Token {
  readonly kind: "id" | "str" | "num" | "punct" | "tmpl" | "regex";
  readonly text: string;
  /** The string's value (for `str`). */
  readonly value?: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** One object-literal property found in a source file. */
export interface PropertySite {
  /** Property names of the enclosing object literals, outermost first, ending with this one's. */
  readonly chain: readonly string[];
  /** The 1-based line of the property's name. */
  readonly line: number;
  /** The offset of the property's name in the source. */
  readonly offset: number;
  readonly kind: "property" | "accessor" | "method" | "shorthand";
  /** The tokens of the value (empty for accessors, methods and shorthands). */
  readonly value: readonly Token[];
}

const keywordsBeforeRegex = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof"]);
const puncts = ["...", "=>", "?.", "??", "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "**"];

/** Splits a source into tokens (comments and white space dropped). */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  /** Open braces: "{" for code, "`" for a template's `${`. */
  const braces: string[] = [];
  const push = (kind: Token["kind"], start: number, startLine: number, value?: string) =>
    out.push({ kind, text: src.slice(start, i), start, end: i, line: startLine, value });
  const regexAllowed = () => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.kind === "id") return keywordsBeforeRegex.has(p.text);
    if (p.kind === "punct") return p.text !== ")" && p.text !== "]";
    return false;
  };
  const template = (start: number, startLine: number) => {
    // i is after "`" or after the "}" closing a `${`
    while (i < src.length) {
      const c = src[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        push("tmpl", start, startLine);
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        push("tmpl", start, startLine);
        braces.push("`");
        return;
      } else {
        if (c === "\n") line++;
        i++;
      }
    }
    push("tmpl", start, startLine);
  };
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    const startLine = line;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const e = src.indexOf("*/", i + 2);
      const stop = e < 0 ? src.length : e + 2;
      for (; i < stop; i++) if (src[i] === "\n") line++;
    } else if (c === '"' || c === "'") {
      i++;
      let value = "";
      while (i < src.length && src[i] !== c && src[i] !== "\n") {
        if (src[i] === "\\") {
          value += unescape(src[i + 1] ?? "");
          i += 2;
        } else value += src[i++];
      }
      i++;
      push("str", start, startLine, value);
    } else if (c === "`") {
      i++;
      template(start, startLine);
    } else if (c === "}" && braces[braces.length - 1] === "`") {
      braces.pop();
      i++;
      template(start, startLine);
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      while (i < src.length && /[\w$\u0080-\uffff]/.test(src[i]!)) i++;
      push("id", start, startLine);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      while (i < src.length && /[\w.]/.test(src[i]!)) i++;
      push("num", start, startLine);
    } else if (c === "/" && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== "\n") {
        const d = src[i]!;
        if (d === "\\") i++;
        else if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < src.length && /[a-z]/.test(src[i]!)) i++;
      push("regex", start, startLine);
    } else {
      const p = puncts.find((x) => src.startsWith(x, i)) ?? c;
      i += p.length;
      if (p === "{") braces.push("{");
      else if (p === "}") braces.pop();
      push("punct", start, startLine);
    }
  }
  return out;
}

function unescape(c: string): string {
  return c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "0" ? "\0" : c;
}

interface Frame {
  readonly open: string;
  /** The name of the property whose value is being read in this frame (braces only). */
  key?: string;
  expectKey: boolean;
  /** The property being read: where its value starts. */
  site?: { chain: string[]; line: number; offset: number; kind: PropertySite["kind"]; from: number };
}

const closers: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** The object-literal properties of a source, in source order. */
export function scanProperties(tokens: readonly Token[]): PropertySite[] {
  const sites: PropertySite[] = [];
  const stack: Frame[] = [{ open: "{", expectKey: false }];
  const chainHere = () => stack.filter((f) => f.open === "{" && f.key !== undefined).map((f) => f.key!);
  const close = (f: Frame, at: number) => {
    if (f.site) sites.push({ chain: f.site.chain, line: f.site.line, offset: f.site.offset, kind: f.site.kind, value: f.site.kind === "property" ? tokens.slice(f.site.from, at) : [] });
    f.site = undefined;
    f.key = undefined;
  };
  const nameOf = (t: Token | undefined) => (t && (t.kind === "id" || t.kind === "num") ? t.text : t?.kind === "str" ? t.value : undefined);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const top = stack[stack.length - 1]!;
    if (top.open === "{" && top.expectKey) {
      top.expectKey = false;
      const next = tokens[i + 1];
      let name = nameOf(t);
      let kind: PropertySite["kind"] | undefined;
      let skip = 0;
      if (name !== undefined && next?.text === ":") kind = "property";
      else if (name !== undefined && next?.text === "(") kind = "method";
      else if (name !== undefined && (next?.text === "," || next?.text === "}") && t.kind === "id") kind = "shorthand";
      else if ((t.text === "get" || t.text === "set" || t.text === "async") && t.kind === "id" && nameOf(next) !== undefined && tokens[i + 2]?.text === "(") {
        name = nameOf(next);
        kind = t.text === "async" ? "method" : "accessor";
        skip = 1;
      }
      if (kind !== undefined && name !== undefined) {
        const chain = [...chainHere(), name];
        top.key = name;
        top.site = { chain, line: t.line, offset: t.start, kind, from: i + (kind === "property" ? 2 : 1) };
        if (kind === "shorthand") close(top, i + 1);
        i += skip + (kind === "property" ? 1 : 0);
        continue;
      }
    }
    if (t.kind === "tmpl") {
      // a template ending in "${" opens an expression frame closed by the template's rest
      if (t.text.startsWith("}")) {
        const f = stack.pop();
        if (f && f.open !== "`") stack.push(f);
      }
      if (t.text.endsWith("${")) stack.push({ open: "`", expectKey: false });
      continue;
    }
    if (t.kind !== "punct") continue;
    if (t.text === "{" || t.text === "(" || t.text === "[") {
      stack.push({ open: t.text, expectKey: t.text === "{" });
    } else if (t.text in closers) {
      const f = stack[stack.length - 1]!;
      if (f.open !== closers[t.text] || stack.length === 1) continue; // unbalanced: ignore
      close(f, i);
      stack.pop();
    } else if (t.text === "," && top.open === "{") {
      close(top, i);
      top.expectKey = true;
    } else if (t.text === ";" && top.open === "{") {
      close(top, i);
    }
  }
  for (const f of stack) close(f, tokens.length);
  return sites.sort((a, b) => a.offset - b.offset);
}
