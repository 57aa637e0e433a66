/**
 * A lineage: an evaluation and its `extendModules` extensions, which share one set of
 * collected modules (the modules' references to `config`, `options` and
 * `_module.args` resolve against the lineage's evaluation computing right now), and
 * the bookkeeping of the computation under way in them. Nothing of it is module-level:
 * two lineages, nested (a submodule's value) or side by side, never see each other's.
 */
import type { RefHost, RefInfo } from "./reference.js";

/** A computation of an evaluation (an option's value), as its readers record it. */
export interface Computation {
  /** The evaluation it belongs to. */
  readonly owner: object;
}

/** See the file's comment. */
export class Lineage {
  /** The evaluations of the lineage evaluating right now, innermost last. */
  readonly active: RefHost[] = [];
  /** References taken while modules were collected (checked once the options are known). */
  readonly taken: RefInfo[] = [];
  /** The innermost option value being computed in the lineage (what a read is recorded against). */
  computing: Computation | undefined = undefined;
  /** How many option values of the lineage are being computed, nested (0: none). */
  depth = 0;
  /**
   * Which options exist, as far as a module asked while modules were collected
   * (`"enable" in options`): the option paths of the previous collection, or undefined
   * on the first one (then every such question is answered "no" and noted in `askedOptions`).
   */
  knownOptions: ReadonlySet<string> | undefined = undefined;
  /** Whether a module asked which options exist while modules were collected. */
  askedOptions = false;
  constructor(public owner: RefHost) {}
  /** The evaluation references resolve against: the innermost active one, else the first. */
  current(): RefHost {
    const a = this.active;
    return a.length > 0 ? a[a.length - 1]! : this.owner;
  }
}
