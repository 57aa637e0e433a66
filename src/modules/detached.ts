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
import type { DeclNode } from "./declarations.js";
import { type FlatDefs, flatDefs } from "./flat-index.js";
import { OptionState } from "./option-state.js";
import { optionValue } from "./option-value.js";

/** See the file's comment. */
export class DetachedSource implements ResultSource {
  constructor(private readonly flat: FlatDefs) {}

  resultChild(child: DeclNode): unknown {
    if (child.kind === "tree") return makeResultNode(child, false, this);
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
