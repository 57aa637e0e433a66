/**
 * Flags and arguments of a command, declared once: the declaration is what
 * `node:util` parseArgs is given, what the help's synopsis and Options section list,
 * and what the usage errors (a missing value, an unknown choice, two flags that
 * exclude each other, too many arguments) are made from. The type of the parsed
 * values follows from the declaration too (a boolean, a string, a choice, a list, or
 * what the flag's own `parse` returns).
 */

/** A flag that is given or not: `--json`. */
export interface BooleanFlag {
  readonly type: "boolean";
  /** One letter: `-n` for `--dry-run`. */
  readonly short?: string;
  /** What it does, for the Options section (wrapped to the width; `\n` breaks a line). */
  readonly help: string;
}

/** A flag that takes a value: `--project DIR`. */
export interface ValueFlag {
  readonly type: "string";
  /** One letter: `-p` for `--project`. */
  readonly short?: string;
  /** The value's name in the help: `DIR`, `FILE`, `N`. */
  readonly value: string;
  /** What it does, for the Options section (wrapped to the width; `\n` breaks a line). */
  readonly help: string;
  /** May be given again; the values, in order, form a list. */
  readonly multiple?: boolean;
  /** The values it takes (the synopsis shows them: `--format md|json`); another is a usage error. */
  readonly choices?: readonly string[];
  /** The text taken when the flag is not given (read by `parse` too). */
  readonly default?: string;
  /** Reads the text given; throws an Error whose message is the usage error when the text is not a valid value. */
  readonly parse?: (text: string) => unknown;
}

/** A flag of either kind. */
export type Flag = BooleanFlag | ValueFlag;

/** A command's flags by long name (`"dry-run"` for `--dry-run`), in the order the help lists them. */
export type Flags = { readonly [long: string]: Flag };

/** The positional arguments a command takes. */
export interface Arguments {
  /** As the synopsis shows them: `<output.path>`, `[HOST...]`. */
  readonly usage: string;
  /** What one of them is called in errors: `output path` ("missing the output path"). */
  readonly name: string;
  /** Exactly one, at most one, or any number. */
  readonly count: "one" | "optional" | "any";
}

type One<F> = F extends { parse: (text: string) => infer T }
  ? T
  : F extends { choices: readonly (infer C)[] }
    ? C
    : string;

/** The parsed value of a flag of declaration `F`. */
export type FlagValue<F> = F extends { type: "boolean" }
  ? boolean
  : F extends { multiple: true }
    ? One<F>[]
    : F extends { default: string }
      ? One<F>
      : One<F> | undefined;

/** The parsed values of flags declared as `F`, by long name. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]: FlagValue<F[K]> };
