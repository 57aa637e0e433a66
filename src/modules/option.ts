/** Option declarations: `mkOption` and its helpers. */
import type { DefinitionOf } from "./config-of.js";
import type { OptionType } from "./types/option-type.js";

/**
 * What `mkOption` takes. A field counts when it is present, whatever its value. `T` is
 * the type of the merged definitions, `R` the option's value (`apply`'s result).
 */
export interface OptionSpec<T = unknown, R = T> {
  type?: OptionType<T>;
  /**
   * A definition of the value (as any other: a submodule's options may be left to their
   * defaults). With a `type`, the type alone says what the value is.
   */
  default?: NoInfer<T | DefinitionOf<T>>;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  apply?: (value: T) => R;
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow" | "transparent";
  relatedPackages?: unknown;
}

/** Where a declaration keeps the type of its value (a type only: nothing is stored there). */
declare const valueType: unique symbol;

/**
 * A declared option, as written in a module's `options`; `V` is the type of its value
 * in the configuration (what `ConfigOf` reads).
 */
export class OptionDecl<V = unknown> {
  declare readonly [valueType]: V;
  constructor(readonly spec: OptionSpec) {}
}

/**
 * Declares an option. The declaration carries the type of the option's value: the
 * type's values, or what `apply` returns (`ConfigOf` gives a configuration's type from
 * its declarations).
 *
 * @example
 * options: { services: { web: { port: mkOption({ type: types.port, default: 80, description: "Port to listen on." }) } } }
 */
export function mkOption<T, R = T>(spec: OptionSpec<T, R> & { type: OptionType<T> }): OptionDecl<R>;
/** An option without a type (`types.unspecified`): its value has the type of its default. */
export function mkOption<T, R = T>(spec?: Omit<OptionSpec<T, R>, "type" | "default"> & { default?: T }): OptionDecl<R>;
export function mkOption(spec: OptionSpec = {}): OptionDecl {
  return new OptionDecl(spec);
}

/** Whether `v` is an option declaration. */
export function isOption(v: unknown): v is OptionDecl {
  return v instanceof OptionDecl;
}

import { bool } from "./types/primitives.js";

/**
 * A boolean option, default false, described "Whether to enable <name>.".
 *
 * @example options: { services: { web: { enable: mkEnableOption("the web server") } } }
 */
export function mkEnableOption(name: string): OptionDecl<boolean> {
  return mkOption({ type: bool, default: false, example: true, description: `Whether to enable ${name}.` });
}
