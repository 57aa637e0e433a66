/**
 * Structure queries: whether an entity's configuration (its resolved pipeline) reaches
 * an aspect, by identity. `entity.hasAspect(a)` asks for the entity's primary class
 * (a host's or home's `class`, a user's first class); `.forClass(cls, a)` for one
 * class; `.forAnyClass(a)` for any of the entity's classes. The identities reached
 * for a class are computed once per entity and class; a class the entity does not
 * have reaches nothing. A value that is neither an aspect nor an identity string is an
 * error (a typo in `den.aspects.<name>` gives `undefined`), and so is a string that
 * is the identity of no aspect.
 */
import { targetIdentity, type Aspect, type Ctx } from "./aspect.js";
import type { Home, Host, User } from "./entities.js";
import { newWalk, walkRoot } from "./resolve.js";

/** `entity.hasAspect`: callable for the primary class, with `forClass` and `forAnyClass`. */
export interface HasAspect {
  (target: Aspect | string): boolean;
  /** Whether resolving the entity for `cls` reaches `target`. */
  forClass(cls: string, target: Aspect | string): boolean;
  /** Whether resolving the entity for any of its classes reaches `target`. */
  forAnyClass(target: Aspect | string): boolean;
}

/** Whether resolving `root` for `cls` (on `ctx`) reaches `target` (an aspect or an identity). */
export function reaches(root: unknown, target: Aspect | string, cls: string | null, ctx: Ctx = {}): boolean {
  const id = targetIdentity(target);
  return walkRoot(newWalk(cls), root, ctx).ids.has(id);
}

/** The identities reached when resolving `root` for `cls`. */
export function reachedIdentities(root: unknown, cls: string | null): ReadonlySet<string> {
  return walkRoot(newWalk(cls), root).ids;
}

/**
 * The `hasAspect` value of an entity whose resolved aspect is `resolved()` and whose
 * classes are `classes()` (the first is the primary one).
 */
export function entityHasAspect(
  resolved: () => unknown,
  classes: () => readonly string[],
  known?: (identity: string) => boolean,
): HasAspect {
  const sets = new Map<string, ReadonlySet<string>>();
  const reached = (cls: string) => {
    let s = sets.get(cls);
    if (!s) sets.set(cls, (s = reachedIdentities(resolved(), cls)));
    return s;
  };
  const primary = () => {
    const cs = classes();
    if (cs.length === 0) throw new Error("hasAspect: the entity has no classes");
    return cs[0]!;
  };
  const identity = (target: Aspect | string) => {
    const id = targetIdentity(target);
    if (typeof target === "string" && known && !known(id))
      throw new TypeError(
        `den: hasAspect(\`${id}'): no aspect has that identity. Pass the aspect itself (den.aspects.<name>, den.provides.<name>) or the identity of one (\`<name>', \`<name>/<provided>').`,
      );
    return id;
  };
  const has = ((target: Aspect | string) => reached(primary()).has(identity(target))) as HasAspect;
  // a class the entity does not have reaches nothing (as Den's, which asks only its classes)
  has.forClass = (cls, target) => {
    const id = identity(target);
    return (cls === primary() || classes().includes(cls)) && reached(cls).has(id);
  };
  has.forAnyClass = (target) => {
    const id = identity(target);
    return classes().some((c) => reached(c).has(id));
  };
  return has;
}

/**
 * Whether `entity` includes `target` (an aspect or its identity) anywhere in its
 * configuration, for its primary class.
 *
 * @example
 * hasAspect(den.hosts["x86_64-linux"].server, den.aspects.desktop)
 */
export function hasAspect(entity: Host | Home | User, target: Aspect | string): boolean {
  return entity.hasAspect(target);
}

/** Den's `hasAspectIn { tree, class, ref }`: whether resolving `tree` for `class` reaches `ref`. */
export function hasAspectIn(q: { tree: unknown; class: string; ref: Aspect | string }): boolean {
  return reaches(q.tree, q.ref, q.class);
}

/** Den's `collectPathSet { tree, class }`: the identities (`foo/bar`) resolving `tree` for `class` reaches. */
export function collectPathSet(q: { tree: unknown; class: string }): ReadonlySet<string> {
  return reachedIdentities(q.tree, q.class);
}

/** Den's `mkEntityHasAspect { tree, primaryClass, classes }`: a `hasAspect` value for a tree. */
export function mkEntityHasAspect(q: { tree: unknown; primaryClass: string; classes: readonly string[] }): HasAspect {
  return entityHasAspect(
    () => q.tree,
    () => [q.primaryClass, ...q.classes.filter((c) => c !== q.primaryClass)],
  );
}
