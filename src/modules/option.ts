/** Option declarations: `mkOption` and its helpers. */
import type { OptionType } from "./types/option-type.js";

/** What `mkOption` takes. A field counts when it is present, whatever its value. */
export interface OptionSpec<T = unknown> {
  type?: OptionType<T>;
  default?: T;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  apply?: (value: T) => unknown;
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow" | "transparent";
  relatedPackages?: unknown;
}

/** A declared option, as written in a module's `options`. */
export class OptionDecl<T = unknown> {
  constructor(readonly spec: OptionSpec<T>) {}
}

/**
 * Declares an option.
 *
 * @example
 * options: { services: { web: { port: mkOption({ type: types.port, default: 80, description: "Port to listen on." }) } } }
 */
export function mkOption<T>(spec: OptionSpec<T> = {}): T {
  return new OptionDecl(spec) as unknown as T;
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
export function mkEnableOption(name: string): boolean {
  return mkOption({ type: bool, default: false, example: true, description: `Whether to enable ${name}.` });
}
