/**
 * Push-down of top-level properties (nixpkgs `pushDownProperties`): a set of
 * definitions under `mkMerge`, `mkIf` or `mkOverride` becomes plain sets whose
 * children carry the property, so attribute names are known without deciding
 * conditions. The children are wrapped when read, through a proxy over one shared
 * handler (no getter per child: see lazy-attrs.ts for why that matters).
 */
import { ModuleError } from "./errors/module-error.js";
import { showOption, showValue } from "./errors/render.js";
import { MkIf, MkMerge, MkOverride } from "./properties.js";
import { shownDescriptor } from "./proxy-view.js";
import { deref } from "./reference.js";
import { isPlainObject } from "./types/option-type.js";

/** A set of definitions seen through a property: each child read comes wrapped in it. */
class Wrapped {
  constructor(
    readonly inner: Record<string, unknown>,
    readonly by: MkIf | MkOverride,
  ) {}
}

const handler: ProxyHandler<Wrapped> = {
  get(t, k) {
    if (typeof k === "symbol" || !Object.hasOwn(t.inner, k)) return undefined;
    const v = t.inner[k];
    return t.by instanceof MkIf ? new MkIf(t.by.condition, v) : new MkOverride(t.by.priority, v);
  },
  has: (t, k) => typeof k === "string" && Object.hasOwn(t.inner, k),
  ownKeys: (t) => Object.keys(t.inner),
  getOwnPropertyDescriptor: (t, k) =>
    typeof k === "string" && Object.hasOwn(t.inner, k) ? shownDescriptor : undefined,
  getPrototypeOf: () => Object.prototype,
};

/** Expands `mkMerge` and pushes `mkIf`/`mkOverride` down to the children of a set of definitions. */
export function pushDown(value: unknown, file: string, path: readonly string[]): Record<string, unknown>[] {
  const v = deref(value);
  if (v instanceof MkMerge) return v.contents.flatMap((c) => pushDown(c, file, path));
  if (v instanceof MkIf || v instanceof MkOverride) {
    return pushDown(v.content, file, path).map(
      (o) => new Proxy(new Wrapped(o, v), handler) as unknown as Record<string, unknown>,
    );
  }
  if (!isPlainObject(v)) {
    throw new ModuleError({
      code: "TYPE_MISMATCH",
      message: `In module \`${file}', you're trying to define a value of type \`${v === null ? "null" : Array.isArray(v) ? "list" : typeof v}' rather than an attribute set for the option \`${showOption(path)}'! This usually happens if \`${showOption(path)}' has option definitions inside that are not matched.`,
      optionPath: path,
      definitions: [{ file, value: v }],
      hint: `\`${showOption(path)}' is a set of options; define its options one by one (${showValue(v)} is not a set).`,
    });
  }
  return [v];
}
