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
 * The value of option `leaf` straight from the index, in the common case that
 * option-value.ts decides without the definition pipeline (equalPrimitives there):
 * the default and every definition a primitive, maybe given with `mkOverride`, the
 * definitions of the winning priority all the same value, which the type takes as it
 * is. Anything else (and every error) is left to the pipeline: NONE.
 */
function equalPrimitives(flat: FlatDefs, leaf: OptionLeaf): unknown {
  const opt = leaf.option;
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
  return value !== NONE && same && type.check(value) && type.mergesEqual(value) ? value : NONE;
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
