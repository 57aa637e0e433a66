/**
 * Rendering errors for the terminal: the code, the message, the option (or output)
 * path, the definitions with file and line when known, the evaluation context and a
 * hint; and the exit code each kind of error gives.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { ModuleError } from "../modules/index.js";
import { showOption } from "../modules/errors/render.js";
import { ProjectError, showOutputPath } from "../project/index.js";
import { exitCodes } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

/** Project errors that mean the command line named something that is not there. */
const usageProjectCodes = new Set(["PROJECT_NOT_FOUND", "INVALID_OUTPUT_PATH"]);

/** The exit code for an error: 2 for usage errors, 1 for everything else. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return exitCodes.usage;
  if (e instanceof ProjectError && usageProjectCodes.has(e.code)) return exitCodes.usage;
  return exitCodes.failure;
}

/** The message without the hint that ModuleError appends to it. */
function bareMessage(e: ModuleError): string {
  const suffix = e.hint ? `\n\n${e.hint}` : "";
  return suffix && e.message.endsWith(suffix) ? e.message.slice(0, -suffix.length) : e.message;
}

function indentRest(text: string): string {
  return text.replace(/\n/g, "\n  ");
}

function moduleErrorReport(e: ModuleError): string[] {
  const lines = [`error[${e.code}]: ${bareMessage(e)}`];
  if (e.optionPath.length > 0) lines.push(`  option:  ${showOption(e.optionPath)}`);
  const files = [...new Set(e.definitions.map((d) => (d.line ? `${d.file}:${d.line}` : d.file)))];
  if (files.length > 0) lines.push(`  defined: ${files.join(", ")}`);
  for (const c of e.context) lines.push(`  while:   ${indentRest(c)}`);
  if (e.hint) lines.push(`  hint:    ${indentRest(e.hint)}`);
  return lines;
}

function projectErrorReport(e: ProjectError): string[] {
  const lines = [`error[${e.code}]: ${e.message}`];
  if (e.outputPath) lines.push(`  output:  ${showOutputPath(e.outputPath)}`);
  if (e.file) lines.push(`  file:    ${e.file}`);
  if (e.hint) lines.push(`  hint:    ${indentRest(e.hint)}`);
  const cause = e.cause;
  if (cause instanceof ModuleError) lines.push(...moduleErrorReport(cause).map((l) => `  ${l}`));
  else if (cause instanceof Error && stackTop(cause)) lines.push(`  ${indentRest(stackTop(cause))}`);
  return lines;
}

/** The folder of the running tsden's compiled files: its own frames are left out of reports. */
const ownDist = fileURLToPath(new URL("..", import.meta.url));

/** The first frames of a stack in the user's code (not tsden's, node_modules' or Node's): where an unexpected error came from. */
function stackTop(e: Error, frames = 5): string {
  const stack = (e.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l) && !/node_modules|node:internal|\(node:|<anonymous>/.test(l) && !l.includes(ownDist) && !l.includes(pathToFileURL(ownDist).href));
  return stack.slice(0, frames).map((l) => l.trim()).join("\n");
}

/** The report of an error, as printed on stderr (without a trailing newline). */
export function formatError(e: unknown): string {
  if (e instanceof UsageError) return `error: ${e.message}\n  hint:    see \`tsden ${e.command ? `${e.command} ` : ""}--help'`;
  if (e instanceof ModuleError) return moduleErrorReport(e).join("\n");
  if (e instanceof ProjectError) return projectErrorReport(e).join("\n");
  if (e instanceof Error) {
    const top = stackTop(e);
    return top ? `error: ${e.message}\n  ${indentRest(top)}` : `error: ${e.message}`;
  }
  return `error: ${String(e)}`;
}
