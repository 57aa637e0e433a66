/**
 * `includeIf(guard, includes)`: includes that apply only when `guard` holds. The guard
 * receives the class being resolved, the context, and `hasAspect(aspect)`: whether the
 * resolution reaches that aspect elsewhere. Guarded entries are decided after the rest
 * of the resolution (repeatedly, so one passing guard may let another pass), so a
 * guard sees every aspect reached by the other includes.
 */
import { INCLUDE, type Aspect, type Ctx } from "./aspect.js";

/** What an `includeIf` guard receives. */
export interface IncludeIfQuery {
  readonly cls: string | null;
  readonly ctx: Ctx;
  /** Whether the resolution reaches `target` (an aspect or its identity). */
  hasAspect(target: Aspect | string): boolean;
}

/** A guarded include. */
export interface IncludeIf {
  readonly [INCLUDE]: "includeIf";
  readonly guard: (q: IncludeIfQuery) => boolean;
  readonly includes: readonly unknown[];
}

/**
 * Includes that apply only when `guard` holds.
 *
 * @example
 * den.aspects.secrets = { includes: [includeIf(({ hasAspect }) => hasAspect(den.aspects.sops), [den.aspects["sops-config"]])] }
 */
export function includeIf(guard: (q: IncludeIfQuery) => boolean, includes: readonly unknown[]): IncludeIf {
  if (typeof guard !== "function")
    throw new TypeError("includeIf: the guard must be a function of { cls, ctx, hasAspect }");
  if (!Array.isArray(includes)) throw new TypeError("includeIf: the includes must be a list");
  return { [INCLUDE]: "includeIf", guard, includes };
}

/** Whether `v` is an `includeIf` entry. */
export function isIncludeIf(v: unknown): v is IncludeIf {
  return typeof v === "object" && v !== null && (v as IncludeIf)[INCLUDE] === "includeIf";
}
