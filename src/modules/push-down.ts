/**
 * Push-down of top-level properties (nixpkgs `pushDownProperties`): a set of
 * definitions under `mkMerge`, `mkIf` or `mkOverride` becomes plain sets whose
 * children carry the property, so attribute names are known without deciding
 * conditions. The children are wrapped when read, through a proxy over one shared
 * handler (no getter per child: see lazy-attrs.ts for why that matters).
 */
import { ModuleError } from "./errors/module-error.js";
import { nixTypeOf, showOption, showValue } from "./errors/render.js";
import { MkIf, MkMerge, MkOverride } from "./properties.js";
import { shownDescriptor } from "./proxy-view.js";
import { deref } from "./reference.js";
import { isPlainObject } from "./types/option-type.js";

/**
 * A set of definitions seen through properties (innermost first): each child read
 * comes wrapped in them, the innermost closest to the value. Properties nested in
 * properties make one such set, not a proxy of a proxy (whose reads would recurse).
 */
class Wrapped {
  constructor(
    readonly inner: Record<string, unknown>,
    readonly by: readonly (MkIf | MkOverride)[],
  ) {}
}

const handler: ProxyHandler<Wrapped> = {
  get(t, k) {
    if (typeof k === "symbol" || !Object.hasOwn(t.inner, k)) return undefined;
    let v = t.inner[k];
    for (const p of t.by) v = p instanceof MkIf ? new MkIf(p.condition, v) : new MkOverride(p.priority, v);
    return v;
  },
  has: (t, k) => typeof k === "string" && Object.hasOwn(t.inner, k),
  ownKeys: (t) => Object.keys(t.inner),
  getOwnPropertyDescriptor: (t, k) =>
    typeof k === "string" && Object.hasOwn(t.inner, k) ? shownDescriptor : undefined,
  getPrototypeOf: () => Object.prototype,
};

/** The properties a set of definitions sits under, innermost first. */
interface Under {
  readonly by: MkIf | MkOverride;
  readonly outer: Under | undefined;
}

/**
 * Expands `mkMerge` and pushes `mkIf`/`mkOverride` down to the children of a set of
 * definitions, giving the sets in order. Nested properties are walked with a
 * worklist, not by recursion: an `mkMerge` may nest as deep as memory allows.
 */
export function pushDown(value: unknown, file: string, path: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const stack: { value: unknown; under: Under | undefined }[] = [{ value, under: undefined }];
  while (stack.length > 0) {
    const { value: raw, under } = stack.pop()!;
    const v = deref(raw);
    if (v instanceof MkMerge) {
      const contents = Array.isArray(v.contents) ? v.contents : Array.from(v.contents);
      for (let i = contents.length - 1; i >= 0; i--) stack.push({ value: contents[i], under });
    } else if (v instanceof MkIf || v instanceof MkOverride) {
      stack.push({ value: v.content, under: { by: v, outer: under } });
    } else if (isPlainObject(v)) {
      if (!under) out.push(v);
      else {
        const by: (MkIf | MkOverride)[] = [];
        for (let u: Under | undefined = under; u; u = u.outer) by.push(u.by);
        out.push(new Proxy(new Wrapped(v, by), handler) as unknown as Record<string, unknown>);
      }
    } else {
      throw new ModuleError({
        code: "TYPE_MISMATCH",
        message: `In module \`${file}', you're trying to define a value of type \`${nixTypeOf(v)}'\nrather than an attribute set for the option\n\`${showOption(path)}'!\n\nThis usually happens if \`${showOption(path)}' has option definitions inside that are not matched.`,
        optionPath: path,
        definitions: [{ file, value: v }],
        hint: `\`${showOption(path)}' is a set of options; define its options one by one (${showValue(v)} is not a set).`,
      });
    }
  }
  return out;
}
