/** `--host`, `--output`, `--class`: which configuration's options `tsden options` and `tsden types` describe. */
import { parseOutputPath, type SchemaSelector } from "../../project/index.js";
import type { Flags } from "./declare.js";

/** The flags that choose a configuration (at most one of them: see {@link selectorExclusive}). */
export const selectorFlags = {
  host: { type: "string", value: "NAME", help: "the configuration of the host NAME (den.hosts.<system>.NAME)" },
  output: { type: "string", value: "PATH", help: "the configuration at an output path (osConfigurations.server)" },
  class: { type: "string", value: "CLASS", help: "the option modules of a Den class alone (den.classes.CLASS)" },
} as const satisfies Flags;

/** The selector flags exclude each other. */
export const selectorExclusive = [["host", "output", "class"]] as const;

/** The selector the flags give (none: the project's top-level evaluation). */
export function selectorOf(flags: { host?: string; output?: string; class?: string }): SchemaSelector {
  if (flags.host !== undefined) return { host: flags.host };
  if (flags.output !== undefined) return { output: parseOutputPath(flags.output) };
  if (flags.class !== undefined) return { class: flags.class };
  return {};
}
