/**
 * Typed modules: the types a module of a project is checked against in an editor, so
 * that its arguments (`den`, `config`, `pkgs`, `store`, `host`) and what it defines get
 * completion and type errors without shapes written by hand. They change nothing at run
 * time: `defineModule`, `defineOsModule` and `defineAspect` return what they are given.
 *
 * The configurations' types are tsden's own descriptions (the options of the OS layer,
 * Den's hosts and aspects; any other option name is allowed, as `any`) until the
 * project runs `tsden types`: the declarations it writes register the project's
 * configurations (`ProjectTypes`), and from then on the same helpers check against
 * every option the project declares.
 */
import type { Host, User } from "../../aspects/index.js";
import type { DefinitionOf } from "../../modules/index.js";
import type { OsConfig, Pkgs } from "../../os/index.js";
import type { Store } from "../../store/index.js";

/** What a module may define for a configuration `C` (see `DefinitionOf`). */
export type ModuleDefinitions<C> = DefinitionOf<C>;

/** The keys of a module other than its definitions. */
export interface ModuleAttributes<C> {
  _file?: string;
  key?: string;
  _class?: string;
  imports?: readonly unknown[];
  disabledModules?: readonly unknown[];
  freeformType?: unknown;
  meta?: unknown;
  /** New option declarations (`mkOption`). */
  options?: Record<string, unknown>;
  /** The definitions, in the full form of a module (`{ options, config }`). */
  config?: ModuleDefinitions<C>;
}

/** A module value of a configuration `C`: the shorthand (definitions at the top) or the full form. */
export type ModuleBody<C> = ModuleDefinitions<C> & ModuleAttributes<C>;

/**
 * The arguments a module function of a configuration `C` receives; `den` is typed when
 * `C` has it (the project's top-level configuration).
 */
export type TypedModuleArgs<C> = {
  config: C;
  options: any;
  lib: any;
  name: string;
  _class: string | null;
  [arg: string]: any;
} & (C extends { den: infer D } ? { den: D } : unknown);

/** A module of a configuration `C`: a module value, or a function of its arguments `A` returning one. */
export type TypedModule<C, A = TypedModuleArgs<C>> = ModuleBody<C> | ((args: A) => ModuleBody<C>);

/**
 * The project's configurations, filled in by the declarations `tsden types` writes
 * (`declare module "tsden" { interface ProjectTypes { config: Config; os: OsConfig } }`).
 * Empty until then: tsden's own descriptions are used.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface ProjectTypes {}

type Registered<K extends string, D> = ProjectTypes extends { readonly [k in K]: infer T } ? T : D;

/** `T` with every set of options open to other names (typed `any`): what tsden knows, and the rest unchecked. */
export type OpenConfig<T> = T extends readonly unknown[]
  ? T
  : T extends (...args: any[]) => unknown
    ? T
    : T extends object
      ? { -readonly [K in keyof T]: OpenConfig<T[K]> } & { [option: string]: unknown }
      : T;

/** A Den host as modules read it (`den.hosts.<system>.<name>`), with the schema the microVM integration adds. */
export type DenHostEntry = Host & {
  readonly microvm?: {
    /** Guest microVMs: Den hosts, or their names. */
    readonly guests?: readonly (DenHostEntry | string)[];
    readonly sharedStore?: boolean;
    readonly module?: unknown;
    readonly hostModule?: unknown;
  };
};

/** The context an aspect function receives (`({ host, user }) => ({ ... })`). */
export interface DenContext {
  readonly host: DenHostEntry;
  readonly user: User;
  readonly [entity: string]: any;
}

/** What an aspect may define besides its classes. */
export interface AspectFields {
  name?: string;
  description?: string;
  meta?: Record<string, unknown>;
  /** Aspects (or aspect functions, providers) this one includes. */
  includes?: readonly unknown[];
  /** Sub-aspects by name (`den.aspects.<name>.provides.<sub>`). */
  provides?: Record<string, unknown>;
  _?: Record<string, unknown>;
  into?: unknown;
}

/**
 * An aspect as written: a module per class (`os`, `microvm`, `user`, ... as `M` types
 * them) and its fields; or a function of the context giving one.
 */
export type AspectValue<M> =
  | (AspectFields & { [K in keyof M]?: M[K] } & { [key: string]: unknown })
  | ((ctx: DenContext) => AspectFields & { [K in keyof M]?: M[K] } & { [key: string]: unknown });

/** The project's top-level configuration: `Config` from `tsden types`, else tsden's own description of `den` (other names `any`). */
export type ProjectConfig = Registered<"config", DefaultProjectConfig>;

/** The configuration of the `os` class: `OsConfig` from `tsden types`, else the options of tsden's OS layer (other names `any`). */
export type ProjectOsConfig = Registered<"os", OpenConfig<OsConfig>>;

/** The arguments of an `os` module: its configuration, Debian's packages, the store, the Den host it is for. */
export type OsModuleArgs<C = ProjectOsConfig> = TypedModuleArgs<C> & {
  /** Debian's packages: `pkgs.cowsay`. */
  pkgs: Pkgs;
  /** The store builds go to. */
  store: Store;
  /** The Den host the configuration is for. */
  host: DenHostEntry;
};

/** A module of the `os` class. */
export type OsModule<C = ProjectOsConfig> = TypedModule<C, OsModuleArgs<C>>;

/** The class modules an aspect holds, by class: `os` typed, the others any module. */
export interface DefaultClasses {
  os: OsModule;
  microvm: TypedModule<OpenConfig<{}>>;
  [cls: string]: unknown;
}

/** Den's options as modules define and read them, before `tsden types`. */
export interface DefaultDen {
  /** Hosts by system and name. */
  hosts: { [system: string]: { [name: string]: DenHostEntry } };
  /** Aspects by name. */
  aspects: { [name: string]: AspectValue<DefaultClasses> };
  /** The aspect applied on every context. */
  default: AspectValue<DefaultClasses>;
  /** Reusable aspects (`den.provides.hostname`), also as `den._`. */
  provides: { [name: string]: any };
  _: { [name: string]: any };
  /** Context stages of the pipeline. */
  ctx: { [name: string]: any };
  /** Option modules per class (`den.classes.os`). */
  classes: { [cls: string]: readonly unknown[] };
  homes: { [system: string]: { [name: string]: any } };
  schema: { [kind: string]: any };
  /** The systems of the flake-level pipeline (default: those of hosts and homes). */
  systems: readonly string[];
  /** Outputs trees of other projects or packages, by name (`perSystem.<name>`). */
  inputs: { [name: string]: unknown };
  [option: string]: any;
}

/** The project's top-level configuration as tsden describes it (before `tsden types`). */
export interface DefaultProjectConfig {
  den: DefaultDen;
  /** Outputs: the flake class of den.ctx.flake (configurations at their intoAttr, per-system outputs), anything set. */
  flake: { [output: string]: any };
  [option: string]: any;
}

/** A module of the project's top-level evaluation (a file under `modules/`). */
export type ProjectModule = TypedModule<ProjectConfig>;

/**
 * Checks a module against a configuration (returns it unchanged): its arguments are
 * typed, and unknown option names and values of the wrong type are type errors.
 * Without a type argument, a module of the project's top-level evaluation (`den`,
 * `flake`); `defineModule<OsConfig>(...)` for a configuration `tsden types` declared.
 *
 * @example
 * export default defineModule(({ den }) => ({ den: { ctx: { host: { includes: [den.provides.hostname] } } } }));
 */
export function defineModule<C = ProjectConfig>(module: TypedModule<C>): TypedModule<C> {
  return module;
}

/**
 * Checks a module of the `os` class (returns it unchanged): `config`, `pkgs`, `store`
 * and `host` are typed.
 *
 * @example
 * export const motd = defineOsModule(({ host }) => ({ environment: { motd: `Welcome to ${host.hostName}` } }));
 */
export function defineOsModule<C = ProjectOsConfig>(module: OsModule<C>): OsModule<C> {
  return module;
}

/**
 * Checks an aspect (returns it unchanged): its class modules' arguments and
 * definitions are typed (`os: ({ pkgs }) => ...`), and so is the context of an aspect
 * function (`({ host }) => ...`).
 */
export function defineAspect(aspect: ProjectAspect): ProjectAspect {
  return aspect;
}

/** An aspect of the project (`den.aspects.<name>`). */
export type ProjectAspect = ProjectConfig extends { den: { aspects: { [name: string]: infer A } } }
  ? A
  : AspectValue<DefaultClasses>;
