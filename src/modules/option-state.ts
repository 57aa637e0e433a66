/**
 * The state of one option in one evaluation: its definitions (as indexed), whether its
 * value is being computed or done, the value, and what the computation read (kept by
 * incremental reuse, see incremental.ts). It is also the option's frame in cycle
 * reports (its path and the files of its definitions).
 */
import type { OptionLeaf } from "./declarations.js";
import { type DefList, defCount, defFile } from "./definition-index.js";
import type { Computation } from "./lineage.js";
import type { Frame } from "./cycles.js";
import type { Merged } from "./merge.js";

/**
 * What a value's computation read of its own evaluation, for an extension to check
 * (see docs/semantics.md, "Reuse in extendModules"). Made on the first read recorded.
 */
export interface Reads {
  /** Options of the evaluation read, in order (their states, with the values they had). */
  deps?: OptionState[];
  /** Module arguments read, with the values seen: name, value, name, value... */
  args?: unknown[];
  /** Whether it read something no extension can compare (an option's definitions or priority). */
  impure?: boolean;
  /** Whether the value is a function of static definitions alone (undefined until first asked). */
  pure?: boolean;
}

/** See the file's comment. */
export class OptionState implements Frame, Computation {
  value: unknown = undefined;
  /** Whether the value (or the merged definitions) is being computed. */
  running = false;
  /** Whether `value` is computed. */
  done = false;
  /** The merged definitions, while the value is computed (or when `options` asks for them). */
  merged: Merged | undefined = undefined;
  /** What the computation read (see Reads); undefined when it read nothing. */
  reads: Reads | undefined = undefined;
  /** Whether its definitions, type and default are static data, known when it was made (settled.ts). */
  pureDefs = false;

  constructor(
    readonly leaf: OptionLeaf,
    readonly owner: object,
    /** The definitions, in merge order. */
    readonly defs: DefList,
  ) {}
  get path(): readonly string[] {
    return this.leaf.option.loc;
  }
  get files(): string[] {
    const out: string[] = [];
    for (let i = 0; i < defCount(this.defs); i++) out.push(defFile(this.defs, i));
    return out;
  }
}
