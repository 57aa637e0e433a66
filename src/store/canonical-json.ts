/** Canonical JSON: object keys sorted, no whitespace, so equal values hash equally. */

/** A value that can be a derivation input. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Serialises a JSON value with sorted keys; rejects values JSON cannot represent exactly. */
export function canonicalJson(value: JsonValue, where = "inputs"): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${where}: ${value} is not a finite number; JSON cannot hash it. Use a string instead.`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => canonicalJson(item, `${where}[${i}]`)).join(",")}]`;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `${where}: a ${proto?.constructor?.name ?? "non-plain"} object is not JSON; pass plain objects, arrays, strings, numbers, booleans or null.`,
      );
    }
    const record = value as { readonly [key: string]: JsonValue };
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(item, `${where}.${key}`)}`);
    }
    return `{${parts.join(",")}}`;
  }
  throw new TypeError(
    `${where}: a ${typeof value} is not JSON; pass plain objects, arrays, strings, numbers, booleans or null.`,
  );
}
