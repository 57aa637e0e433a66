/**
 * Home environments as stages (Den's home-manager, hjem and maid integrations): a user
 * class (`homeManager`, `hjem`, `maid`) whose modules go into the host's class at a
 * per-user path (`home-manager.users.<userName>`, `hjem.users.<userName>`,
 * `users.users.<userName>.maid`).
 *
 *   host ─into─▶ <ctx>-host {host}      when host.<option>.enable (default: some user
 *                                       lists the class)
 *   <ctx>-host.provides.<ctx>-host      imports host.<option>.module into the host's
 *                                       class (it declares the per-user option)
 *   <ctx>-host ─into─▶ <ctx>-user {host, user}   one per user listing the class
 *   <ctx>-user.provides.<ctx>-user      forwards the class from the user's part of the
 *                                       pipeline (its <ctx>-user and user stages) to
 *                                       the per-user path
 *
 * A host without users of the class has no <ctx>-host stage, so what `den.ctx.<ctx>-host`
 * holds does not apply to it. The default `module` declares the per-user option as a
 * submodule of the class's option modules (`den.classes.<class>`, or a freeform record
 * when there are none), whose modules receive `osConfig` (the host's configuration).
 */
import { mkOption, mkOptionDefault, types } from "../modules/index.js";
import { take } from "./parametric.js";
import { forward } from "./forward.js";
import type { Aspect } from "./aspect.js";
import type { Host, User } from "./entities.js";

/** One home environment. */
export interface HomeEnv {
  /** The user class (`homeManager`). */
  readonly className: string;
  /** The stages' prefix (`hm`: stages `hm-host`, `hm-user`). */
  readonly ctxName: string;
  /** The host field holding `enable` and `module` (`home-manager`). */
  readonly optionPath: string;
  /** Where a user's modules go in the host's class. */
  readonly path: (user: User) => string[];
  /** Host-level options of the default module besides the per-user one. */
  readonly extraOptions?: () => Record<string, unknown>;
}

/** Den's home environments: home-manager, hjem and maid. */
export const homeEnvs: readonly HomeEnv[] = [
  {
    className: "homeManager",
    ctxName: "hm",
    optionPath: "home-manager",
    path: (u) => ["home-manager", "users", u.userName],
    extraOptions: () => ({
      useGlobalPkgs: mkOption({
        type: types.bool,
        default: false,
        description: "Whether home environments use the host's pkgs.",
      }),
      useUserPackages: mkOption({
        type: types.bool,
        default: false,
        description: "Whether home packages go into users.users.<name>.packages.",
      }),
    }),
  },
  { className: "hjem", ctxName: "hjem", optionPath: "hjem", path: (u) => ["hjem", "users", u.userName] },
  { className: "maid", ctxName: "maid", optionPath: "nix-maid", path: (u) => ["users", "users", u.userName, "maid"] },
];

/** The users of `host` whose classes list `cls`. */
export function usersWithClass(host: Host, cls: string): User[] {
  return Object.values(host.users).filter((u) => u.classes.includes(cls));
}

function field(host: Host, env: HomeEnv): { enable: boolean; module: unknown } | undefined {
  return host[env.optionPath] as { enable: boolean; module: unknown } | undefined;
}

/** `host.into.<ctx>-host`: the host, when the environment is enabled on it. */
export function homeEnvInto(env: HomeEnv) {
  return ({ host }: { host: Host }) => ({
    [`${env.ctxName}-host`]:
      field(host, env)?.enable && usersWithClass(host, env.className).length > 0 ? [{ host }] : [],
  });
}

/**
 * The environment's stages. `userPart(host, user)` is the aspect of the user's part of
 * the host pipeline (the stages whose context has that user), in full mode.
 */
export function homeEnvStages(env: HomeEnv, userPart: (host: Host, user: User) => Aspect): Record<string, unknown> {
  const hostStage = `${env.ctxName}-host`;
  const userStage = `${env.ctxName}-user`;
  return {
    [hostStage]: {
      description: `A host with ${env.className} users: imports host.${env.optionPath}.module.`,
      provides: {
        [hostStage]: ({ host }: { host: Host }) => ({ [host.class]: { imports: [field(host, env)?.module ?? {}] } }),
      },
      into: {
        [userStage]: ({ host }: { host: Host }) => usersWithClass(host, env.className).map((user) => ({ host, user })),
      },
    },
    [userStage]: {
      description: `A ${env.className} user of a host: its ${env.className} class forwarded to ${env.path({ userName: "<userName>" } as User).join(".")}.`,
      provides: {
        [userStage]: take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) =>
          forward({
            each: [true],
            fromClass: () => env.className,
            intoClass: () => host.class,
            intoPath: () => env.path(user),
            fromAspect: () => userPart(host, user),
          }),
        ),
      },
    },
  };
}

function setPath(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value) as Record<string, unknown>;
}

/**
 * The default `host.<option>.module`: declares the per-user option in the host's class,
 * a submodule of `classModules()` whose modules receive `osConfig`.
 */
export function homeEnvModule(env: HomeEnv, classModules: () => readonly unknown[] | undefined) {
  const userPath = env.path({ userName: "<name>" } as User);
  const at = userPath.indexOf("<name>");
  return ({ config }: { config: unknown }) => {
    const mods = classModules();
    const inner = types.submoduleWith({
      modules:
        mods && mods.length > 0
          ? [...mods]
          : [{ _file: `den (${env.className})`, freeformType: types.lazyAttrsOf(types.unspecified) }],
      specialArgs: { osConfig: config },
    });
    const rest = userPath.slice(at + 1);
    // users.users.<name>.maid: an option of the host's per-user submodule (declared again, merged)
    const perUser =
      rest.length === 0
        ? inner
        : types.submodule({
            options: setPath(rest.slice(0, -1), {
              [rest[rest.length - 1]!]: mkOption({ type: inner, default: {} }),
            }) as never,
          });
    const users = mkOption({
      type: types.attrsOf(perUser),
      ...(rest.length === 0 ? { default: {}, description: `The ${env.className} configuration of each user.` } : {}),
    });
    const prefix = userPath.slice(0, at);
    const top = setPath(prefix.slice(0, -1), { [prefix[prefix.length - 1]!]: users, ...(env.extraOptions?.() ?? {}) });
    return { _file: `den (${env.className} on the host)`, key: `den/home-env:${env.className}`, options: top };
  };
}

/**
 * The host fields of the home environments: `<option>.enable` (default: some user of the
 * host lists the class) and `<option>.module` (default: {@link homeEnvModule}).
 */
export function homeEnvHostOptions(classModules: (cls: string) => readonly unknown[] | undefined) {
  return ({ config }: { config: Host }) => {
    const defaults: Record<string, unknown> = {};
    for (const env of homeEnvs) {
      const d = {};
      Object.defineProperty(d, "enable", {
        enumerable: true,
        get: () => mkOptionDefault(usersWithClass(config, env.className).length > 0),
      });
      Object.defineProperty(d, "module", {
        enumerable: true,
        get: () => mkOptionDefault(homeEnvModule(env, () => classModules(env.className))),
      });
      defaults[env.optionPath] = d;
    }
    return {
      _file: "den (home environments)",
      options: Object.fromEntries(
        homeEnvs.map((env) => [
          env.optionPath,
          {
            enable: mkOption({
              type: types.bool,
              defaultText: `whether a user of the host lists the ${env.className} class`,
              description: `Whether the host has the ${env.ctxName}-host and ${env.ctxName}-user stages (the ${env.className} class of its users forwarded).`,
            }),
            module: mkOption({
              type: types.deferredModule,
              description: `The module imported into the host's class to declare ${env.path({ userName: "<name>" } as User).join(".")} (default: a submodule of den.classes.${env.className}).`,
            }),
          },
        ]),
      ),
      config: defaults,
    };
  };
}
