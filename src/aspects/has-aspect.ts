/**
 * Structure queries: whether an entity's configuration (its resolved pipeline, for
 * its class) reaches an aspect, by identity.
 */
import type { Aspect } from "./aspect.js";
import type { Home, Host } from "./entities.js";
import { reaches } from "./resolve.js";

/**
 * Whether `entity` includes `target` (an aspect or its identity) anywhere in its
 * configuration.
 *
 * @example
 * hasAspect(den.hosts["x86_64-linux"].server, den.aspects.desktop)
 */
export function hasAspect(entity: Host | Home, target: Aspect | string): boolean {
  return reaches(entity.resolved, target, entity.class);
}
