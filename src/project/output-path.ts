/**
 * Output paths: dotted attribute paths as Nix writes them,
 * `packages."x86_64-linux".vm`. A segment is a bare name (anything but `.` and `"`)
 * or a double-quoted string in which `\"` and `\\` stand for `"` and `\`.
 */
import { ProjectError } from "./errors.js";

function invalid(path: string, why: string): ProjectError {
  return new ProjectError({
    code: "INVALID_OUTPUT_PATH",
    message: `Invalid output path \`${path}': ${why}.`,
    hint: 'Write names separated by dots; quote a name that contains dots: packages."x86_64-linux".vm',
  });
}

/** Splits an output path into its segments; throws INVALID_OUTPUT_PATH when malformed. */
export function parseOutputPath(path: string): string[] {
  if (path === "") throw invalid(path, "it is empty");
  const segments: string[] = [];
  let i = 0;
  for (;;) {
    let segment = "";
    if (path[i] === '"') {
      i++;
      for (;;) {
        if (i >= path.length) throw invalid(path, "a quote is not closed");
        const c = path[i]!;
        if (c === '"') break;
        if (c === "\\" && i + 1 < path.length) {
          segment += path[i + 1];
          i += 2;
          continue;
        }
        segment += c;
        i++;
      }
      i++;
      if (i < path.length && path[i] !== ".") throw invalid(path, `unexpected \`${path[i]}' after a quoted name`);
    } else {
      const start = i;
      while (i < path.length && path[i] !== ".") {
        if (path[i] === '"') throw invalid(path, "a quote starts in the middle of a name");
        i++;
      }
      segment = path.slice(start, i);
      if (segment === "") throw invalid(path, `an empty name at position ${start + 1}`);
    }
    segments.push(segment);
    if (i >= path.length) return segments;
    i++; // the dot
    if (i >= path.length) throw invalid(path, "it ends with a dot");
  }
}

/**
 * The output path of `segments`, quoting names that are not plain identifiers. Control
 * characters in a quoted name are shown as `\n`, `\u001b`, ... (names come from the
 * project; they must not reach a terminal raw).
 */
export function showOutputPath(segments: readonly string[]): string {
  return segments
    .map((s) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(s) ? s : `"${s.replace(QUOTED, escapeChar)}"`))
    .join(".");
}

/** What a quoted name escapes: `"`, `\\` and control characters. */
const QUOTED = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeChar(c: string): string {
  if (c === '"' || c === "\\") return `\\${c}`;
  if (c === "\n") return "\\n";
  if (c === "\t") return "\\t";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
