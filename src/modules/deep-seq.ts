/**
 * `deepSeq` (Nix's `builtins.deepSeq`): computes every value of a configuration, or of
 * any value holding configurations, before going on.
 */
import { EACH_VALUE, type EachValue } from "./proxy-view.js";
import { isPlainObject } from "./types/option-type.js";

/**
 * Reads every value in `x`, deeply: the values of configurations and merged attribute
 * sets (computing each once), the elements of lists and the properties of plain objects
 * (getters included). Functions are not called and class instances are left as they
 * are. Returns `y`, as in Nix; an error in any value is thrown here.
 *
 * @example
 * // Fail now rather than when a value is first used, then keep the values only:
 * const config = deepSeq(result.config, result.config);
 */
export function deepSeq<T>(x: unknown, y: T): T {
  force(x, new Set());
  return y;
}

function force(v: unknown, seen: Set<object>): void {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  const each = (v as { [EACH_VALUE]?: EachValue })[EACH_VALUE];
  if (typeof each === "function") each((x) => force(x, seen));
  else if (Array.isArray(v)) for (const x of v) force(x, seen);
  else if (isPlainObject(v)) for (const k of Object.keys(v)) force(v[k], seen);
}
