/**
 * Routing batteries: `mutual-provider` (hosts and users contribute to each other
 * through `provides`), `host-aspects` (a user's classes receive the host aspect's
 * modules of those classes), and the user-class forward the user stage applies
 * (a user's `user` class into the host's `users.users.<name>`, `homeManager` into
 * `home-manager.users.<name>`).
 */
import { mergeAspect, type Aspect } from "../aspect.js";
import { forward } from "../forward.js";
import { parametric, take } from "../parametric.js";
import { resolve } from "../resolve.js";
import type { Host, User } from "../entities.js";

/**
 * Include in `den.ctx.user` (or a user aspect): a user gets `host.aspect.provides.<user>`
 * and `.to-users`; the host gets `user.aspect.provides.<host>` and `.to-hosts`.
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
          return {
            includes: [hp[user.name], hp["to-users"], up[host.name], up["to-hosts"]]
              .filter((x) => x !== undefined)
              .map((a) => parametric.fixedTo(ctx, a)),
          };
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
  homeManager: (u) => ["home-manager", "users", u.userName],
};

/**
 * Forwards the user's classes (those with a known path) from `source` into the host's
 * class; nothing is emitted for a class the source has no module of.
 */
export function userClassForward(host: Host, user: User, source: () => unknown): Aspect {
  const classes = user.classes.filter((c) => c in userClassPaths);
  return forward({
    each: classes,
    fromClass: (c) => c,
    intoClass: () => host.class,
    intoPath: (c) => userClassPaths[c]!(user),
    fromAspect: () => source(),
    skipEmpty: true,
  });
}
