/**
 * `den.ctx` as a tree: a key holds a stage (an aspect: a definition that is a function
 * or an aspect, or that has `into`, `provides`, `_`, `includes`, `description` or `meta`)
 * or a namespace of further keys (`den.ctx.ns.inner`). A nested stage's name is its
 * path joined by `.` (`ns.inner`): `into` names it so (`{ "ns.inner": [...] }` or
 * nested, `{ ns: { inner: [...] } }`), cross providers use that name
 * (`provides["ns.inner"]`), its self provider its last part (`provides.inner`).
 */
import { force, mkOptionType, type OptionType, types } from "../modules/index.js";
import { isAspect, type Aspect } from "./aspect.js";

const NODE_KEYS = ["into", "provides", "_", "includes", "description", "meta"];

/** Whether a `den.ctx` definition (its value, as a merge receives it) makes a stage (not a namespace). */
function isStageDef(x: unknown): boolean {
  if (typeof x === "function" || isAspect(x)) return true;
  if (typeof x !== "object" || x === null || Array.isArray(x)) return true;
  return NODE_KEYS.some((k) => Object.hasOwn(x, k));
}

/** The option type of a `den.ctx` entry: a stage (`stage(loc)`) or a namespace of entries. */
export function ctxTreeType(stage: OptionType<Aspect>): OptionType<unknown> {
  const tree: OptionType<unknown> = mkOptionType<unknown>({
    name: "ctxTree",
    description: "context stage or namespace of stages",
    descriptionClass: "noun",
    check: (v) => v !== null && (typeof v === "object" || typeof v === "function"),
    merge: (loc, defs) =>
      defs.some((d) => isStageDef(d.value)) ? stage.merge(loc, defs) : types.lazyAttrsOf(tree).merge(loc, defs),
    emptyValue: undefined,
  });
  return tree;
}

/** The stage at a dotted path of `den.ctx` (`ns.inner`), or undefined. */
export function stageAt(nodes: Readonly<Record<string, unknown>>, path: string): Aspect | undefined {
  if (Object.hasOwn(nodes, path)) {
    const v = force(nodes[path]);
    if (isAspect(v)) return v;
  }
  let v: unknown = nodes;
  for (const k of path.split(".")) {
    const o = force(v) as Record<string, unknown> | null;
    if (typeof o !== "object" || o === null || isAspect(o) || !Object.hasOwn(o, k)) return undefined;
    v = o[k];
  }
  v = force(v);
  return isAspect(v) ? v : undefined;
}

/** Whether the dotted path names a namespace of `den.ctx` (a record of stages, not a stage). */
export function isNamespaceAt(nodes: Readonly<Record<string, unknown>>, path: string): boolean {
  let v: unknown = nodes;
  for (const k of path.split(".")) {
    const o = force(v) as Record<string, unknown> | null;
    if (typeof o !== "object" || o === null || isAspect(o) || !Object.hasOwn(o, k)) return false;
    v = o[k];
  }
  v = force(v);
  return typeof v === "object" && v !== null && !isAspect(v);
}
