/**
 * Properties: wrappers that change how a definition is merged.
 *
 * Semantics (as nixpkgs lib/modules.nix): `mkMerge` splices its contents in place;
 * `mkIf` keeps its content when its condition holds; `mkOverride` gives a priority
 * (only the definitions of the lowest number survive); `mkOrder` sorts the surviving
 * definitions (stable). At the top of a module they are pushed down to the leaves, so
 * that attribute names are known without evaluating conditions.
 */
import { orderPriorities, priorities } from "./priority.js";

/** A condition: a boolean, a function returning one, or a reference into `config`. */
export type Condition = boolean | (() => boolean);

/** `mkIf(condition, content)`: the content is defined only when the condition holds. */
export class MkIf<T = unknown> {
  constructor(
    readonly condition: Condition | unknown,
    readonly content: T,
  ) {}
}
/** `mkMerge([a, b])`: several definitions in one place. */
export class MkMerge<T = unknown> {
  constructor(readonly contents: readonly T[]) {}
}
/** `mkOverride(priority, content)`: a definition with a priority (lower wins). */
export class MkOverride<T = unknown> {
  constructor(
    readonly priority: number,
    readonly content: T,
  ) {}
}
/** `mkOrder(priority, content)`: where a definition goes when lists concatenate. */
export class MkOrder<T = unknown> {
  constructor(
    readonly priority: number,
    readonly content: T,
  ) {}
}

/** Any property wrapper. */
export type Property = MkIf | MkMerge | MkOverride | MkOrder;

/** Whether `v` is a property wrapper. */
export function isProperty(v: unknown): v is Property {
  return v instanceof MkIf || v instanceof MkMerge || v instanceof MkOverride || v instanceof MkOrder;
}

/**
 * Defines `content` only when `condition` holds. The condition may be a function or a
 * value read from `config`, evaluated when the option is merged.
 *
 * @example
 * ({ config }) => ({ config: mkIf(() => config.services.web.enable, { networking: { firewall: { allowedTCPPorts: [80] } } }) })
 */
export function mkIf<T>(condition: Condition, content: T): T {
  return new MkIf(condition, content) as unknown as T;
}
/** Several definitions in one place: `mkMerge([{ a: 1 }, mkIf(c, { b: 2 })])`. */
export function mkMerge<T>(contents: readonly T[]): T {
  return new MkMerge(contents) as unknown as T;
}
/** A definition at priority `priority` (lower wins; plain definitions are 100). */
export function mkOverride<T>(priority: number, content: T): T {
  return new MkOverride(priority, content) as unknown as T;
}
/** Priority 1500: what option defaults are. */
export const mkOptionDefault = <T>(content: T): T => mkOverride(priorities.optionDefault, content);
/** Priority 1000: a default that any plain definition replaces. */
export const mkDefault = <T>(content: T): T => mkOverride(priorities.default, content);
/** Priority 60. */
export const mkImageMediaOverride = <T>(content: T): T => mkOverride(priorities.imageMediaOverride, content);
/** Priority 50: replaces plain definitions and defaults. */
export const mkForce = <T>(content: T): T => mkOverride(priorities.force, content);
/** Priority 10. */
export const mkVMOverride = <T>(content: T): T => mkOverride(priorities.vmOverride, content);
/** Places a definition in concatenated lists/strings by `priority` (plain is 1000). */
export function mkOrder<T>(priority: number, content: T): T {
  return new MkOrder(priority, content) as unknown as T;
}
/** Order 500: before plain definitions. */
export const mkBefore = <T>(content: T): T => mkOrder(orderPriorities.before, content);
/** Order 1500: after plain definitions. */
export const mkAfter = <T>(content: T): T => mkOrder(orderPriorities.after, content);
