/**
 * `result.options`: the declaration tree as nested sets (names sorted, made on first
 * read) whose leaves describe an option: its declaration, and from its evaluation its
 * value, definitions, files and priority (nixpkgs' option attributes).
 */
import type { MergedOption, OptionLeaf, DeclTree } from "./declarations.js";
import type { OptionInfo } from "./eval.js";
import { showOption } from "./errors/render.js";
import { defineLazy } from "./lazy.js";
import type { Merged } from "./merge.js";

/**
 * Whether `v` is a leaf of an options tree (`result.options`): an evaluated option, or
 * a renamed option's alias. `isOption` is for declarations (`mkOption`).
 */
export function isOptionInfo(v: unknown): v is OptionInfo {
  return (
    (typeof v === "object" || typeof v === "function") && v !== null && (v as { _type?: unknown })._type === "option"
  );
}

/** What the options view reads of its evaluation. */
export interface OptionSource {
  valueOf(leaf: OptionLeaf): unknown;
  mergedOf(leaf: OptionLeaf): Merged;
}

/** The options view of `tree`. */
export function buildOptions(ev: OptionSource, tree: DeclTree): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const name of [...tree.children.keys()].sort()) {
    const child = tree.children.get(name)!;
    defineLazy(obj, name, () => (child.kind === "option" ? optionInfo(ev, child) : buildOptions(ev, child)));
  }
  return obj;
}

function optionInfo(ev: OptionSource, leaf: OptionLeaf): OptionInfo {
  const opt: MergedOption = leaf.option;
  const spec = opt.spec;
  const info = {
    _type: "option" as const,
    loc: opt.loc,
    type: opt.type,
    declarations: opt.declarations,
    // Where in each file is not known for TypeScript declarations (as nixpkgs for generated options).
    declarationPositions: opt.declarations.map((file) => ({ file, line: null, column: null })),
    description: spec.description,
    readOnly: spec.readOnly ?? false,
    internal: spec.internal ?? false,
    visible: spec.visible ?? true,
    get value() {
      return ev.valueOf(leaf);
    },
    get isDefined() {
      return ev.mergedOf(leaf).isDefined;
    },
    get highestPrio() {
      return ev.mergedOf(leaf).highestPrio;
    },
    get definitions() {
      return ev.mergedOf(leaf).defsFinal.map((d) => d.value);
    },
    get files() {
      return ev.mergedOf(leaf).defsFinal.map((d) => d.file);
    },
    get definitionsWithLocations() {
      return ev.mergedOf(leaf).defsFinal;
    },
    getSubOptions: (prefix?: readonly string[]) => opt.type.getSubOptions(prefix ?? opt.loc),
    toString: () => showOption(opt.loc),
  };
  for (const k of ["default", "defaultText", "example", "apply", "relatedPackages"] as const) {
    if (k in spec) Object.defineProperty(info, k, { value: spec[k], enumerable: true });
  }
  return info as unknown as OptionInfo;
}
