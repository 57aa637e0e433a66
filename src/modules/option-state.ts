/**
 * The state of one option in one evaluation: its definitions (as indexed), whether its
 * value is being computed or done, the value, and what the computation read (kept by
 * incremental reuse, see incremental.ts). It is also the option's frame in cycle
 * reports (its path and the files of its definitions).
 */
import type { OptionLeaf } from "./declarations.js";
import type { Def } from "./definition-index.js";
import type { Computation } from "./lineage.js";
import type { Frame } from "./cycles.js";
import type { Merged } from "./merge.js";

/** The definitions of an option that has none (shared; `add` replaces it). */
const NO_DEFS: Def[] = Object.freeze([]) as unknown as Def[];

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
  /** The definitions, in merge order. */
  defs: Def[] = NO_DEFS;
  /** Whether the value (or the merged definitions) is being computed. */
  running = false;
  /** Whether `value` is computed. */
  done = false;
  /** The merged definitions, while the value is computed (or when `options` asks for them). */
  merged: Merged | undefined = undefined;
  /** What the computation read (see Reads); undefined when it read nothing. */
  reads: Reads | undefined = undefined;

  constructor(
    readonly leaf: OptionLeaf,
    readonly owner: object,
  ) {}
  get path(): readonly string[] {
    return this.leaf.option.loc;
  }
  get files(): string[] {
    return this.defs.map((d) => d.file);
  }
  /** Adds a definition (most options have one to three: exact arrays for those, trimmed by `settle` beyond). */
  add(def: Def): void {
    const d = this.defs;
    switch (d.length) {
      case 0:
        this.defs = [def];
        break;
      case 1:
        this.defs = [d[0]!, def];
        break;
      case 2:
        this.defs = [d[0]!, d[1]!, def];
        break;
      default:
        d.push(def);
    }
  }
  /** Ends indexing: an array grown by `push` keeps room for 16 more, given back here. */
  settle(): void {
    if (this.defs.length > 3) this.defs = this.defs.slice();
  }
}
