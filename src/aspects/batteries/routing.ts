/**
 * Routing batteries: `mutual-provider` (hosts and users contribute to each other
 * through `provides`), `host-aspects` (a user's classes receive the host aspect's
 * modules of those classes), and the user-class forward the user stage applies
 * (a user's `user` class into the host's `users.users.<name>`; home environments such
 * as `homeManager` have stages of their own, see home-env.ts).
 */
import { mergeAspect, type Aspect } from "../aspect.js";
import { targetArgs } from "../forward.js";
import { parametric, take } from "../parametric.js";
import { resolve } from "../resolve.js";
import { force, lazy } from "../../modules/index.js";
import type { Home, Host, User } from "../entities.js";

/**
 * Include in `den.ctx.user` (or a user aspect, or `den.ctx.home`): a user gets
 * `host.aspect.provides.<user>` and `.to-users`, and from every other user of the host
 * `<other>.aspect.provides.<user>` and `.to-users`; the host gets
 * `user.aspect.provides.<host>` and `.to-hosts`; a `<user>@<host>` home gets
 * `home.aspect.provides.<host>`.
 */
export const mutualProvider: Aspect = mergeAspect({ name: "mutual-provider", identity: "den/mutual-provider" }, [
  {
    file: "den.provides.mutual-provider",
    value: {
      description: "Hosts and users provide to each other.",
      includes: [
        take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => {
          const ctx = { host, user };
          const hp = host.aspect.provides;
          const up = user.aspect.provides;
          const others = Object.values(host.users).filter((u) => u !== user);
          return {
            includes: [
              hp[user.name],
              hp["to-users"],
              up[host.name],
              up["to-hosts"],
              ...others.flatMap((o) => [o.aspect.provides[user.name], o.aspect.provides["to-users"]]),
            ]
              .filter((x) => x !== undefined)
              .map((a) => parametric.fixedTo(ctx, a)),
          };
        }),
        take.exactly(["home"], ({ home }: { home: Home }) => {
          const p = home.hostName === null ? undefined : home.aspect.provides[home.hostName];
          return p === undefined ? null : parametric.fixedTo({ home }, p);
        }),
      ],
    },
  },
]);

/** Include in a user aspect: the user's classes get the host aspect's modules of those classes. */
export const hostAspects: Aspect = mergeAspect({ name: "host-aspects", identity: "den/host-aspects" }, [
  {
    file: "den.provides.host-aspects",
    value: {
      description: "Projects the host aspect's user-class modules onto the user.",
      includes: [
        take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => {
          const out: Record<string, unknown> = {};
          for (const cls of user.classes) out[cls] = resolve(cls, parametric.fixedTo({ host, user }, host.aspect));
          return out;
        }),
      ],
    },
  },
]);

/** Where a user class goes in the host's class. */
export const userClassPaths: Readonly<Record<string, (user: User) => string[]>> = {
  user: (u) => ["users", "users", u.userName],
};

/**
 * Forwards the user's `user` class from `source` into the host's class, for every user
 * (so `users.users.<userName>` is always defined), its modules receiving the host's
 * module arguments (`pkgs`, ...) and `osConfig`.
 */
export function userClassForward(host: Host, user: User, source: () => unknown): Aspect {
  const path = userClassPaths.user!(user);
  const userClass = ({ class: cls }: { class: string }) => {
    if (cls !== host.class) return null;
    const mod = resolve("user", source());
    const value = () => ({ imports: [mod], config: { _module: { args: lazy(() => outerArgs(outer)) } } });
    let outer: Record<string, any>;
    return {
      [host.class]: (args: Record<string, any>) => {
        outer = args;
        // with no user-class modules, define the user only where the class has the option
        const define = () => mod.imports.length > 0 || hasOption(args.options, path.slice(0, -1));
        return {
          _file: `den.ctx.user (user class of ${user.name})`,
          config: lazy(() => (define() ? setPath(path, value) : {})),
        };
      },
    };
  };
  // meta.forward: the route, for tools that trace where configuration goes (tsden graph)
  const route = {
    each: ["user"],
    fromClass: () => "user",
    intoClass: () => host.class,
    intoPath: () => path,
    fromAspect: () => source(),
  };
  return mergeAspect({ name: "user-class", identity: `den/user-class:${host.name}/${user.name}`, anonymous: true }, [
    { file: "den.ctx.user", value: { meta: { forward: route }, includes: [userClass] } },
  ]);
}

function hasOption(options: Record<string, unknown>, path: readonly string[]): boolean {
  let o: unknown = force(options);
  for (const k of path) {
    if (typeof o !== "object" || o === null || !(k in o)) return false;
    o = force((o as Record<string, unknown>)[k]);
  }
  return true;
}

function setPath(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
}

/** The host-level module arguments a user-class module receives (new names only), plus `osConfig`. */
function outerArgs(outer: Record<string, any>): Record<string, unknown> {
  const out = targetArgs(outer);
  Object.defineProperty(out, "osConfig", { enumerable: true, get: () => outer.config });
  return out;
}
