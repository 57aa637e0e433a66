/**
 * Command lines as words: literal strings, quoted when a script is rendered, and the
 * few shell expansions a runner needs at start time (chosen by tsden, never by users).
 */
import { shellQuote } from "../../os/index.js";

/** A piece of shell text placed as is; only tsden's own code makes these. */
export interface ShellExpr {
  readonly shell: string;
}

/** One word of a command line. */
export type Word = string | ShellExpr;

/** A word that expands at run time (e.g. `"$tcg_params"`). */
export function shellExpr(shell: string): ShellExpr {
  return { shell };
}

/** Renders words for a script: strings single-quoted, expressions as given. */
export function renderWords(words: readonly Word[], separator = " "): string {
  return words.map((w) => (typeof w === "string" ? shellQuote(w) : w.shell)).join(separator);
}

/** The words as plain strings; throws when one expands at run time. */
export function literalWords(words: readonly Word[]): string[] {
  return words.map((w) => {
    if (typeof w !== "string") throw new Error(`the word ${w.shell} is only known when the runner starts`);
    return w;
  });
}
