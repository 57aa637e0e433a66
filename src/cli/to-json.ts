/**
 * The JSON text of an evaluated value: functions are left out (of objects and of
 * lists), `undefined` fields too; `toJSON` is honoured as `JSON.stringify` does (called
 * once on each value, never on what it returns, so `toJSON() { return this }` shows the
 * object's fields); an evaluation result (`evalModules`' `{ config, options,
 * extendModules, ... }`) shows only its `config`; a value that contains itself is an
 * error naming where (JSON cannot show it). Every key is data: one named `__proto__`
 * is printed like any other.
 *
 * The text is the one `JSON.stringify(value, null, 2)` (or without indentation) gives,
 * written from a worklist rather than by recursion: a value may nest as deep as
 * memory allows (`JSON.stringify` itself runs out of stack at a few thousand levels).
 * A value nested deeper than {@link MAX_JSON_DEPTH} (a getter making a new object at
 * each level, without end) is an error naming where it was going.
 *
 * Printing never fails because a lazily defined part fails when read (a runner that
 * does not exist yet, an assertion of one guest): that part is shown in place as the
 * string `«error CODE: message»` and reported in `errors`, so the rest stays visible.
 */

import { isStackOverflow, stackOverflowError } from "../modules/index.js";
import { showOutputPath } from "../project/index.js";

/** A part of a printed value that failed when read: where, and the error. */
export interface PartError {
  /** The path of the part below the printed value (`server.config.microvm.runner.alioth`). */
  readonly path: string;
  readonly error: unknown;
}

/** How deep a printed value may nest: deeper, it is taken for one that never ends. */
export const MAX_JSON_DEPTH = 100_000;

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

/** A value that cannot be printed as a whole (it contains itself, or never ends): not a lazy failure, so it is not shown in place. */
class UnprintableError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The name of a part in the value that holds it: a key of an object, an index of a list (the printed value itself has none). */
type Name = string | number | undefined;

/** An object or list being written: the parts still to write. */
interface Open {
  readonly value: object;
  readonly list: boolean;
  /** The keys of an object (a list is read by index up to `length`). */
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  /** Its name in the value that holds it. */
  readonly name: Name;
  /** The next part to read. */
  i: number;
  /** How many parts were written. */
  written: number;
}

/** What writing a value asks for: its JSON text, leaving it out (undefined), or opening it. */
type Step = string | undefined | Open;

/** The text of a path's names: `a.b[2]."c d"`. */
function showNames(names: readonly (string | number)[], first: boolean): string {
  let path = "";
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    path += typeof n === "number" ? `[${n}]` : first && i === 0 ? showOutputPath([n]) : `.${showOutputPath([n])}`;
  }
  return path;
}

/**
 * The writer: the output, the objects and lists open (innermost last: the path to the
 * part being written, and the values that would contain themselves), the failed parts.
 */
class Writer {
  readonly out: string[] = [];
  readonly open: Open[] = [];
  readonly seen = new Set<object>();
  private readonly indents: string[] = [""];
  constructor(
    readonly pretty: boolean,
    readonly errors: PartError[],
  ) {}

  /** The path of the part `name` of the innermost open value, as errors show it ("" for the printed value); a very long one is shortened in the middle. */
  pathOf(name: Name): string {
    const names: (string | number)[] = [];
    for (let i = 1; i < this.open.length; i++) names.push(this.open[i]!.name!);
    if (name !== undefined) names.push(name);
    if (names.length <= 24) return showNames(names, true);
    return `${showNames(names.slice(0, 8), true)}.<${names.length - 16} more>${showNames(names.slice(-8), false)}`;
  }

  /** A part that failed when read: recorded, and its marker written in its place. */
  failed(e: unknown, name: Name): string {
    if (e instanceof UnprintableError) throw e;
    const path = this.pathOf(name);
    const error = isStackOverflow(e)
      ? stackOverflowError(e, { what: `Reading \`${path || "."}' of the printed value` })
      : e;
    this.errors.push({ path, error });
    return errorMarker(error);
  }

  /** What to write for `v`, the part `name`, its `toJSON` applied first. */
  step(v: unknown, name: Name): Step {
    if (typeof v !== "object" || v === null) return this.plain(v, name);
    if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
      let json: unknown;
      try {
        json = (v as { toJSON: () => unknown }).toJSON();
      } catch (e) {
        // a set of options whose toJSON fails as a whole: its parts are walked, so only the failing ones are marked
        if (e instanceof UnprintableError || Array.isArray(v) || Object.keys(v).length === 0)
          return JSON.stringify(this.failed(e, name));
        return this.opened(v, name);
      }
      return this.plain(json, name);
    }
    return this.opened(v, name);
  }

  /** What to write for `v` (a value `toJSON` gave, or one without it): `toJSON` is not called again. */
  plain(v: unknown, name: Name): Step {
    switch (typeof v) {
      case "string":
      case "boolean":
        return JSON.stringify(v);
      case "number":
        return Number.isFinite(v) ? JSON.stringify(v) : "null";
      case "bigint":
        return JSON.stringify(Number(v));
      case "object":
        return v === null ? "null" : this.opened(v, name);
      default:
        return undefined;
    }
  }

  /** `v`, the part `name`, opened for writing its parts. */
  opened(v: object, name: Name): Open {
    // an evaluation result shows its `config` only (read as a part: it may fail)
    const result = isEvalResult(v);
    if (!result && this.seen.has(v)) {
      throw new UnprintableError(
        `The value at \`${this.pathOf(name) || "."}' contains itself, so it has no JSON form; ask for a part of it.`,
        "CYCLIC_VALUE",
        "Ask for a part of the value (tsden eval <path>.<name>) rather than the whole.",
      );
    }
    if (this.open.length >= MAX_JSON_DEPTH) {
      throw new UnprintableError(
        `The value at \`${this.pathOf(name) || "."}' is nested more than ${MAX_JSON_DEPTH} levels deep: it seems never to end (a getter making a new object at each level?).`,
        "VALUE_TOO_DEEP",
        "Ask for a part of the value (tsden eval <path>.<name>), or make the value finite.",
      );
    }
    const list = !result && Array.isArray(v);
    const o: Open = {
      value: v,
      list,
      keys: list ? undefined : result ? ["config"] : Object.keys(v),
      length: list ? (v as unknown[]).length : 0,
      name,
      i: 0,
      written: 0,
    };
    this.seen.add(v);
    return o;
  }

  private indent(depth: number): string {
    return (this.indents[depth] ??= "  ".repeat(depth));
  }

  /** Writes a step after `lead` (a separator, a key): its text, or the opening of an object or list (pushed on `open`). */
  write(lead: string, s: string | Open): void {
    if (typeof s === "string") this.out.push(lead + s);
    else {
      this.out.push(lead + (s.list ? "[" : "{"));
      this.open.push(s);
    }
  }

  /** What goes before the next part of `o`, the innermost open value: a separator and, indented, its key. */
  lead(o: Open, key: string | undefined): string {
    let s = o.written++ > 0 ? "," : "";
    if (this.pretty) s += `\n${this.indent(this.open.length)}`;
    if (key !== undefined) s += this.pretty ? `${JSON.stringify(key)}: ` : `${JSON.stringify(key)}:`;
    return s;
  }

  /** Closes the innermost open value. */
  close(o: Open): void {
    this.open.pop();
    this.seen.delete(o.value);
    const end = o.list ? "]" : "}";
    this.out.push(o.written > 0 && this.pretty ? `\n${this.indent(this.open.length)}${end}` : end);
  }

  /** Writes the next part of the innermost open value, or closes it when none is left. */
  next(o: Open): void {
    const keys = o.keys;
    if (keys === undefined) {
      if (o.i >= o.length) {
        this.close(o);
        return;
      }
      const i = o.i++;
      let x: unknown;
      try {
        x = (o.value as unknown[])[i];
      } catch (e) {
        x = this.failed(e, i);
      }
      if (typeof x === "function") return;
      const s = this.step(x, i);
      this.write(this.lead(o, undefined), s ?? "null");
      return;
    }
    if (o.i >= keys.length) {
      this.close(o);
      return;
    }
    const k = keys[o.i++]!;
    let x: unknown;
    try {
      x = (o.value as Record<string, unknown>)[k];
    } catch (e) {
      x = this.failed(e, k);
    }
    const s = this.step(x, k);
    if (s !== undefined) this.write(this.lead(o, k), s);
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
  const w = new Writer(pretty, errors);
  w.write("", w.step(value, undefined) ?? "null");
  while (w.open.length > 0) w.next(w.open[w.open.length - 1]!);
  return w.out.join("");
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
