/**
 * The JSON text of an evaluated value: functions are left out (of objects and of
 * lists), `undefined` fields too; `toJSON` is honoured; an evaluation result
 * (`evalModules`' `{ config, options, extendModules, ... }`) shows only its `config`;
 * a value that contains itself is an error naming where (JSON cannot show it). Every
 * key is data: one named `__proto__` is printed like any other.
 *
 * Printing never fails because a lazily defined part fails when read (a runner that
 * does not exist yet, an assertion of one guest): that part is shown in place as the
 * string `«error CODE: message»` and reported in `errors`, so the rest stays visible.
 */

import { showOutputPath } from "../project/index.js";

/** A part of a printed value that failed when read: where, and the error. */
export interface PartError {
  /** The path of the part below the printed value (`server.config.microvm.runner.alioth`). */
  readonly path: string;
  readonly error: unknown;
}

/** Whether `v` is the result of `evalModules` (its `options` and `type` are not data to print). */
function isEvalResult(v: object): v is { config: unknown } {
  const r = v as Record<string, unknown>;
  return typeof r.extendModules === "function" && "config" in r && "options" in r;
}

/** The error code of a thrown value, when it has one. */
function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The first line of a thrown value's message. */
function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (message.split("\n")[0] ?? "").replace(/ Definition values:$/, "");
}

/** The in-place text of a part that failed: `«error CODE: first line»`. */
export function errorMarker(e: unknown): string {
  const code = codeOf(e);
  return `«error${code === undefined ? "" : ` ${code}`}: ${firstLine(e)}»`;
}

/** A value that contains itself: not a lazy failure, so it is not shown in place. */
class CycleError extends Error {}

/** A list element left out (a function). */
const skip = Symbol("skip");

/** Turns a value into plain JSON data, reading lazy values as it goes. */
function plain(v: unknown, path: string, seen: Set<object>, errors: PartError[]): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "object") return undefined;
  /** Reads a part of `v`; a failure becomes a marker in place. */
  const read = (get: () => unknown, at: string, inList = false): unknown => {
    let x: unknown;
    try {
      x = get();
    } catch (e) {
      if (e instanceof CycleError) throw e;
      errors.push({ path: at, error: e });
      return errorMarker(e);
    }
    if (inList && typeof x === "function") return skip;
    return plain(x, at, seen, errors);
  };
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") {
    // a set of options whose toJSON fails as a whole: its parts are walked, so only the failing ones are marked
    let json: unknown;
    let failed = false;
    try {
      json = withToJson.toJSON();
    } catch (e) {
      if (e instanceof CycleError || Array.isArray(v) || Object.keys(v).length === 0)
        return read(() => {
          throw e;
        }, path);
      failed = true;
    }
    if (!failed) return plain(json, path, seen, errors);
  }
  if (isEvalResult(v)) return { config: read(() => v.config, path ? `${path}.config` : "config") };
  if (seen.has(v))
    throw new CycleError(
      `The value at \`${path || "."}' contains itself, so it has no JSON form; ask for a part of it.`,
    );
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const x = read(() => v[i], `${path}[${i}]`, true);
        if (x !== skip) out.push(x ?? null);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const name = showOutputPath([k]);
      const x = read(() => (v as Record<string, unknown>)[k], path ? `${path}.${name}` : name);
      // defined, not assigned: a key named __proto__ is data (assigning it would set the prototype)
      if (x !== undefined)
        Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/**
 * The JSON text of `value`: indented by two spaces, or compact. Functions are left
 * out; parts that fail when read are shown in place (see {@link errorMarker}) and
 * pushed onto `errors` when given.
 */
export function toJson(value: unknown, pretty = true, errors: PartError[] = []): string {
  if (typeof value === "function")
    throw new Error("The value is a function; it has no JSON form. Ask for a value it leads to.");
  const data = plain(value, "", new Set(), errors);
  return JSON.stringify(data === undefined ? null : data, null, pretty ? 2 : undefined);
}

/**
 * The note printed on stderr after a value with failed parts: how many, and each
 * part's path (below `base`, the printed path) and error (at most `limit`).
 */
export function partErrorsNote(errors: readonly PartError[], base = "", limit = 10): string {
  const full = (p: string) =>
    base === "" ? p || "." : p === "" ? base : p.startsWith("[") ? `${base}${p}` : `${base}.${p}`;
  const lines = errors.slice(0, limit).map((p) => `  ${full(p.path)}: ${errorMarker(p.error).slice(1, -1)}`);
  if (errors.length > limit) lines.push(`  ... and ${errors.length - limit} more`);
  const n = errors.length;
  return `note: ${n} part${n === 1 ? "" : "s"} of the value failed when read and ${n === 1 ? "is" : "are"} shown in place as "«error ...»":\n${lines.join("\n")}\n  (tsden eval <path of the part> shows the full error)`;
}
