/**
 * The value of a submodule option whose modules and definitions are static data,
 * without an evaluation of its own.
 *
 * A submodule value is `evalModules` of the type's modules, a module defining
 * `_module.args.name`, and one module per definition (docs/semantics.md). When every
 * module of the type is a plain object that only declares options (no configuration,
 * imports, key, class or freeform type), every definition is a plain object of static
 * data (no getter, function, reference or `lazy` value), nothing in them defines or
 * matches no option or anything under `_module`, and the options merge with the
 * library's own code (settled.ts `pureOptions`), then that evaluation's `config` is
 * the static configuration of detached.ts: each value a function of its option's
 * definitions, computed from the definition index alone. No module function runs, no
 * configuration or module argument is read, so collecting the modules, the internal
 * module and the `name` module change nothing in it; they are skipped. The
 * declaration tree is the one that evaluation would use (the same declaring modules,
 * so the same cached tree), and the definitions are indexed in the same merge order
 * (the last definition first), so values, their order and every error are the same.
 * Anything else is left to the evaluation (`undefined`).
 */
import { makeResultNode } from "./config-node.js";
import { declareCached, type DeclTree } from "./declarations.js";
import { indexModule } from "./definition-index.js";
import type { Definition } from "./definition.js";
import { DetachedSource } from "./detached.js";
import { INTERNAL_KEY } from "./evaluation.js";
import { FlatIndexBuilder, ownLeaves } from "./flat-index.js";
import { EMPTY_OPTIONS, NO_MODULES, normalizeModule, type NormalModule } from "./normalize.js";
import { OptionDecl } from "./option.js";
import { pureOptions, isStaticValue } from "./settled.js";
import { isPlainObject } from "./types/option-type.js";
import { getterOf } from "./plain-object.js";
import { types } from "node:util";

/** The declaring modules of a static submodule type, in merge order, and the trees they declare at each place. */
export interface StaticDeclarations {
  readonly modules: readonly NormalModule[];
  /** By place (its path joined by NUL): the declaration tree and its `_module` options, or null when not pure. */
  readonly trees: Map<string, { tree: DeclTree; own: Uint8Array } | null>;
}

/**
 * How many places a type remembers its trees for (then it starts again): a fleet's
 * values share a few names; a process meeting ever new ones looks them up anew.
 */
const PLACES = 256;

/**
 * The declaring modules of a submodule type with modules `modules`, when each (and each
 * module it imports) is a plain object of static data that only declares options and
 * imports others: what `staticSubmoduleConfig` needs. They are in the merge order of
 * the evaluation's closure (collect.ts): breadth first from the type's modules, the
 * internal module (with declarations `internalOptions`) after the top level, then
 * reversed. Null when the type's values need evaluations of their own.
 */
export function staticDeclarations(
  modules: readonly unknown[],
  internalOptions: Record<string, unknown>,
): StaticDeclarations | null {
  const internal: NormalModule = {
    file: INTERNAL_KEY,
    key: INTERNAL_KEY,
    imports: NO_MODULES,
    disabledModules: NO_MODULES,
    options: internalOptions,
    config: EMPTY_OPTIONS,
  };
  const collected: NormalModule[] = [];
  let level: { value: unknown; file: string; key: string }[] = modules.map((value, i) => ({
    value,
    file: "<unknown-file>",
    key: `:anon-${i + 1}`,
  }));
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > 32) return null;
    const next: typeof level = [];
    for (const { value, file, key } of level) {
      if (!isPlainObject(value) || types.isProxy(value) || !isStaticValue(value)) return null;
      for (const k of Object.keys(value)) if (k !== "options" && k !== "_file" && k !== "imports") return null;
      if (value.options !== undefined && !declarationsOnly(value.options, 0)) return null;
      let nm: NormalModule;
      try {
        nm = normalizeModule(value, file, key);
      } catch {
        return null;
      }
      collected.push(nm);
      nm.imports.forEach((child, j) => next.push({ value: child, file: nm.file, key: `${nm.key}:anon-${j + 1}` }));
    }
    if (depth === 0) collected.push(internal);
    level = next;
  }
  return { modules: collected.reverse(), trees: new Map() };
}

/** The declaration tree of `declaring` at `loc` and its `_module` options, or null when its options do not all merge static data purely. */
function treeAt(declaring: StaticDeclarations, loc: readonly string[]): { tree: DeclTree; own: Uint8Array } | null {
  const place = loc.join("\0");
  let at = declaring.trees.get(place);
  if (at === undefined) {
    const tree = declareCached(declaring.modules, loc);
    at = pureOptions(tree) ? { tree, own: ownLeaves(tree) } : null;
    if (declaring.trees.size >= PLACES) declaring.trees.clear();
    declaring.trees.set(place, at);
  }
  return at;
}

/** Whether an `options` tree holds only sets of options and option declarations, as data properties. */
function declarationsOnly(tree: unknown, depth: number): boolean {
  if (tree instanceof OptionDecl) return true;
  if (!isPlainObject(tree) || depth > 32) return false;
  for (const k of Object.keys(tree))
    if (getterOf(tree, k) !== undefined || !declarationsOnly(tree[k], depth + 1)) return false;
  return true;
}

/**
 * The configuration of the submodule value at `loc` made of `defs`, for a type whose
 * declaring modules are `declaring` (see staticDeclarations), or undefined when the
 * value needs its evaluation (see the file's comment).
 */
export function staticSubmoduleConfig(
  declaring: StaticDeclarations,
  loc: readonly string[],
  defs: readonly Definition[],
): Record<string, unknown> | undefined {
  for (let i = 0; i < defs.length; i++) {
    const v = defs[i]!.value;
    if (!isPlainObject(v) || types.isProxy(v) || !isStaticValue(v)) return undefined;
  }
  const at = treeAt(declaring, loc);
  if (at === null) return undefined;
  const { tree, own } = at;
  const found = new FlatIndexBuilder(tree, own);
  try {
    for (let i = defs.length - 1; i >= 0; i--) {
      const d = defs[i]!;
      const module: NormalModule = {
        file: d.file,
        key: "",
        imports: NO_MODULES,
        disabledModules: NO_MODULES,
        options: EMPTY_OPTIONS,
        config: d.value,
      };
      indexModule(found, tree, module, loc.length);
    }
  } catch {
    return undefined; // the evaluation reports it, naming the module
  }
  if (!found.staticData || found.unmatched.length > 0 || found.own.length > 0) return undefined;
  return makeResultNode(tree, true, new DetachedSource(found.finish()));
}
