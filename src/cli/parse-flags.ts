/** Flag parsing for commands: node:util parseArgs, with its errors turned into UsageErrors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseOutputPath } from "../project/index.js";
import { UsageError } from "./usage-error.js";

/** Parsed flags: values by long name, and the positional arguments. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` strictly against `options` (positionals allowed); throws a UsageError naming `command`. */
export function parseFlags(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  command: string,
): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags["values"], positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, "."), command);
  }
}

/** The project folder a command works on: `--project`, else the current folder. */
export function projectDir(values: ParsedFlags["values"], cwd: string): string {
  return typeof values.project === "string" ? values.project : cwd;
}

/** The one output path a command takes (`tsden eval osConfigurations.server`); a UsageError naming `command` otherwise. */
export function outputPathArgument(positionals: readonly string[], command: string): string[] {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? "missing the output path" : `expected one output path, got ${positionals.length}`,
      command,
    );
  }
  return parseOutputPath(positionals[0]!);
}
