/**
 * Whether a function can read its first argument, decided from its source (no call).
 *
 * Nix passes an option's merged value to `apply` unevaluated, so an `apply` that ignores
 * it (`apply = v: "const"`) gives its result even when the definitions cannot be merged.
 * JavaScript evaluates arguments before the call; the merge is skipped instead when the
 * function cannot read its argument. The answer errs towards "reads": a function
 * without parameters ignores its argument; one whose first parameter is a plain name
 * ignores it when that name appears nowhere after it (later parameters and body), and
 * neither `arguments` nor `eval` does; anything else (destructuring, a default value
 * (which `length` does not count),
 * a rest parameter, native or bound functions, a source that does not parse this
 * simply) reads it. A name that appears only in a string or as a property name counts
 * as a read: a needless merge, never a value computed without one that was needed.
 */

const answers = new WeakMap<Function, boolean>();
const NAME = /^[A-Za-z_$][\w$]*$/;

/** Whether `fn` may read its first argument (cached per function). */
export function readsArgument(fn: Function): boolean {
  let r = answers.get(fn);
  if (r === undefined) answers.set(fn, (r = analyse(Function.prototype.toString.call(fn))));
  return r;
}

function analyse(src: string): boolean {
  if (src.includes("[native code]")) return true;
  let name: string;
  let rest: string;
  const bare = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (bare) {
    name = bare[1]!;
    rest = src.slice(bare[0].length);
  } else {
    const open = src.indexOf("(");
    if (open < 0) return true;
    // The first parameter ends at the first top-level `,` or at the `)` closing the list.
    let depth = 0;
    let end = -1;
    for (let i = open + 1; i < src.length && end < 0; i++) {
      const c = src[i];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) end = i;
        else depth--;
      } else if (c === "," && depth === 0) end = i;
      else if (c === "'" || c === '"' || c === "`" || c === "/") return true;
    }
    if (end < 0) return true;
    name = src.slice(open + 1, end).trim();
    rest = src.slice(end);
    if (name === "" && src[end] !== ")") return true;
  }
  const word = (w: string) => new RegExp(`(?<![\\w$])${w.replace(/\$/g, "\\$")}(?![\\w$])`).test(rest);
  if (word("arguments") || word("eval")) return true;
  return name === "" ? false : !NAME.test(name) || word(name);
}
