/**
 * The one accessor upper layers use for values written in modules.
 *
 * A module may write a value as a reference (`config.den.aspects.web`, taken while
 * modules are collected) or as `lazy(() => ...)`. The module system follows both for
 * the values it hands out (option values, the definitions a type merges), but values
 * nested inside data a module wrote (an aspect's `includes`, a context's entities, an
 * option's default) stay as written, so their reader follows them with `force` when it
 * needs the value itself (its `typeof`, `Array.isArray`, identity). Forcing is shallow:
 * the values inside the result are not touched, so what is not read is not computed.
 */
import { deref } from "./reference.js";

/**
 * The value behind a reference or a `lazy` wrapper, followed until neither; other
 * values are returned as they are. Its type is its argument's: `lazy` and references
 * are typed as the value they stand for.
 *
 * @example force(aspect.includes).map(force)
 */
export const force = deref as <T>(value: T) => T;
