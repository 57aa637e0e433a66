/**
 * The JSON text of an evaluated value: functions are left out (of objects and of
 * lists), `undefined` fields too; `toJSON` is honoured; an evaluation result
 * (`evalModules`' `{ config, options, extendModules, ... }`) shows only its `config`;
 * a value that contains itself is an error naming where (JSON cannot show it).
 */

/** Whether `v` is the result of `evalModules` (its `options` and `type` are not data to print). */
function isEvalResult(v: object): v is { config: unknown } {
  const r = v as Record<string, unknown>;
  return typeof r.extendModules === "function" && "config" in r && "options" in r;
}

/** Turns a value into plain JSON data, reading lazy values as it goes. */
function plain(v: unknown, path: string, seen: Set<object>): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "object") return undefined;
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return plain(withToJson.toJSON(), path, seen);
  if (isEvalResult(v)) return { config: plain(v.config, path ? `${path}.config` : "config", seen) };
  if (seen.has(v)) throw new Error(`The value at \`${path || "."}' contains itself, so it has no JSON form; ask for a part of it.`);
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      return v.filter((x) => typeof x !== "function").map((x, i) => plain(x, `${path}[${i}]`, seen) ?? null);
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = plain((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, seen);
      if (x !== undefined) out[k] = x;
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** The JSON text of `value`: indented by two spaces, or compact. Functions are left out. */
export function toJson(value: unknown, pretty = true): string {
  if (typeof value === "function") throw new Error("The value is a function; it has no JSON form. Ask for a value it leads to.");
  const data = plain(value, "", new Set());
  return JSON.stringify(data === undefined ? null : data, null, pretty ? 2 : undefined);
}
