/**
 * Constraints (`meta.handleWith`, `meta.excludes`): declarations an aspect makes about
 * the aspects reached while it is resolved. Each is registered when its owner is
 * walked; its scope is the owner's subtree (default) or, with `.global`, everything
 * walked after it.
 *
 * - `constraints.exclude(ref)`: drops the aspect whose identity is `ref`'s;
 * - `constraints.substitute(ref, replacement)`: walks `replacement` in its place;
 * - `constraints.filterBy(pred)`: drops every aspect for which `pred(aspect)` is false.
 *
 * An aspect is checked against the identity constraints first (the first registered
 * one in scope decides), then against the filters. `meta.excludes: [a, b]` is
 * `meta.handleWith: [exclude(a), exclude(b)]`.
 */
import { isAspect, targetIdentity, type Aspect } from "./aspect.js";
import { force } from "../modules/index.js";

/** Where a constraint applies. */
export type ConstraintScope = "subtree" | "global";

/** A constraint declaration (a value of `meta.handleWith`). */
export type Constraint =
  | { readonly type: "exclude"; readonly scope: ConstraintScope; readonly identity: string }
  | {
      readonly type: "substitute";
      readonly scope: ConstraintScope;
      readonly identity: string;
      readonly replacement: Aspect;
    }
  | { readonly type: "filter"; readonly scope: ConstraintScope; readonly predicate: (a: Aspect) => boolean };

function scoped<A extends unknown[], C>(make: (scope: ConstraintScope, ...args: A) => C) {
  return Object.assign((...args: A): C => make("subtree", ...args), {
    global: (...args: A): C => make("global", ...args),
  });
}

/** Constraint constructors; each has a `.global` form. */
export const constraints = {
  /** Drops the aspect `ref` (an aspect or its identity). */
  // references are read when the constraint is first used: `ref` may be a module
  // argument's reference (den.aspects.x written in a module body)
  exclude: scoped((scope, ref: Aspect | string): Constraint => {
    let id: string | undefined;
    return {
      type: "exclude",
      scope,
      get identity() {
        return (id ??= targetIdentity(ref));
      },
    };
  }),
  /** Walks `replacement` where the aspect `ref` would be. */
  substitute: scoped((scope, ref: Aspect | string, replacement: Aspect): Constraint => {
    let id: string | undefined;
    return {
      type: "substitute",
      scope,
      get identity() {
        return (id ??= targetIdentity(ref));
      },
      get replacement() {
        const r = force(replacement);
        if (!isAspect(r))
          throw new TypeError(
            `den: constraints.substitute(\`${this.identity}', ...): the replacement must be an aspect (den.aspects.<name>), not ${r === undefined ? "undefined (is the aspect name right?)" : typeof r}.`,
          );
        return r;
      },
    };
  }),
  /** Drops every aspect for which `predicate` is false. */
  filterBy: scoped((scope, predicate: (a: Aspect) => boolean): Constraint => {
    if (typeof predicate !== "function") throw new TypeError("constraints.filterBy: expected a function of the aspect");
    return { type: "filter", scope, predicate };
  }),
};

/** Whether `v` is a constraint declaration. */
export function isConstraint(v: unknown): v is Constraint {
  const c = v as Constraint | null;
  return (
    typeof c === "object" &&
    c !== null &&
    (c.type === "exclude" || c.type === "substitute" || c.type === "filter") &&
    (c.scope === "subtree" || c.scope === "global")
  );
}

/** The constraints an aspect declares: `meta.handleWith` (one or a list) and `meta.excludes`. */
export function declaredConstraints(a: Aspect): Constraint[] {
  const out: Constraint[] = [];
  const hw = force(a.meta.handleWith);
  if (hw !== undefined && hw !== null) {
    for (const c of Array.isArray(hw) ? hw : [hw]) {
      if (!isConstraint(c))
        throw new TypeError(
          `aspect \`${a.identity}': meta.handleWith takes constraints (constraints.exclude, .substitute, .filterBy), not ${typeof c}`,
        );
      out.push(c);
    }
  }
  const ex = force(a.meta.excludes);
  if (ex !== undefined && ex !== null) {
    if (!Array.isArray(ex)) throw new TypeError(`aspect \`${a.identity}': meta.excludes must be a list of aspects`);
    for (const ref of ex) out.push(constraints.exclude(ref as Aspect));
  }
  return out;
}

/** What the constraints in scope decide for an aspect. */
export type Decision =
  | { readonly action: "keep" }
  | { readonly action: "exclude" }
  | { readonly action: "substitute"; readonly replacement: Aspect };

/** Decides for `a` from the constraints in scope, in registration order. */
export function decide(a: Aspect, inScope: readonly Constraint[]): Decision {
  for (const c of inScope) {
    if (c.type === "filter" || c.identity !== a.identity) continue;
    return c.type === "exclude" ? { action: "exclude" } : { action: "substitute", replacement: c.replacement };
  }
  for (const c of inScope) if (c.type === "filter" && !c.predicate(a)) return { action: "exclude" };
  return { action: "keep" };
}
