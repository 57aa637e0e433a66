/**
 * Errors as data for `--json`: `{ "error": { code, message, exitCode, ... } }` on
 * stdout, so scripts read one JSON value whether the command succeeded or not.
 */
import { ModuleError, showOption } from "../modules/index.js";
import { ProjectError, showOutputPath } from "../project/index.js";
import { codeOf, errorLocation, exitCodeOf, hintOf, optionOf } from "./report.js";
import { UsageError } from "./usage-error.js";

/** The JSON form of an error (see docs/cli.md, "Machine-readable output"). */
export interface ErrorJson {
  /** `USAGE` for command-line mistakes, the error's own code, `MODULE_THREW` for an exception the project's code threw, else `INTERNAL_ERROR`. */
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
  readonly hint?: string;
  /** The option path (module errors), dotted. */
  readonly option?: string;
  /** The output path (project errors), dotted. */
  readonly outputPath?: string;
  /** Definitions involved: file and line when known. */
  readonly definitions?: readonly { file: string; line?: number }[];
  /** The project file involved (project errors). */
  readonly file?: string;
  /** The error that caused this one (a module error behind a project error). */
  readonly cause?: ErrorJson;
}

function moduleErrorJson(e: ModuleError, exitCode: number): ErrorJson {
  const suffix = e.hint ? `\n\n${e.hint}` : "";
  const message = suffix && e.message.endsWith(suffix) ? e.message.slice(0, -suffix.length) : e.message;
  return {
    code: e.code,
    message,
    exitCode,
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.optionPath.length > 0 ? { option: e.optionPath.join(".") } : {}),
    ...(e.definitions.length > 0
      ? { definitions: e.definitions.map((d) => (d.line ? { file: d.file, line: d.line } : { file: d.file })) }
      : {}),
  };
}

/** The JSON form of any error the CLI reports; with the project's `root`, the file and line an error points to. */
export function errorJson(e: unknown, root?: string): ErrorJson {
  const exitCode = exitCodeOf(e);
  if (e instanceof UsageError)
    return { code: "USAGE", message: e.message, exitCode, ...(e.hint ? { hint: e.hint } : {}) };
  if (e instanceof ModuleError) return moduleErrorJson(e, exitCode);
  if (e instanceof ProjectError) {
    const cause =
      e.cause instanceof ModuleError
        ? moduleErrorJson(e.cause, exitCode)
        : e.cause instanceof Error
          ? otherErrorJson(e.cause, exitCode)
          : undefined;
    return {
      code: e.code,
      message: e.message,
      exitCode,
      ...(e.hint ? { hint: e.hint } : {}),
      ...(e.outputPath ? { outputPath: showOutputPath(e.outputPath) } : {}),
      ...(e.file ? { file: e.file } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  return otherErrorJson(e, exitCode, root);
}

/** Any other error: its code (see `codeOf`), message, hint, and the project file and line it points to. */
function otherErrorJson(e: unknown, exitCode: number, root?: string): ErrorJson {
  const hint = hintOf(e);
  const place = errorLocation(e, root);
  const option = optionOf(e);
  return {
    code: codeOf(e),
    message: e instanceof Error ? e.message : String(e),
    exitCode,
    ...(hint !== undefined ? { hint } : {}),
    ...(option !== undefined ? { option: showOption(option) } : {}),
    ...(place !== undefined ? { file: place.file, ...(place.line !== undefined ? { definitions: [place] } : {}) } : {}),
  };
}
