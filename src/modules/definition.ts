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
