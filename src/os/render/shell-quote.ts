/** Quoting for POSIX shell scripts: any string becomes exactly one word. */

/**
 * Single-quotes `value` for sh: `'` becomes `'\''`; nothing inside is expanded, so
 * `$(...)`, backquotes, newlines and spaces stay literal. NUL cannot be passed and throws.
 */
export function shellQuote(value: string): string {
  if (value.includes("\0")) {
    throw new Error(`cannot put a NUL character into a shell word: ${JSON.stringify(value)}`);
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each argument and joins them with spaces. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
