/**
 * Code frames for error reports: the offending line of a module with a few lines
 * around it, a `>` marking it and a caret under the column when known:
 *
 *      6 |     web: {
 *    > 7 |       prot: 8080,
 *        |       ^
 *      8 |     },
 *
 * Where the line comes from: a definition's `line` (the module system's, or the one
 * located in the source), else the first frame of an error's stack that lies in the
 * project's files.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** A place in a source file: absolute path, 1-based line and optional 1-based column. */
export interface SourcePlace {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** The frame of `line` (1-based) in `source`, with `context` lines either side; undefined when the line does not exist. */
export function codeFrame(source: string, line: number, column?: number, context = 2): string | undefined {
  const lines = source.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop(); // the file's final newline ends a line, it starts none
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1]!.replace(/\t/g, "  ");
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${text}`.trimEnd());
    if (n === line && column !== undefined && column >= 1) {
      const prefix = lines[n - 1]!.slice(0, column - 1)
        .replace(/\t/g, "  ")
        .replace(/\S/g, " ");
      out.push(`  ${" ".repeat(width)} | ${prefix}^`);
    }
  }
  return out.join("\n");
}

/** The frame of a place in a file (read from disk), headed by `file:line[:column]` relative to `root`; undefined when unreadable. */
export function fileCodeFrame(place: SourcePlace, root: string): string | undefined {
  let source: string;
  try {
    source = readFileSync(place.file, "utf8");
  } catch {
    return undefined;
  }
  const frame = codeFrame(source, place.line, place.column);
  if (frame === undefined) return undefined;
  const rel = relative(root, place.file);
  const name = rel.startsWith("..") || isAbsolute(rel) ? place.file : rel;
  return `--> ${name}:${place.line}${place.column ? `:${place.column}` : ""}\n${frame}`;
}

/** The first place in `root`'s files (outside node_modules) named by a stack trace. */
export function stackPlace(stack: string | undefined, root: string): SourcePlace | undefined {
  for (const l of (stack ?? "").split("\n")) {
    const m = /^\s+at (?:.*? \()?(file:\/\/[^)]+?|\/[^):]+?):(\d+):(\d+)\)?\s*$/.exec(l);
    if (!m) continue;
    let file = m[1]!;
    try {
      if (file.startsWith("file://")) file = fileURLToPath(file);
    } catch {
      continue;
    }
    if (file.includes(`${sep}node_modules${sep}`) || !isInside(file, root)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

function isInside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** A definition's place: its file (relative to `root` or absolute) and line, when both are known. */
export function definitionPlace(d: { file: string; line?: number }, root: string): SourcePlace | undefined {
  if (d.line === undefined || !/\.(m|c)?(t|j)sx?$/.test(d.file)) return undefined;
  return { file: isAbsolute(d.file) ? d.file : join(root, d.file), line: d.line };
}

/**
 * Where an error marked with the module `file` (relative to `root` or absolute) and
 * the `expression` it evaluated (`pkgs.cowsy`) points: the first line of the file
 * with that expression (spaces around its dots allowed). Undefined when not found.
 */
export function expressionPlace(file: string, expression: string, root: string): SourcePlace | undefined {
  if (!/\.(m|c)?(t|j)sx?$/.test(file) || expression === "") return undefined;
  const path = isAbsolute(file) ? file : join(root, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const pattern = new RegExp(
    `(?<![\\w$.])${expression
      .split(".")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("\\s*\\??\\.\\s*")}(?![\\w$])`,
  );
  const m = pattern.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index).split("\n");
  return { file: path, line: before.length, column: before[before.length - 1]!.length + 1 };
}
