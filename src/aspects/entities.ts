/**
 * Entities: hosts (`den.hosts.<system>.<name>`), their users (`host.users.<u>`) and
 * homes (`den.homes.<system>.<user>` or `<user>@<host>`). Each is an open record (extra
 * fields allowed, unless the schema is strict) evaluated as its own configuration with
 * the base options below plus `den.schema.<kind>` and `den.schema.conf`; modules
 * receive the entity (`{ host }`, `{ user, host }`, `{ home }`).
 */
import { editDistance, evalModules, mkOptionType, ModuleError, type OptionType, types } from "../modules/index.js";
import type { Aspect } from "./aspect.js";
import type { HasAspect } from "./has-aspect.js";

/** A host record. */
export interface Host {
  readonly name: string;
  readonly hostName: string;
  readonly system: string;
  readonly class: string;
  readonly aspect: Aspect;
  readonly users: Readonly<Record<string, User>>;
  readonly instantiate: Instantiate;
  readonly intoAttr: readonly string[];
  readonly resolved: Aspect;
  readonly mainModule: unknown;
  readonly hasAspect: HasAspect;
  readonly [field: string]: unknown;
}

/** A user record. */
export interface User {
  readonly name: string;
  readonly userName: string;
  readonly aspect: Aspect;
  readonly classes: readonly string[];
  readonly host: Host;
  readonly resolved: Aspect;
  readonly hasAspect: HasAspect;
  readonly [field: string]: unknown;
}

/** A home record (standalone user environment). */
export interface Home {
  readonly name: string;
  readonly userName: string;
  readonly hostName: string | null;
  /** The host named after @ when it exists on this system. */
  readonly host: Host | null;
  /** That host's user of this name. */
  readonly user: User | null;
  readonly system: string;
  readonly class: string;
  readonly aspect: Aspect;
  readonly instantiate: Instantiate;
  readonly intoAttr: readonly string[];
  readonly resolved: Aspect;
  readonly mainModule: unknown;
  readonly hasAspect: HasAspect;
  readonly [field: string]: unknown;
}

/**
 * How an entity's class is evaluated: receives its main module, the entity, and extra
 * module arguments (`osConfig` for a home whose host exists).
 */
export type Instantiate = (args: {
  modules: unknown[];
  entity: Host | Home;
  class: string;
  specialArgs?: Record<string, unknown>;
}) => unknown;

/** The kinds of entities. */
export type EntityKind = "host" | "user" | "home";

/** What an entity type needs from the top level. */
export interface EntitySite {
  readonly kind: EntityKind;
  /** Base module (options with defaults) for a record at `loc`. */
  readonly base: (loc: readonly string[]) => unknown;
  /** Schema modules (`den.schema.<kind>` and `.conf`), read when a record is evaluated. */
  readonly schema: () => readonly unknown[];
  readonly strict: () => boolean;
  /** Extra module arguments (e.g. `host` for users), for the record at `loc`; getters stay lazy. */
  readonly args?: (loc: readonly string[]) => Record<string, unknown>;
  /**
   * Fields of the record at `loc` known before it is evaluated (`name`, a user's
   * `host`): the record's own module argument (`host`, `user`, `home`) answers them
   * at once, so schema modules may use them in option defaults while modules are
   * collected (`default: \`${user.name}@${host.name}\``).
   */
  readonly known?: (loc: readonly string[]) => Record<string, unknown>;
}

/** The prototype of a record's own module argument. */
class EntityArg {}

/**
 * The record's own module argument: the known fields at once, any other field read
 * from the evaluated record.
 */
function selfArg(fields: Record<string, unknown>, config: () => Record<string, unknown>): Record<string, unknown> {
  // not a plain object: specialArgs are passed as they are, not walked
  const known = Object.defineProperties(
    Object.create(EntityArg.prototype) as Record<string, unknown>,
    Object.getOwnPropertyDescriptors(fields),
  );
  return new Proxy(known, {
    get: (t, p) => (typeof p === "symbol" ? Reflect.get(t, p) : Object.hasOwn(t, p) ? t[p] : config()[p]),
    has: (t, p) => Object.hasOwn(t, p) || p in config(),
    ownKeys: () => Reflect.ownKeys(config()),
    getOwnPropertyDescriptor: (t, p) =>
      Object.hasOwn(t, p) ? Reflect.getOwnPropertyDescriptor(t, p) : Reflect.getOwnPropertyDescriptor(config(), p),
  });
}

/**
 * The option type of one entity record. An open record's undeclared field that is one
 * or two letters away from a declared one (`intoAtr`) is an error with "Did you mean";
 * declare the field in the schema to keep it. In strict mode, a field no option declares is
 * an error that says where to declare it.
 */
export function entityType(site: EntitySite): OptionType<Record<string, unknown>> {
  return mkOptionType<Record<string, unknown>>({
    name: `den-${site.kind}`,
    description: `den ${site.kind}`,
    descriptionClass: "noun",
    check: (v) => (typeof v === "object" && v !== null && !Array.isArray(v)) || typeof v === "function",
    merge: (loc, defs) => {
      const name = loc[loc.length - 1]!;
      const strict = site.strict();
      const args = site.args?.(loc) ?? {};
      let ev: { config: unknown } | undefined;
      const record = (): Record<string, unknown> => {
        if (!ev)
          throw new ModuleError({
            code: "INFINITE_RECURSION",
            message: `den: a field of the ${site.kind} \`${loc.join(".")}' is read while its record is being built (by den.schema.${site.kind} or den.schema.conf); only ${Object.keys(site.known?.(loc) ?? {}).join(", ")} are known then.`,
            optionPath: [...loc],
            hint: "Read other fields when the value is used: a getter (get default() { ... }) or lazy(() => ...).",
          });
        return ev.config as Record<string, unknown>;
      };
      const known = site.known
        ? Object.defineProperties(site.known(loc), Object.getOwnPropertyDescriptors(args))
        : undefined;
      const self = known ? { [site.kind]: selfArg(known, record) } : {};
      ev = evalModules({
        modules: [
          site.base(loc),
          ...(strict ? [] : [{ _file: "den (open record)", freeformType: types.lazyAttrsOf(types.anything) }]),
          ...site.schema().map((m, i) => ({ _file: `den.schema.${site.kind} #${i}`, imports: [m] })),
          ...defs.map((d) => ({ _file: d.file, imports: [d.value] })),
        ],
        specialArgs: Object.defineProperties({ name, ...self }, Object.getOwnPropertyDescriptors(args)),
        prefix: loc,
      });
      if (strict) return strictConfig(ev, loc, site.kind);
      checkNearMisses(ev as Parameters<typeof checkNearMisses>[0], loc, site.kind, defs);
      return ev.config as Record<string, unknown>;
    },
    // the fields a record declares (base options and den.schema), for the option reference
    getSubOptions: (prefix) =>
      evalModules({
        modules: [
          site.base(prefix),
          ...site.schema().map((m, i) => ({ _file: `den.schema.${site.kind} #${i}`, imports: [m] })),
        ],
        specialArgs: Object.defineProperties(
          { name: prefix[prefix.length - 1] ?? "<name>" },
          Object.getOwnPropertyDescriptors(site.args?.(prefix) ?? {}),
        ),
        prefix,
      }).options as Record<string, unknown>,
    emptyValue: undefined,
  });
}

function strictConfig(ev: { config: unknown }, loc: readonly string[], kind: EntityKind): Record<string, unknown> {
  try {
    return ev.config as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ModuleError && e.code === "UNKNOWN_OPTION") {
      const field = e.optionPath.slice(loc.length).join(".");
      throw new ModuleError({
        code: "UNKNOWN_OPTION",
        message: `den (strict): \`${loc.join(".")}' has no field \`${field}'. Declare it in den.schema.${kind} (or den.schema.conf for every entity): options.${field} = mkOption({ ... }).`,
        optionPath: e.optionPath,
        definitions: e.definitions,
        hint: `Declare \`${field}' in den.schema.${kind}, or turn den.schema.strict off.`,
      });
    }
    throw e;
  }
}

/** Whether `field` looks like a misspelling of `declared` (case, or one or two letters off). */
function nearMiss(field: string, declared: string): boolean {
  if (field.toLowerCase() === declared.toLowerCase()) return true;
  const d = editDistance(field.toLowerCase(), declared.toLowerCase());
  return d === 1
    ? Math.min(field.length, declared.length) >= 4
    : d === 2 && Math.min(field.length, declared.length) >= 7;
}

/** Fails on an undeclared field of an open record that nearly matches a declared one. */
function checkNearMisses(
  ev: { options: Record<string, unknown>; config: unknown },
  loc: readonly string[],
  kind: EntityKind,
  defs: readonly { file: string; value: unknown }[],
): void {
  const declared = Object.keys(ev.options).filter((k) => k !== "_module");
  const declaredSet = new Set(declared);
  for (const field of Object.keys(ev.config as object)) {
    if (declaredSet.has(field) || field === "_module") continue;
    const near = declared.filter((d) => nearMiss(field, d));
    if (near.length === 0) continue;
    const where = defs.filter((d) => {
      const v = d.value;
      return typeof v === "object" && v !== null && Object.hasOwn(v, field);
    });
    const path = [...loc, field];
    throw new ModuleError({
      code: "UNKNOWN_OPTION",
      message: `\`${path.join(".")}' is not a field of a ${kind}.`,
      optionPath: path,
      definitions: where.map((d) => ({ file: d.file, value: (d.value as Record<string, unknown>)[field] })),
      hint: `Did you mean ${near.map((n) => `\`${[...loc, n].join(".")}'`).join(", ")}? If \`${field}' is a field of its own, declare it in den.schema.${kind}: options.${field} = mkOption({ ... }).`,
    });
  }
}
