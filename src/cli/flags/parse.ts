/**
 * Parsing a command line against a command's declaration: `node:util` parseArgs
 * (strict: an unknown flag or a flag without its value is an error), then each flag's
 * choices and `parse`, the groups of flags that exclude each other, and the number of
 * positional arguments. Every mistake is a UsageError naming the command (exit code 2,
 * pointing to its `--help`).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../usage-error.js";
import type { Arguments, Flag, Flags, FlagValues } from "./declare.js";

/** What a command line is parsed against. */
export interface CommandLineSpec<F extends Flags> {
  /** The verb, named by the usage errors. */
  readonly name: string;
  readonly flags: F;
  /** The positional arguments; without, any is a usage error. */
  readonly args?: Arguments;
  /** Arguments after `--` are handed on unparsed (`tsden run NAME -- ARGS`); the synopsis shows this after `--`. */
  readonly passThrough?: string;
  /** Groups of flags of which at most one may be given. */
  readonly exclusive?: readonly (readonly (keyof F & string)[])[];
}

/** A parsed command line. */
export interface CommandLine<F extends Flags> {
  /** The flags' values (defaults applied, `parse` applied), by long name. */
  readonly flags: FlagValues<F>;
  /** The positional arguments. */
  readonly args: readonly string[];
  /** The arguments after `--` when the command hands them on, else empty. */
  readonly rest: readonly string[];
}

/** The `options` of parseArgs for the declared flags (no defaults: they are applied after, to tell what was given). */
export function parseArgsOptions(flags: Flags): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [long, flag] of Object.entries(flags)) {
    options[long] = {
      type: flag.type,
      ...(flag.short === undefined ? {} : { short: flag.short }),
      ...(flag.type === "string" && flag.multiple ? { multiple: true } : {}),
    };
  }
  return options;
}

type Given = string | boolean | string[] | undefined;

function isGiven(v: Given): boolean {
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false;
}

/** The value of one flag from what was given, its default, choices and `parse`. */
function flagValue(long: string, flag: Flag, given: Given, usage: (message: string) => UsageError): unknown {
  if (flag.type === "boolean") return given === true;
  const read = (text: string): unknown => {
    if (flag.choices !== undefined && !flag.choices.includes(text))
      throw usage(`unknown ${long} '${text}' (${long}s: ${flag.choices.join(", ")})`);
    if (flag.parse === undefined) return text;
    try {
      return flag.parse(text);
    } catch (e) {
      throw usage((e as Error).message);
    }
  };
  if (flag.multiple) return ((given as string[] | undefined) ?? []).map(read);
  const text = (given as string | undefined) ?? flag.default;
  return text === undefined ? undefined : read(text);
}

/** Throws when the number of positional arguments is not what `args` allows. */
function checkCount(args: Arguments | undefined, positionals: readonly string[], usage: (m: string) => UsageError) {
  const n = positionals.length;
  if (args === undefined) {
    if (n > 0) throw usage(`unexpected argument '${positionals[0]}'`);
  } else if (args.count === "one") {
    if (n !== 1) throw usage(n === 0 ? `missing the ${args.name}` : `expected one ${args.name}, got ${n}`);
  } else if (args.count === "optional" && n > 1) throw usage(`expected at most one ${args.name}, got ${n}`);
}

/** Parses `argv` (the arguments after the verb) against `spec`; throws a UsageError naming the command. */
export function parseCommandLine<F extends Flags>(spec: CommandLineSpec<F>, argv: readonly string[]): CommandLine<F> {
  const usage = (message: string) => new UsageError(message, spec.name);
  const dash = spec.passThrough === undefined ? -1 : argv.indexOf("--");
  const own = dash < 0 ? argv : argv.slice(0, dash);
  let parsed: { values: Record<string, Given>; positionals: string[] };
  try {
    const options = parseArgsOptions(spec.flags);
    parsed = parseArgs({ args: [...own], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw usage((e as Error).message.replace(/\. To specify a positional.*$/s, "."));
  }
  const flags: Record<string, unknown> = {};
  for (const [long, flag] of Object.entries(spec.flags))
    flags[long] = flagValue(long, flag, parsed.values[long], usage);
  for (const group of spec.exclusive ?? []) {
    const both = group.filter((long) => isGiven(parsed.values[long]));
    if (both.length > 1) throw usage(`--${both[0]} and --${both[1]} exclude each other`);
  }
  checkCount(spec.args, parsed.positionals, usage);
  return { flags: flags as FlagValues<F>, args: parsed.positionals, rest: dash < 0 ? [] : argv.slice(dash + 1) };
}
