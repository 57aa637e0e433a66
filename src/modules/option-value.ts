/**
 * An option's value (nixpkgs `evalOptionValue`): its definitions are read (the default
 * first, as a definition at priority 1500 from the first declaration's file), merged
 * by the definition pipeline (merge.ts), checked for `readOnly`, and passed through
 * `apply`. The common case (every definition a primitive, the winning ones equal) is
 * decided without the pipeline, with the same result.
 */
import type { MergedOption } from "./declarations.js";
import type { Definition, DefinitionContext } from "./definition.js";
import { defContent, defCount, defFile, defPriority, readDef } from "./definition-index.js";
import { ModuleError } from "./errors/module-error.js";
import { showDefs, showOption } from "./errors/render.js";
import { mergeDefinitions, type Merged } from "./merge.js";
import type { OptionState } from "./option-state.js";
import { MkIf, MkOverride, mkOptionDefault } from "./properties.js";
import { priorities } from "./priority.js";
import { readsArgument } from "./reads-argument.js";
import { deref } from "./reference.js";

/** The merged definitions of the option of `st` (kept on `st` until its value is done). */
export function mergedDefinitions(st: OptionState): Merged {
  const opt = st.leaf.option;
  const hasDefault = "default" in opt.spec;
  const d = st.defs;
  const count = defCount(d);
  const defs: Definition[] = new Array(count + (hasDefault ? 1 : 0));
  let n = 0;
  if (hasDefault)
    defs[n++] = { file: opt.declarations[0] ?? "<unknown-file>", value: mkOptionDefault(opt.spec.default) };
  for (let i = 0; i < count; i++) defs[n++] = { file: defFile(d, i), value: readDef(d, i) };
  const context = (st.owner as { definitionContext?: () => DefinitionContext | undefined }).definitionContext?.();
  if (context !== undefined) for (const def of defs) def.context = context;
  if (opt.spec.readOnly && defs.length > 1) {
    const separate = defs.map((d) => ({
      ...d,
      value: safeValue(() => mergeDefinitions(opt.loc, opt.type, [d]).mergedValue),
    }));
    throw new ModuleError({
      code: "READ_ONLY",
      message: `The option \`${showOption(opt.loc)}' is read-only, but it's set multiple times. Definition values:${showDefs(separate)}`,
      optionPath: opt.loc,
      definitions: separate,
      hint: "A read-only option takes exactly one value; remove the other definitions.",
    });
  }
  return (st.merged = mergeDefinitions(opt.loc, opt.type, defs));
}

/** The value of the option of `st`, stored on it (`done`). */
export function optionValue(st: OptionState): unknown {
  const opt = st.leaf.option;
  const apply = opt.spec.apply;
  // An `apply` that cannot read its argument ignores the merged value, which is then
  // not computed (as in Nix, where it stays an unevaluated thunk): aliases, removed
  // options, `apply: (_) => constant`.
  if (apply) {
    const merged = st.merged ?? mergedDefinitions(st);
    st.value = readsArgument(apply) ? apply(merged.mergedValue) : (apply as () => unknown)();
  } else {
    const v = st.merged ? NONE : equalPrimitives(opt, st);
    st.value = v === NONE ? (st.merged ?? mergedDefinitions(st)).mergedValue : v;
  }
  st.done = true;
  st.merged = undefined;
  return st.value;
}

const NONE: unique symbol = Symbol("none");

/**
 * The value of an option without the definition pipeline, in its most common case:
 * every definition (and the default) is a primitive, maybe under `mkIf` with a boolean
 * condition and one priority wrapper, the type merges equal values to themselves, and
 * the definitions of the winning priority are all the same value, which the type
 * accepts. Anything else (and every error) is left to the pipeline: `NONE`.
 */
function equalPrimitives(opt: MergedOption, st: OptionState): unknown {
  const type = opt.type;
  if (type.mergesEqual === undefined || opt.spec.readOnly) return NONE;
  let best = 10000;
  let value: unknown = NONE;
  let same = true;
  if ("default" in opt.spec) {
    const v = opt.spec.default;
    if ((typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    best = priorities.optionDefault;
    value = v;
  }
  const d = st.defs;
  for (let i = 0; i < defCount(d); i++) {
    const given = defPriority(d, i);
    let v = given === undefined ? readDef(d, i) : defContent(d, i);
    let p: number = given ?? priorities.plain;
    if (given !== undefined) {
      if ((typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    } else if ((typeof v === "object" && v !== null) || typeof v === "function") {
      while (v instanceof MkIf) {
        if (v.condition === false) break;
        if (v.condition !== true) return NONE;
        v = v.content;
      }
      if (v instanceof MkIf) continue;
      if (v instanceof MkOverride) {
        p = v.priority;
        v = v.content;
      }
      if ((typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    }
    if (p < best) {
      best = p;
      value = v;
      same = true;
    } else if (p === best && v !== value) same = false;
  }
  return value !== NONE && same && type.check(value) && type.mergesEqual(value) ? value : NONE;
}

/** A value for an error message: `f()`, or the first line of what it threw. */
export function safeValue(f: () => unknown): unknown {
  try {
    return deref(f());
  } catch (e) {
    return `<error: ${(e as Error).message.split("\n")[0]}>`;
  }
}
