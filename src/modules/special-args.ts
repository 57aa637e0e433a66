/**
 * specialArgs: values handed to every module function as they are, usable while
 * modules are collected. They are not options, so they are not merged; but a value
 * wrapped in `mkDefault`/`mkForce`/`mkOverride` is honoured rather than passed on raw:
 * when `extendModules` gives a new value for a name, the lower priority number wins
 * (a tie goes to the new value), and modules receive the unwrapped value.
 */
import { ModuleError } from "./errors/module-error.js";
import { priorities } from "./priority.js";
import { MkIf, MkMerge, MkOrder, MkOverride } from "./properties.js";

function prio(v: unknown): number {
  return v instanceof MkOverride ? v.priority : priorities.plain;
}

function unwrap(name: string, v: unknown): unknown {
  let x = v;
  while (x instanceof MkOverride) x = x.content;
  if (x instanceof MkIf || x instanceof MkMerge || x instanceof MkOrder) {
    throw new ModuleError({
      code: "INVALID_ARGUMENT",
      message: `specialArgs.${name} is wrapped in ${x instanceof MkIf ? "mkIf" : x instanceof MkMerge ? "mkMerge" : "mkOrder"}; specialArgs are passed to modules as they are and are never merged.`,
      hint: `Pass the plain value in specialArgs.${name}, or make it an option and define it in a module.`,
    });
  }
  return x;
}

/** The values modules receive: priority wrappers removed, other properties rejected. */
export function specialArgsValues(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = unwrap(k, v);
  return out;
}

/** `old` extended by `next`: per name, the lower priority number wins; a tie goes to `next`. */
export function mergeSpecialArgs(old: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(next)) {
    if (!(k in old) || prio(v) <= prio(old[k])) out[k] = v;
  }
  return out;
}
