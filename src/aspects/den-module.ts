/**
 * `denModule`: the top-level module. It declares `den.hosts.<system>.<name>` (with
 * their users), `den.homes.<system>.<name>`, `den.aspects` (every host, user and home
 * gets its aspect), `den.default`, `den.ctx` (the host, user, home and default stages),
 * `den.schema`, `den.provides` (alias `den._`, with the batteries), `den.classes`
 * (option modules of a class, given to the default `instantiate`), `den.systems`,
 * `den.inputs`, and the `flake` outputs: the `flake` class of the flake-level pipeline
 * `den.ctx.flake` (flake-stages.ts: each host and home with a non-empty `intoAttr`
 * instantiated at that path, the per-system outputs), typed by `den.schema.flake`.
 * Modules receive `den` as an argument.
 */
import {
  evalModules,
  lazy,
  mkAliasOptionModule,
  mkOption,
  mkOptionDefault,
  mkOptionType,
  types,
} from "../modules/index.js";
import { aspectType, isAspect, mergeAspect, type Aspect } from "./aspect.js";
import { entityType, type Home, type Host, type Instantiate, type User } from "./entities.js";
import { pipeline, itemIncludes, type PipelineResult } from "./pipeline.js";
import { resolve } from "./resolve.js";
import { entityHasAspect } from "./has-aspect.js";
import { isStrict, schemaOptions } from "./schema.js";
import { flakeType } from "./outputs.js";
import { defaultSystems, flakeOutputs, flakeStages } from "./flake-stages.js";
import { batteries } from "./batteries/index.js";
import { perSystemArg, perSystemBattery } from "./batteries/per-system.js";
import { userClassForward } from "./batteries/routing.js";
import { take } from "./parametric.js";
import { aspectOptions, type denLib, denLibModule, strictAspects } from "./den-lib-module.js";
import { wslHostOptions, wslInto, wslStage } from "./batteries/wsl.js";
import { homeEnvHostOptions, homeEnvInto, homeEnvs, homeEnvStages } from "./home-env.js";

/** The evaluated `den` tree. */
export interface Den {
  readonly hosts: Readonly<Record<string, Readonly<Record<string, Host>>>>;
  readonly homes: Readonly<Record<string, Readonly<Record<string, Home>>>>;
  readonly aspects: Readonly<Record<string, Aspect>>;
  readonly default: Aspect;
  /** Context stages; calling one runs the pipeline from it: `den.ctx.host({ host })`. */
  readonly ctx: Readonly<Record<string, Aspect & ((ctx: Record<string, unknown>) => Aspect)>>;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly provides: Readonly<Record<string, any>>;
  readonly _: Readonly<Record<string, any>>;
  readonly classes: Readonly<Record<string, readonly unknown[]>>;
  /** The systems of the flake-level pipeline (default: those of hosts and homes). */
  readonly systems: readonly string[];
  /** Outputs trees of other projects or packages, by name, for the `perSystem` battery. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The functions of the aspects layer (resolve, parametric, take, forward, constraints, lookup, ...). */
  readonly lib: ReturnType<typeof denLib>;
  /** Namespaces (`namespace("acme", ...)` declares `den.ful.acme`). */
  readonly ful?: Readonly<Record<string, Readonly<Record<string, Aspect>>>>;
}

type Cfg = { den: Den; flake: Record<string, unknown> };

const pipelines = new WeakMap<object, PipelineResult>();

function pipelineOf(
  den: Den,
  start: string,
  entity: object,
  ctx: Record<string, unknown>,
  identity: string,
): PipelineResult {
  let r = pipelines.get(entity);
  if (!r) pipelines.set(entity, (r = pipeline(den.ctx, start, ctx, identity)));
  return r;
}

/** The default `instantiate`: `evalModules` of the class's option modules and the main module. */
function defaultInstantiate(den: () => Den): Instantiate {
  return ({ modules, class: cls, specialArgs }) =>
    evalModules({
      modules: [...(den().classes[cls] ?? []), ...modules],
      class: cls,
      ...(specialArgs ? { specialArgs } : {}),
    });
}

/** An object whose properties are computed on read (definitions that read config). */
function getters(spec: Record<string, () => unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...extra };
  for (const k of Object.keys(spec)) Object.defineProperty(out, k, { enumerable: true, get: spec[k]! });
  return out;
}
const dflt = (get: () => unknown) => () => mkOptionDefault(get());

function hostBase(den: () => Den, loc: readonly string[]) {
  const system = loc[loc.length - 2]!;
  return ({ config, name }: { config: Host; name: string }) => {
    // the den.hosts entry itself, so a context's host is the object den.hosts holds
    const self = () => (den().hosts[system]?.[name] as Host | undefined) ?? config;
    return {
      _file: "den (host)",
      imports: [homeEnvHostOptions((cls) => den().classes[cls]), wslHostOptions],
      options: {
        name: mkOption({ type: types.str, default: name, description: "The host's name (its key)." }),
        hostName: mkOption({ type: types.str, description: "The network host name (default: name)." }),
        system: mkOption({ type: types.str, default: system, description: "The system (the parent key)." }),
        class: mkOption({ type: types.str, default: "os", description: "The OS class." }),
        aspect: mkOption({ type: types.raw, description: "The host's aspect (den.aspects.<name>)." }),
        users: mkOption({
          type: types.lazyAttrsOf(userType(den, self)),
          default: {},
          description: "Users of the host.",
        }),
        instantiate: mkOption({ type: types.raw, description: "How the class is evaluated." }),
        intoAttr: mkOption({ type: types.listOf(types.str), description: "Where the output goes ([] for none)." }),
        resolved: mkOption({ type: types.raw, readOnly: true, description: "The host pipeline's result (read-only)." }),
        mainModule: mkOption({
          type: types.raw,
          readOnly: true,
          description: "The resolved module of the host's class (read-only).",
        }),
        hasAspect: mkOption({
          type: types.raw,
          readOnly: true,
          description: "Whether the host's configuration includes an aspect (with .forClass and .forAnyClass).",
        }),
      },
      config: getters(
        {
          hostName: dflt(() => config.name),
          aspect: dflt(
            () => den().aspects[config.name] ?? mergeAspect({ name: config.name, identity: config.name }, []),
          ),
          instantiate: dflt(() => defaultInstantiate(den)),
          intoAttr: dflt(() => ["osConfigurations", config.name]),
          resolved: () => pipelineOf(den(), "host", self(), { host: self() }, `host:${config.name}`).aspect,
          mainModule: () => resolve(config.class, config.resolved),
          hasAspect: () =>
            entityHasAspect(
              () => config.resolved,
              () => [config.class],
              (id) => knownIdentity(den(), id),
            ),
        },
        { _module: { args: getters({ host: () => config }) } },
      ),
    };
  };
}

function userType(den: () => Den, host: () => Host) {
  return entityType({
    kind: "user",
    base:
      () =>
      ({ config, name }: { config: User; name: string }) => ({
        _file: "den (user)",
        options: {
          name: mkOption({ type: types.str, default: name, description: "The user's name (its key)." }),
          userName: mkOption({ type: types.str, description: "The login name (default: name)." }),
          aspect: mkOption({ type: types.raw, description: "The user's aspect (den.aspects.<name>)." }),
          classes: mkOption({ type: types.listOf(types.str), default: ["user"], description: "The user's classes." }),
          host: mkOption({ type: types.raw, readOnly: true, description: "The host the user belongs to." }),
          resolved: mkOption({
            type: types.raw,
            readOnly: true,
            description: "The user pipeline's result (den.ctx.user on { host, user }; read-only).",
          }),
          hasAspect: mkOption({
            type: types.raw,
            readOnly: true,
            description: "Whether the user's configuration includes an aspect (primary class: the first of classes).",
          }),
        },
        config: getters(
          {
            userName: dflt(() => config.name),
            aspect: dflt(
              () => den().aspects[config.name] ?? mergeAspect({ name: config.name, identity: config.name }, []),
            ),
            host: () => host(),
            resolved: () => {
              const user = (host().users[name] as User | undefined) ?? config;
              return pipelineOf(den(), "user", user, { host: host(), user }, `user:${host().name}/${config.name}`)
                .aspect;
            },
            hasAspect: () =>
              entityHasAspect(
                () => config.resolved,
                () => config.classes,
                (id) => knownIdentity(den(), id),
              ),
          },
          { _module: { args: getters({ user: () => config }) } },
        ),
      }),
    schema: () => [den().schema.user, den().schema.conf],
    strict: () => isStrict(den().schema, "user"),
    args: () => ({ host: host() }),
    known: (l) => ({ name: l[l.length - 1]!, host: host() }),
  });
}

/** The host and user a `<user>@<host>` home names, when that host exists on its system. */
export function homeBinding(den: Den, key: string, system: string): { host: Host | null; user: User | null } {
  const at = key.indexOf("@");
  if (at < 0) return { host: null, user: null };
  const host = den.hosts[system]?.[key.slice(at + 1)] ?? null;
  return { host, user: host?.users[key.slice(0, at)] ?? null };
}

function homeBase(den: () => Den, loc: readonly string[]) {
  const system = loc[loc.length - 2]!;
  return ({ config, name: key }: { config: Home; name: string }) => {
    const userName = key.split("@")[0]!;
    let bound: ReturnType<typeof homeBinding> | undefined;
    const binding = () => (bound ??= homeBinding(den(), key, system));
    return {
      _file: "den (home)",
      options: {
        name: mkOption({
          type: types.str,
          default: userName,
          description: "The home's name: the user name (the key without @<host>).",
        }),
        userName: mkOption({ type: types.str, default: userName, description: "The user name (before @)." }),
        hostName: mkOption({
          type: types.nullOr(types.str),
          default: key.includes("@") ? key.slice(key.indexOf("@") + 1) : null,
          description: "The host name (after @), or null.",
        }),
        host: mkOption({
          type: types.raw,
          description: "The host named after @ when it exists on this system, else null.",
        }),
        user: mkOption({ type: types.raw, description: "That host's user of this name, else null." }),
        system: mkOption({ type: types.str, default: system, description: "The system." }),
        class: mkOption({ type: types.str, default: "homeManager", description: "The home class." }),
        aspect: mkOption({ type: types.raw, description: "The home's aspect (den.aspects.<name>)." }),
        instantiate: mkOption({ type: types.raw, description: "How the class is evaluated." }),
        intoAttr: mkOption({
          type: types.listOf(types.str),
          default: ["homeConfigurations", key],
          description: "Where the output goes ([] for none).",
        }),
        resolved: mkOption({ type: types.raw, readOnly: true, description: "The home pipeline's result." }),
        mainModule: mkOption({
          type: types.raw,
          readOnly: true,
          description: "The resolved module of the home's class.",
        }),
        hasAspect: mkOption({
          type: types.raw,
          readOnly: true,
          description: "Whether the home includes an aspect (with .forClass and .forAnyClass).",
        }),
      },
      config: getters(
        {
          host: dflt(() => binding().host),
          user: dflt(() => binding().user),
          aspect: dflt(
            () => den().aspects[config.name] ?? mergeAspect({ name: config.name, identity: config.name }, []),
          ),
          instantiate: dflt(() => defaultInstantiate(den)),
          resolved: () => {
            const home = (den().homes[system]?.[key] as Home | undefined) ?? config;
            return pipelineOf(den(), "home", home, { home }, `home:${key}`).aspect;
          },
          mainModule: () => resolve(config.class, config.resolved),
          hasAspect: () =>
            entityHasAspect(
              () => config.resolved,
              () => [config.class],
              (id) => knownIdentity(den(), id),
            ),
        },
        { _module: { args: getters({ home: () => config }) } },
      ),
    };
  };
}

/** `den.hosts.<system>`: a map of hosts whose `system` is the key. */
function perSystem(inner: (loc: readonly string[]) => ReturnType<typeof entityType>) {
  return mkOptionType<Record<string, unknown>>({
    name: "den-system",
    description: "entities of a system",
    check: (v) => typeof v === "object" && v !== null,
    merge: (loc, defs) => types.lazyAttrsOf(inner(loc)).merge(loc, defs),
    getSubOptions: (prefix) => types.lazyAttrsOf(inner(prefix)).getSubOptions(prefix),
    emptyValue: { value: {} },
  });
}

/** The user stage's contribution: the user's classes forwarded into the host's class. */
function userForward(den: () => Den) {
  return take.atLeast(["host", "user"], ({ host, user }: { host: Host; user: User }) =>
    userClassForward(host, user, () => userPart(den, host, user)),
  );
}

/**
 * The user's part of the host pipeline (the stages whose context has that user: user,
 * its default, a home environment's user stage, custom ones), in full mode.
 */
function userPart(den: () => Den, host: Host, user: User): Aspect {
  const items = pipelineOf(den(), "host", host, { host }, `host:${host.name}`).items.filter(
    (it) => it.ctx.user === user,
  );
  const full = items.map((it) => ({ ...it, mode: "full" as const }));
  return mergeAspect({ name: `user:${user.name}`, identity: `user:${host.name}/${user.name}`, anonymous: true }, [
    { file: "den.ctx.user", value: { includes: full.flatMap(itemIncludes) } },
  ]);
}

/**
 * The default stages: host → default, host → user → default; home → default; and the
 * home environments' host → <env>-host → <env>-user (home-manager, hjem, maid).
 */
function defaultCtx(den: () => Den, flake: () => Record<string, unknown>): Record<string, unknown> {
  const envStages = Object.assign({}, ...homeEnvs.map((env) => homeEnvStages(env, (h, u) => userPart(den, h, u))));
  return {
    host: {
      description: "A host: its aspect, then den.default, each user and the home environments of its users.",
      includes: [({ host }: { host: Host }) => host.aspect],
      into: [
        ({ host }: { host: Host }) => ({
          default: [{ host }],
          user: Object.values(host.users).map((user) => ({ host, user })),
        }),
        ...homeEnvs.map(homeEnvInto),
        wslInto,
      ],
    },
    ...envStages,
    "wsl-host": wslStage,
    user: {
      description: "A user of a host: its aspect, then den.default.",
      includes: [({ user }: { host: Host; user: User }) => user.aspect, userForward(den)],
      into: ({ host, user }: { host: Host; user: User }) => ({ default: [{ host, user }] }),
    },
    home: {
      description: "A standalone home: its aspect, then den.default.",
      includes: [({ home }: { home: Home }) => home.aspect],
      into: ({ home }: { home: Home }) => ({ default: [{ home }] }),
    },
    default: { description: "den.default on every context.", includes: [lazy(() => den().default)] },
    ...flakeStages(
      den,
      (home) => instantiateArgs(home, flake),
      (system) => ({ perSystem: perSystemArg(flake, () => den().inputs, system) }),
    ),
  };
}

/** Whether an identity string names an aspect: of den.aspects, a battery (`den/...`), a namespace or a stage. */
function knownIdentity(den: Den, id: string): boolean {
  const first = id.split("/")[0]!;
  if (first in den.aspects || first === "den" || first === "ctx" || first.startsWith("host:")) return true;
  const ns = first.split(".")[0]!;
  return den.ful !== undefined && ns in den.ful;
}

/** The names every host, user and home contributes to `den.aspects`. */
function entityAspectNames(den: Den): string[] {
  const names = new Set<string>();
  for (const sys of Object.values(den.hosts)) {
    for (const h of Object.values(sys)) {
      names.add(h.name);
      for (const u of Object.values(h.users)) names.add(u.name);
    }
  }
  for (const sys of Object.values(den.homes)) for (const h of Object.values(sys)) names.add(h.userName);
  return [...names].sort();
}

/**
 * Extra module arguments of a home's instantiation: `osConfig`, its host's
 * configuration (at the host's intoAttr), only when the host exists; a standalone
 * home has no `osConfig` argument at all (as Den's: `args ? osConfig` is false).
 */
function instantiateArgs(e: Home, flake: () => Record<string, unknown>): Record<string, unknown> | undefined {
  const h = e.host;
  if (!h) return undefined;
  return getters({
    osConfig: () => {
      if (h.intoAttr.length === 0) return null;
      let v: unknown = flake();
      for (const k of [...h.intoAttr, "config"])
        v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
      return v ?? null;
    },
  });
}

const providesEntry = mkOptionType<unknown>({
  name: "den-provider",
  description: "aspect or aspect factory",
  merge: (loc, defs) => {
    const vs = defs.map((d) => d.value);
    if (vs.length === 1 && (typeof vs[0] === "function" || isAspect(vs[0]))) return vs[0];
    const name = loc[loc.length - 1]!;
    return mergeAspect({ name, identity: `den/${name}` }, defs);
  },
});

/**
 * The top-level module of a den project.
 *
 * @example
 * evalModules({ modules: [denModule, { den: { hosts: { "x86_64-linux": { server: {} } } } }] })
 */
export const denModule = ({ config }: { config: Cfg }) => {
  const den = () => config.den;
  const aspectOpts = aspectOptions(den, strictAspects(den));
  const flakeOption = mkOption({
    type: flakeType(() => ({
      module: config.den.schema.flake,
      strict: isStrict(config.den.schema, "flake"),
    })),
    default: {},
    description:
      "Outputs: the flake class of den.ctx.flake (hosts and homes at their intoAttr, per-system outputs), and anything set.",
  });
  return {
    _file: "den",
    key: "den",
    imports: [denLibModule, mkAliasOptionModule(["den", "_"], ["den", "provides"])],
    options: {
      den: {
        hosts: mkOption({
          type: types.lazyAttrsOf(
            perSystem((loc) =>
              entityType({
                kind: "host",
                base: (l) => hostBase(den, l),
                schema: () => [den().schema.host, den().schema.conf],
                strict: () => isStrict(den().schema, "host"),
                known: (l) => ({ name: l[l.length - 1]!, system: l[l.length - 2]! }),
              }),
            ),
          ),
          default: {},
          description: "Hosts: den.hosts.<system>.<name>.",
        }),
        homes: mkOption({
          type: types.lazyAttrsOf(
            perSystem(() =>
              entityType({
                kind: "home",
                base: (l) => homeBase(den, l),
                schema: () => [den().schema.home, den().schema.conf],
                strict: () => isStrict(den().schema, "home"),
                known: (l) => ({ name: l[l.length - 1]!.split("@")[0]!, system: l[l.length - 2]! }),
                args: (l) => {
                  let bound: ReturnType<typeof homeBinding> | undefined;
                  const binding = () => (bound ??= homeBinding(den(), l[l.length - 1]!, l[l.length - 2]!));
                  return getters({ host: () => binding().host, user: () => binding().user });
                },
              }),
            ),
          ),
          default: {},
          description: "Standalone homes: den.homes.<system>.<user> or <user>@<host>.",
        }),
        default: mkOption({
          type: aspectType({ ...aspectOpts, identity: () => "den/default" }),
          default: {} as never,
          description: "The aspect applied on every context.",
        }),
        schema: schemaOptions(),
        provides: mkOption({
          type: types.lazyAttrsOf(providesEntry),
          default: {},
          description: "Provided aspects (batteries); alias den._.",
        }),
        classes: mkOption({
          type: types.lazyAttrsOf(types.listOf(types.raw)),
          default: {},
          description: "Option modules of each class, given to the default instantiate.",
        }),
        systems: mkOption({
          type: types.listOf(types.str),
          description:
            "The systems of the flake-level pipeline (den.ctx.flake): by default those of den.hosts and den.homes, sorted; aarch64-linux and x86_64-linux when there are none.",
        }),
        inputs: mkOption({
          type: types.lazyAttrsOf(types.raw),
          default: {},
          description:
            "Outputs trees of other projects or packages, by name: the perSystem battery gives each with the system selected.",
        }),
      },
      flake: flakeOption,
    },
    config: {
      den: getters(
        { systems: dflt(() => defaultSystems(config.den)) },
        {
          aspects: lazy(() => Object.fromEntries(entityAspectNames(config.den).map((n) => [n, {}]))),
          ctx: defaultCtx(den, () => config.flake),
          provides: {
            ...batteries,
            perSystem: perSystemBattery(
              () => config.flake,
              () => config.den.inputs,
            ),
          },
        },
      ),
      flake: lazy(() => flakeOutputs(config.den, { den: config.den })),
    },
  };
};
