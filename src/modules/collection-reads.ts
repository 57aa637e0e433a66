/**
 * A module body can take a path into `config` freely, but a scalar option read there
 * and then used (in an `if`, a `?:`, a comparison) silently sees a reference, not the
 * value. Once the options are known, every scalar option read during collection must
 * have gone somewhere that defers it (a definition, a condition); otherwise it is
 * reported, naming the module and the option.
 */
import type { DeclTree } from "./declarations.js";
import type { Lineage } from "./lineage.js";
import type { NormalModule } from "./normalize.js";
import { OptionDecl } from "./option.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";
import { collectingError, refOf } from "./reference.js";
import { isPlainObject, type OptionType } from "./types/option-type.js";

const scalarTypes =
  /^(unspecified|bool|boolByOr|int|float|number|str|nonEmptyStr|singleLineStr|enum|path|separatedString|intBetween|positiveInt|unsignedInt\d*|signedInt\d*|strMatching .*)$/;

function isScalar(t: OptionType): boolean {
  return scalarTypes.test(t.name) || (t.name === "nullOr" && isScalar(t.nestedTypes.elemType!));
}

/** Throws for the first scalar option of `tree` read while `modules` were collected and used as a value there. */
export function checkCollectionReads(lineage: Lineage, tree: DeclTree, modules: readonly NormalModule[]): void {
  if (lineage.taken.length === 0) return;
  const pending = lineage.taken.filter((i) => i.root === "config" && !i.consumed && scalarLeaf(tree, i.path));
  lineage.taken.length = 0;
  if (pending.length === 0) return;
  const wanted = new Set(pending);
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    const ref = refOf(v);
    if (ref) {
      wanted.delete(ref);
      return;
    }
    if (depth > 64 || v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof MkIf) {
      visit(v.condition, depth + 1);
      visit(v.content, depth + 1);
    } else if (v instanceof MkMerge) v.contents.forEach((c) => visit(c, depth + 1));
    else if (v instanceof MkOverride || v instanceof MkOrder) visit(v.content, depth + 1);
    else if (v instanceof OptionDecl) visit(v.spec.default, depth + 1);
    else if (Array.isArray(v) || isPlainObject(v)) {
      for (const [, d] of Object.entries(Object.getOwnPropertyDescriptors(v)))
        if ("value" in d) visit(d.value, depth + 1);
    }
  };
  for (const m of modules) {
    if (wanted.size === 0) return;
    visit(m.config, 0);
    visit(m.options, 0);
  }
  const first = [...wanted][0];
  if (first) throw collectingError(first, "in a condition or comparison in its body");
}

function scalarLeaf(tree: DeclTree, path: readonly string[]): boolean {
  let t: DeclTree = tree;
  for (let i = 0; i < path.length; i++) {
    const c = t.children.get(path[i]!);
    if (!c) return false;
    if (c.kind === "option") return i === path.length - 1 && isScalar(c.option.type);
    t = c;
  }
  return false;
}
