/**
 * The values of `result.config` for an evaluation whose options outside `_module` all
 * merge static definitions with the library's own code (its index is `pure`, see
 * flat-index.ts and settled.ts): such a value reads no configuration and no module
 * argument, so it is a function of the option's definitions alone, and it is computed
 * from the index alone. The configuration then holds the index and nothing else of its
 * evaluation (not the modules, not the evaluation, which its result holds), and no state
 * per option is kept: each value is kept by the node of `result.config` that gave it
 * out, and an extension takes it from there (incremental.ts).
 */
import { makeResultNode, type ResultSource } from "./config-node.js";
import { frameError } from "./cycles.js";
import type { DeclNode, OptionLeaf } from "./declarations.js";
import { DATA_KIND, DEFERRED_KIND, type FlatDefs, flatDefs } from "./flat-index.js";
import { OptionState } from "./option-state.js";
import { optionValue } from "./option-value.js";
import { priorities } from "./priority.js";

const NONE: unique symbol = Symbol("none");

/**
 * What equalPrimitives needs of an option's declaration: its type, and its default (if
 * any) at its priority. Null for an option it never applies to (a type that does not
 * merge equal values, a read-only option, a default that is not a primitive).
 */
interface Quick {
  readonly type: object;
  readonly check: (this: object, value: unknown) => boolean;
  readonly mergesEqual: (this: object, value: unknown) => boolean;
  readonly best: number;
  readonly value: unknown;
}

function quickOf(leaf: OptionLeaf): Quick | null {
  let q = leaf.quick as Quick | null | undefined;
  if (q !== undefined) return q;
  const opt = leaf.option;
  const type = opt.type;
  q = null;
  if (type.mergesEqual !== undefined && !opt.spec.readOnly) {
    const { check, mergesEqual } = type;
    if (!("default" in opt.spec)) q = { type, check, mergesEqual, best: 10000, value: NONE };
    else {
      const v = opt.spec.default;
      if (!((typeof v === "object" && v !== null) || typeof v === "function"))
        q = { type, check, mergesEqual, best: priorities.optionDefault, value: v };
    }
  }
  leaf.quick = q;
  return q;
}

/**
 * The value of option `leaf` straight from the index, in the common case that
 * option-value.ts decides without the definition pipeline (equalPrimitives there):
 * the default and every definition a primitive, maybe given with `mkOverride`, the
 * definitions of the winning priority all the same value, which the type takes as it
 * is. Anything else (and every error) is left to the pipeline: NONE.
 */
function equalPrimitives(flat: FlatDefs, leaf: OptionLeaf): unknown {
  const quick = quickOf(leaf);
  if (quick === null) return NONE;
  let best = quick.best;
  let value = quick.value;
  let same = true;
  const { values, kinds } = flat;
  const to = flat.starts[leaf.index + 1]!;
  for (let j = flat.starts[leaf.index]!; j < to; j++) {
    const k = kinds[j]!;
    const v = values[j];
    if (k === DEFERRED_KIND || (typeof v === "object" && v !== null) || typeof v === "function") return NONE;
    const p = k === DATA_KIND ? priorities.plain : k;
    if (p < best) {
      best = p;
      value = v;
      same = true;
    } else if (p === best && v !== value) same = false;
  }
  return value !== NONE && same && quick.check.call(quick.type, value) && quick.mergesEqual.call(quick.type, value)
    ? value
    : NONE;
}

/** See the file's comment. */
export class DetachedSource implements ResultSource {
  constructor(private readonly flat: FlatDefs) {}

  resultChild(child: DeclNode): unknown {
    if (child.kind === "tree") return makeResultNode(child, false, this);
    const quick = equalPrimitives(this.flat, child);
    if (quick !== NONE) return quick;
    const st = new OptionState(child, this, flatDefs(this.flat, child.index));
    st.pureDefs = true;
    st.running = true;
    try {
      return optionValue(st);
    } catch (e) {
      throw frameError(e, st, true);
    }
  }

  /** Nothing here is recorded: values are given out as kept. */
  idle(): boolean {
    return true;
  }

  resultComplete(): void {}
}
