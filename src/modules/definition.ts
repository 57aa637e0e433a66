/** A definition: one value given to an option, with where it came from. */
export interface Definition<T = unknown> {
  file: string;
  line?: number;
  value: T;
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
