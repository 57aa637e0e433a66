/**
 * Rendering errors for the terminal: the code, the message, the option (or output)
 * path, the definitions with file and line when known, the evaluation context and a
 * hint; and the exit code each kind of error gives.
 */
import { relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ModuleError, showOption, stackOverflowError } from "../modules/index.js";
import { ProjectError, showOutputPath } from "../project/index.js";
import { definitionPlace, expressionPlace, fileCodeFrame, stackPlace, type SourcePlace } from "./code-frame.js";
import { escapeControlsKeepingLines } from "./control-chars.js";
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

/**
 * The last resort for a stack overflow no layer reported: STACK_OVERFLOW naming the
 * command and, when the stack shows one, the project file and line where it recursed.
 */
export function unreportedOverflow(e: RangeError, argv: readonly string[], root: string | undefined): ModuleError {
  let place: SourcePlace | undefined;
  try {
    place = root === undefined ? undefined : stackPlace(e.stack, root);
  } catch {
    place = undefined;
  }
  const file = place && root !== undefined ? relative(root, place.file) : undefined;
  return stackOverflowError(e, {
    what: `\`tsden ${argv.join(" ")}'${file ? ` (in \`${file}', line ${place!.line})` : ""}`,
    files: file === undefined ? [] : [file],
    line: place?.line,
  });
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
  else if (cause instanceof Error && ownCode(cause) !== undefined)
    lines.push(`  cause:   error[${ownCode(cause)}]${hintOf(cause) === undefined ? "" : ` (${hintOf(cause)})`}`);
  return lines;
}

/** The folder of the running tsden's compiled files: its own frames are left out of reports. */
const ownDist = fileURLToPath(new URL("..", import.meta.url));

/** The first frames of a stack in the user's code (not tsden's, node_modules' or Node's): where an unexpected error came from. */
function stackTop(e: Error, frames = 5): string {
  const stack = (e.stack ?? "")
    .split("\n")
    .filter(
      (l) =>
        /^\s+at /.test(l) &&
        !/node_modules|node:internal|\(node:|<anonymous>/.test(l) &&
        !l.includes(ownDist) &&
        !l.includes(pathToFileURL(ownDist).href),
    );
  return stack
    .slice(0, frames)
    .map((l) => l.trim())
    .join("\n");
}

/** Finds the line of a definition of `optionPath` in a source file (absolute path), when one matches. */
export type LocateDefinition = (file: string, optionPath: readonly string[]) => number | undefined;

/**
 * Where an error points in the project's files: a definition with a line (or one
 * `locate` finds in its file), else the first stack frame there.
 */
export function errorPlace(e: unknown, root: string, locate?: LocateDefinition): SourcePlace | undefined {
  if (e instanceof ModuleError) {
    for (const d of e.definitions) {
      const p = definitionPlace(d, root);
      if (p) return p;
    }
    if (locate && e.optionPath.length > 0) {
      for (const d of e.definitions) {
        const p = definitionPlace({ file: d.file, line: 1 }, root);
        const line = p ? locate(p.file, e.optionPath) : undefined;
        if (p && line !== undefined) return { file: p.file, line };
      }
    }
    return undefined;
  }
  if (e instanceof ProjectError) return e.cause === undefined ? undefined : errorPlace(e.cause, root, locate);
  if (e instanceof UsageError) return undefined;
  if (!(e instanceof Error)) return undefined;
  const marked = markedPlace(e, root);
  return marked ?? stackPlace(e.stack, root);
}

/** The place an error marked with its module file and expression (`pkgs.cowsy`) points to. */
function markedPlace(e: Error, root: string): SourcePlace | undefined {
  const { file, expression } = e as { file?: unknown; expression?: unknown };
  return typeof file === "string" && typeof expression === "string"
    ? expressionPlace(file, expression, root)
    : undefined;
}

/** The project file and line an error points to (relative to `root`), for `--json`. */
export function errorLocation(e: unknown, root: string | undefined): { file: string; line?: number } | undefined {
  if (!(e instanceof Error) || e instanceof ModuleError || e instanceof ProjectError || e instanceof UsageError)
    return undefined;
  const place =
    root === undefined
      ? undefined
      : (() => {
          try {
            return errorPlace(e, root);
          } catch {
            return undefined;
          }
        })();
  if (place !== undefined) return { file: relative(root!, place.file), line: place.line };
  const file = (e as { file?: unknown }).file;
  return typeof file === "string" ? { file } : undefined;
}

/**
 * The report of an error, as printed on stderr (without a trailing newline). With the
 * project's `root`, a code frame of the offending module line follows when it is known.
 */
export function formatError(e: unknown, options: { root?: string; locate?: LocateDefinition } = {}): string {
  const report = reportText(e);
  let place: SourcePlace | undefined;
  try {
    place = options.root === undefined ? undefined : errorPlace(e, options.root, options.locate);
  } catch {
    place = undefined; // a report never fails for want of a frame
  }
  const frame = place && options.root !== undefined ? fileCodeFrame(place, options.root) : undefined;
  // names in messages come from the project: never let them send terminal control sequences
  return escapeControlsKeepingLines(frame ? `${report}\n  ${frame.replace(/\n/g, "\n  ")}` : report);
}

function reportText(e: unknown): string {
  if (e instanceof UsageError) {
    const help = `see \`tsden ${e.command ? `${e.command} ` : ""}--help'`;
    return `error: ${e.message}\n  hint:    ${e.hint === undefined ? help : `${e.hint} (${help})`}`;
  }
  if (e instanceof ModuleError) return moduleErrorReport(e).join("\n");
  if (e instanceof ProjectError) return projectErrorReport(e).join("\n");
  if (e instanceof Error) {
    const top = stackTop(e);
    const hint = hintOf(e);
    const lines = [`error[${codeOf(e)}]: ${indentRest(e.message)}`];
    const option = optionOf(e);
    if (option !== undefined) lines.push(`  option:  ${showOption(option)}`);
    const { file, expression } = e as { file?: unknown; expression?: unknown };
    if (typeof file === "string")
      lines.push(`  defined: ${file}${typeof expression === "string" ? ` (reads ${expression})` : ""}`);
    if (top) lines.push(`  ${indentRest(top)}`);
    if (hint !== undefined) lines.push(`  hint:    ${indentRest(hint)}`);
    if (process.env.TSDEN_DEBUG && e.stack) lines.push(`  stack:   ${indentRest(e.stack)}`);
    return lines.join("\n");
  }
  return `error[${codeOf(e)}]: ${String(e)}`;
}

/** The option whose computation an error left (the module system marks errors of the project's code with it). */
export function optionOf(e: unknown): readonly string[] | undefined {
  const path = (e as { optionPath?: unknown } | null)?.optionPath;
  return Array.isArray(path) && path.length > 0 && path.every((p) => typeof p === "string") ? path : undefined;
}

/** A code as errors carry them (`UNKNOWN_PACKAGE`, Node's `ENOENT`). */
function ownCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

/**
 * The code of any error the CLI reports: its own (module, project and other layers'
 * errors carry one), `MODULE_THREW` for an exception thrown in the project's code,
 * else `INTERNAL_ERROR`.
 */
export function codeOf(e: unknown): string {
  if (e instanceof UsageError) return "USAGE";
  const own = ownCode(e);
  if (own !== undefined) return own;
  return e instanceof Error && stackTop(e) !== "" ? "MODULE_THREW" : "INTERNAL_ERROR";
}

/** What to do about an error: its own hint, else one for its kind of code. */
export function hintOf(e: unknown): string | undefined {
  const hint = (e as { hint?: unknown } | null)?.hint;
  if (typeof hint === "string" && hint !== "") return hint;
  const code = codeOf(e);
  if (code === "MODULE_THREW") return "The project's code shown above threw this error while it was evaluated.";
  if (code === "INTERNAL_ERROR") return "This failed inside tsden or a program it ran; TSDEN_DEBUG=1 shows where.";
  return undefined;
}
