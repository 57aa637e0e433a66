/**
 * The syntax of systemd unit files, for every unit tsden writes (a guest's services, a
 * host's microVM units). Exec lines are split into words by systemd, which also expands
 * `%` specifiers and `$VAR` references: every word is double-quoted with `\` and `"`
 * escaped, `%` doubled and `$` doubled. `Environment=` words are double-quoted with
 * control characters written as C escapes. Other settings (paths, descriptions) are
 * taken verbatim to the end of the line, with `%` specifiers expanded: `%` is doubled.
 * Control characters (a newline would start a new setting) and backslashes in verbatim
 * values cannot be written safely and are errors.
 */

/** A piece of an Exec word written as is: a specifier such as `%i`. */
export interface RawPart {
  readonly raw: string;
}

/** Marks `text` (a trusted constant such as `/%i/current`) to be written without escaping. */
export function raw(text: string): RawPart {
  return { raw: text };
}

function checkControl(value: string, what: string): void {
  if (/[\0-\x1f\x7f]/.test(value)) {
    throw new Error(
      `${what} ${JSON.stringify(value)} contains a control character (a newline?), which a unit file cannot hold`,
    );
  }
}

/** Escapes `value` for a verbatim setting (WorkingDirectory=, Description=, Condition...=). */
export function unitValue(value: string, what = "the value"): string {
  checkControl(value, what);
  if (value.includes("\\"))
    throw new Error(`${what} ${JSON.stringify(value)} contains a backslash, which systemd would read as an escape`);
  if (value !== value.trim())
    throw new Error(`${what} ${JSON.stringify(value)} starts or ends with white space, which systemd drops`);
  return value.replace(/%/g, "%%");
}

/** One double-quoted Exec word made of escaped text and raw parts (specifiers). */
export function execWord(...parts: readonly (string | RawPart)[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") {
      checkControl(part, "the command argument");
      out += part
        .replace(/[\\"]/g, (c) => `\\${c}`)
        .replace(/%/g, "%%")
        .replace(/\$/g, "$$$$");
    } else out += part.raw;
  }
  return `"${out}"`;
}

/** Escapes `value` for a double-quoted `Environment=` word: `\`, `"` and controls escaped, `%` doubled. */
export function quoteEnvironment(value: string): string {
  if (value.includes("\0")) throw new Error(`cannot put a NUL character into a unit file: ${JSON.stringify(value)}`);
  const escaped = value.replace(/[\\"\x01-\x1f\x7f]/g, (c) => {
    if (c === "\\" || c === '"') return `\\${c}`;
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `"${escaped.replace(/%/g, "%%")}"`;
}

/** An Exec line's value: each argument one quoted word. */
export function execLine(args: readonly (string | RawPart | readonly (string | RawPart)[])[]): string {
  return args
    .map((a) => (Array.isArray(a) ? execWord(...(a as (string | RawPart)[])) : execWord(a as string | RawPart)))
    .join(" ");
}

/** A unit file from its sections: `[Section]` then `Key=value` lines, in order. */
export function renderUnit(
  sections: readonly (readonly [string, readonly (readonly [string, string | number | boolean])[]])[],
): string {
  return sections
    .filter(([, entries]) => entries.length > 0)
    .map(
      ([name, entries]) =>
        `[${name}]\n${entries.map(([k, v]) => `${k}=${typeof v === "boolean" ? (v ? "true" : "false") : v}`).join("\n")}\n`,
    )
    .join("\n");
}
