/**
 * The state of one option in one evaluation: its definitions (as they were indexed),
 * its value once computed, and what the computation read (for `extendModules`).
 */
import type { OptionLeaf } from "./declarations.js";
import type { Frame } from "./lazy.js";
import type { Merged } from "./merge.js";
import type { Lineage } from "./reference.js";

/** The evaluation an option state belongs to (as its readers compare them). */
export interface StateOwner {
  readonly lineage: Lineage;
}

/** The definitions of an option that has none (shared; `OptionState.add` replaces it). */
const NO_DEFS: unknown[] = Object.freeze([]) as unknown as unknown[];

/** The part of the modules being indexed: deeper imports, the internal module, the top-level modules (merge order). */
export type Phase = "deep" | "internal" | "top";

const RUNNING = 1;
const DONE = 2;
const IMPURE = 4;
const PURE_KNOWN = 8;
const PURE = 16;

/** The parts of an option's state that few options need. */
interface StateExtra {
  merged?: Merged;
  deps?: OptionState[];
  foreign?: OptionState[];
  args?: unknown[];
}

/**
 * Per-option evaluation state; also the option's frame on the evaluation trail.
 * Definitions are kept as (holder, key) pairs and read when the option is merged.
 */
export class OptionState implements Frame {
  value: unknown = undefined;
  /** Definitions as flat triples: file, holder, key. */
  defs: unknown[] = NO_DEFS;
  /** Where the internal module's and the top-level modules' triples start in `defs` (-1: at the end; see internalAt, topAt). */
  internalStart = -1;
  topStart = -1;
  /** running, done, impure, pure (see the accessors): one field, as a fleet host has hundreds of states. */
  private flags = 0;
  /** What few options need (see the accessors). */
  private extra: StateExtra | undefined = undefined;

  constructor(
    readonly leaf: OptionLeaf,
    readonly owner: StateOwner,
  ) {}
  /** Whether the value (or the merged definitions) is being computed. */
  get running(): boolean {
    return (this.flags & RUNNING) !== 0;
  }
  set running(v: boolean) {
    this.flags = v ? this.flags | RUNNING : this.flags & ~RUNNING;
  }
  /** Whether `value` is computed. */
  get done(): boolean {
    return (this.flags & DONE) !== 0;
  }
  set done(v: boolean) {
    this.flags = v ? this.flags | DONE : this.flags & ~DONE;
  }
  /** Whether the computation read something that an extension cannot check (so it is never reused). */
  get impure(): boolean {
    return (this.flags & IMPURE) !== 0;
  }
  set impure(v: boolean) {
    this.flags = v ? this.flags | IMPURE : this.flags & ~IMPURE;
  }
  /** Whether the value is a pure function of the definitions (undefined until first asked). */
  get pure(): boolean | undefined {
    return this.flags & PURE_KNOWN ? (this.flags & PURE) !== 0 : undefined;
  }
  set pure(v: boolean | undefined) {
    this.flags = (this.flags & ~(PURE_KNOWN | PURE)) | (v === undefined ? 0 : v ? PURE_KNOWN | PURE : PURE_KNOWN);
  }
  /** The merged definitions, while the value is computed (or when asked for by `options`). */
  get merged(): Merged | undefined {
    return this.extra?.merged;
  }
  set merged(v: Merged | undefined) {
    if (v !== undefined || this.extra) (this.extra ??= {}).merged = v;
  }
  /** Options of the same evaluation this value read while it was computed. */
  get deps(): OptionState[] | undefined {
    return this.extra?.deps;
  }
  set deps(v: OptionState[] | undefined) {
    if (v !== undefined || this.extra) (this.extra ??= {}).deps = v;
  }
  /** Finished values of other evaluations this value read (immutable, so they hold). */
  get foreign(): OptionState[] | undefined {
    return this.extra?.foreign;
  }
  set foreign(v: OptionState[] | undefined) {
    if (v !== undefined || this.extra) (this.extra ??= {}).foreign = v;
  }
  /** Module arguments this value read, with the values it saw (name, value, name, value...). */
  get args(): unknown[] | undefined {
    return this.extra?.args;
  }
  set args(v: unknown[] | undefined) {
    if (v !== undefined || this.extra) (this.extra ??= {}).args = v;
  }
  get path(): readonly string[] {
    return this.leaf.option.loc;
  }
  /** Adds a definition found while indexing the part `phase` of the modules (noting where the part starts). */
  add(phase: Phase, file: string, holder: object, key: string): void {
    if (phase !== "deep") {
      if (this.internalStart < 0) this.internalStart = this.defs.length;
      if (phase === "top" && this.topStart < 0) this.topStart = this.defs.length;
    }
    // Most options have a few definitions: exact arrays for those (an array grown by
    // push keeps room for 16 more), push beyond (trimmed when indexing ends).
    const d = this.defs;
    switch (d.length) {
      case 0:
        this.defs = [file, holder, key];
        break;
      case 3:
        this.defs = [d[0], d[1], d[2], file, holder, key];
        break;
      case 6:
        this.defs = [d[0], d[1], d[2], d[3], d[4], d[5], file, holder, key];
        break;
      default:
        d.push(file, holder, key);
    }
  }
  /** Where the internal module's definitions start (a part with none starts at the end). */
  get internalAt(): number {
    return this.internalStart < 0 ? this.defs.length : this.internalStart;
  }
  /** Where the top-level modules' definitions start. */
  get topAt(): number {
    return this.topStart < 0 ? this.defs.length : this.topStart;
  }
  get files(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.defs.length; i += 3) out.push(this.defs[i] as string);
    return out;
  }
}
