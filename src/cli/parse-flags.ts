/** Flag parsing for commands: node:util parseArgs, with its errors turned into UsageErrors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";

/** Parsed flags: values by long name, and the positional arguments. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` strictly against `options` (positionals allowed); throws a UsageError naming `command`. */
export function parseFlags(argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>, command: string): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags["values"], positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, "."), command);
  }
}
