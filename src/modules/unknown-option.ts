/**
 * The error for definitions that match no option (nixpkgs' "The option `x' does not
 * exist"): the first such definition in path order, with the closest declared names,
 * or a hint when the module seems to declare options under `config`.
 */
import type { DeclTree } from "./declarations.js";
import type { UnmatchedDefinition } from "./definition.js";
import { ModuleError } from "./errors/module-error.js";
import { showDefs, showOption } from "./errors/render.js";
import { closest } from "./errors/suggest.js";
import { safeValue } from "./option-value.js";

/** The UNKNOWN_OPTION error for `unmatched` (not empty) in an evaluation at `prefix` whose declarations are `tree`. */
export function unknownOptionError(
  tree: DeclTree,
  unmatched: readonly UnmatchedDefinition[],
  prefix: readonly string[],
): ModuleError {
  const sorted = [...unmatched].sort((a, b) => cmpPath(a.prefix, b.prefix));
  const first = sorted[0]!;
  const loc = [...prefix, ...first.prefix];
  let failure: string | undefined;
  const value = safeValue(() => {
    try {
      return first.read();
    } catch (e) {
      failure = e instanceof Error ? e.message.split("\n")[0] : String(e);
      throw e;
    }
  });
  const onlyModule = [...tree.children.keys()].every((k) => k === "_module");
  const candidates = siblingNames(tree, first.prefix);
  const suggestions = closest(first.prefix[first.prefix.length - 1]!, candidates);
  let hint = suggestions.length
    ? `Did you mean ${suggestions.map((x) => `\`${showOption([...loc.slice(0, -1), x])}'`).join(", ")}?`
    : undefined;
  if (onlyModule) {
    hint =
      prefix.length === 0
        ? "It seems as if you're trying to declare an option by placing it into `config' rather than `options'!"
        : `However there are no options defined in \`${showOption(prefix)}'. Are you sure you've declared your options properly? This can happen if you e.g. declared your options in \`types.submodule' under \`config' rather than \`options'.`;
  }
  return new ModuleError({
    code: "UNKNOWN_OPTION",
    message:
      `The option \`${showOption(loc)}' does not exist. Definition values:${showDefs([{ file: first.file, value }])}` +
      (failure === undefined
        ? ""
        : `\n\n(The value failed while evaluating the error message for definitions for \`${showOption(loc)}', which is an option that does not exist: while evaluating a definition from \`${first.file}': ${failure})`),
    optionPath: loc,
    definitions: [{ file: first.file, value }],
    hint,
  });
}

function siblingNames(tree: DeclTree, rel: readonly string[]): string[] {
  let t: DeclTree = tree;
  for (const k of rel.slice(0, -1)) {
    const c = t.children.get(k);
    if (c?.kind !== "tree") return [];
    t = c;
  }
  return [...t.children.keys()].filter((k) => k !== "_module");
}

function cmpPath(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}
