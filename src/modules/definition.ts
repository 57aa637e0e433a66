/**
 * The evaluation whose configuration a definition's deferred parts read (a getter run
 * later, a submodule value's options computed later): an extension, which shares its
 * base's modules, and so their references. `enter` runs `fn` with it as the evaluation
 * those references resolve against. Definitions read by the first evaluation of a
 * lineage carry none (the references resolve to it when nothing else is computing).
 */
export interface DefinitionContext {
  enter<T>(fn: () => T): T;
}

/** A definition: one value given to an option, with where it came from. */
export interface Definition<T = unknown> {
  file: string;
  line?: number;
  value: T;
  /** See DefinitionContext. */
  context?: DefinitionContext;
}

/** The context of the first of `defs` that has one (see DefinitionContext). */
export function contextOf(defs: readonly Definition[]): DefinitionContext | undefined {
  for (let i = 0; i < defs.length; i++) {
    const c = defs[i]!.context;
    if (c !== undefined) return c;
  }
  return undefined;
}

/** A definition like `d` (its file, line and context) with the value `value`. */
export function withValue<T>(d: Definition, value: T): Definition<T> {
  return d.context === undefined
    ? { file: d.file, line: d.line, value }
    : { file: d.file, line: d.line, value, context: d.context };
}

/** A definition whose value is read only when needed (a getter runs then). */
export interface PendingDefinition {
  file: string;
  line?: number;
  read: () => unknown;
}

/** A definition that was found under no declared option. */
export interface UnmatchedDefinition extends PendingDefinition {
  /** The path of the definition relative to where matching stopped. */
  prefix: string[];
}

/**
 * A definition that says where it comes from (nixpkgs `mkDefinition`): once `mkMerge`
 * and `mkIf` around it are expanded, it stands for a definition from `file` (not the
 * module it is written in) with `value`, which may carry a priority (`mkForce`) or an
 * order. It is not taken as such in an option's `default`.
 */
export class MkDefinition<T = unknown> {
  constructor(
    readonly file: string,
    readonly value: T,
    readonly line?: number,
  ) {}
}

/**
 * A definition with its own file (for messages and `options.x.files`).
 *
 * @example config: { port: mkDefinition({ file: "generated/ports.json", value: 8080 }) }
 */
export function mkDefinition<T>(def: { file: string; value: T; line?: number }): T {
  return new MkDefinition(def.file, def.value, def.line) as unknown as T;
}
