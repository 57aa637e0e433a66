/**
 * The TypeScript type of a configuration, derived from its option declarations (as
 * zod's `infer` derives a value's type from a schema): an `mkOption` is the type of
 * its value (its option type's values, or what `apply` returns), a set of declarations
 * an object of their types. A submodule's values are the configuration its modules
 * declare: the options of each (a module function's result counted), plus the values
 * of its freeform type; a submodule whose options TypeScript cannot see is `any`.
 * This is a type only: evaluation is what gives values, and checks them.
 */
import type { OptionDecl } from "./option.js";
import type { OptionType } from "./types/option-type.js";

type IsAny<T> = 0 extends 1 & T ? true : false;

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The configuration a tree of option declarations gives: `ConfigOf<typeof options>`.
 *
 * @example
 * const options = { tags: mkOption({ type: types.attrsOf(types.str), default: {} }) };
 * type Tags = ConfigOf<typeof options>; // { readonly tags: Record<string, string> }
 */
export type ConfigOf<D> =
  IsAny<D> extends true
    ? any
    : D extends OptionDecl<infer V>
      ? V
      : D extends (...args: never[]) => unknown
        ? unknown
        : D extends object
          ? { readonly [K in keyof D]: ConfigOf<D[K]> }
          : unknown;

/**
 * What a definition of a value of type `C` may be: every option optional, sets of
 * options partial all the way down (in list elements too: a submodule's defaults fill
 * them in); functions and other values as declared. (`mkIf`, `mkForce`, ... return
 * their content's type, so they fit where it does.) An option of type `any` takes
 * anything; names a set is open to (`unknown`) take any value too, but keep a function
 * from passing for a module value.
 */
export type DefinitionOf<C> =
  IsAny<C> extends true
    ? any
    : unknown extends C
      ? unknown
      : C extends readonly (infer E)[]
        ? readonly DefinitionOf<E>[]
        : C extends (...args: any[]) => unknown
          ? C
          : C extends object
            ? { [K in keyof C]?: DefinitionOf<C[K]> }
            : C;

/** The values of an option type. */
export type ValueOf<T> = T extends OptionType<infer V> ? V : never;

/**
 * The configuration a module declares (a module function counts by its result, a list
 * of modules by all of them): its `options`, and with a `freeformType` of sets, any
 * other name (whose value TypeScript cannot tell from a declared one's).
 */
export type ModuleConfigOf<M> =
  IsAny<M> extends true
    ? any
    : M extends readonly (infer E)[]
      ? Intersect<ModuleConfigOf<E>>
      : M extends (...args: never[]) => infer R
        ? ModuleConfigOf<R>
        : WithFreeform<M extends { readonly options: infer O } ? ConfigOf<O> : {}, M>;

/** `C`, open to the names of `M`'s freeform type. */
type WithFreeform<C, M> = M extends { readonly freeformType: OptionType<infer F> }
  ? F extends { readonly [name: string]: infer X }
    ? C & { readonly [name: string]: X | C[keyof C] }
    : C
  : C;

/** The values of a submodule of the modules `M`: what they declare, or `any` when no option can be seen. */
export type SubmoduleValue<M> = [keyof ModuleConfigOf<M>] extends [never] ? any : ModuleConfigOf<M>;
