/**
 * Batteries about hosts and users: `hostname`, `define-user`, `primary-user`,
 * `user-shell`, `tty-autologin`, `unfree`. Each writes into the class named by the
 * entity (`host.class`, `home.class`); option names are the OS vocabulary's.
 */
import { mkOption, types } from "../../modules/index.js";
import { mergeAspect, type Aspect } from "../aspect.js";
import { take } from "../parametric.js";
import type { Home, Host, User } from "../entities.js";

function battery(name: string, def: Record<string, unknown>): Aspect {
  return mergeAspect({ name, identity: `den/${name}` }, [{ file: `den.provides.${name}`, value: def }]);
}

function factory(name: string, def: Record<string, unknown>): Aspect {
  return mergeAspect({ name, identity: `den/${name}`, anonymous: true }, [
    { file: `den.provides.${name}`, value: def },
  ]);
}

function homeDir(system: string, userName: string): string {
  return system.endsWith("darwin") ? `/Users/${userName}` : `/home/${userName}`;
}

/** Sets `networking.hostName` of the host's class to `host.hostName`, in any context that has a host (included from a host, a user or den.default). */
export const hostname: Aspect = battery("hostname", {
  description: "Sets networking.hostName from host.hostName.",
  includes: [
    take.atLeast(["host"], ({ host }: { host: Host }) => ({
      [host.class]: { networking: { hostName: host.hostName } },
    })),
  ],
});

/** Creates the OS user (and the home directory settings of home environments). */
export const defineUser: Aspect = battery("define-user", {
  description: "Defines the user at OS and home level.",
  includes: [
    take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => ({
      [host.class]: {
        users: {
          users: {
            [user.userName]: { name: user.userName, home: homeDir(host.system, user.userName), isNormalUser: true },
          },
        },
      },
      homeManager: { home: { username: user.userName, homeDirectory: homeDir(host.system, user.userName) } },
    })),
    take.exactly(["home"], ({ home }: { home: Home }) => ({
      [home.class]: { home: { username: home.userName, homeDirectory: homeDir(home.system, home.userName) } },
    })),
  ],
});

/** Makes the user an administrator of the host (wheel and networkmanager groups). */
export const primaryUser: Aspect = battery("primary-user", {
  description: "Sets the user as primary (admin groups).",
  includes: [
    take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => ({
      [host.class]: {
        users: { users: { [user.userName]: { isNormalUser: true, extraGroups: ["wheel", "networkmanager"] } } },
      },
    })),
  ],
});

/** The user's login shell, enabled at OS and home level: `userShell("fish")`. */
export function userShell(shell: string): Aspect {
  return factory("user-shell", {
    description: `Login shell ${shell}.`,
    includes: [
      take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => ({
        [host.class]: { programs: { [shell]: { enable: true } }, users: { users: { [user.userName]: { shell } } } },
        homeManager: { programs: { [shell]: { enable: true } } },
      })),
      take.exactly(["home"], ({ home }: { home: Home }) => ({
        [home.class]: { programs: { [shell]: { enable: true } } },
      })),
    ],
  });
}

/** Automatic login on tty1 for `userName` (include it in a host aspect). */
export function ttyAutologin(userName: string): Aspect {
  return factory("tty-autologin", {
    description: `Autologin of ${userName} on tty1.`,
    includes: [
      take.atLeast(["host"], ({ host }: { host: Host }) => ({
        [host.class]: { services: { getty: { autologinUser: userName } } },
      })),
    ],
  });
}

const unfreeOption = {
  key: "den/unfree#option",
  _file: "den.provides.unfree",
  options: {
    unfree: {
      packages: mkOption({
        type: types.listOf(types.str),
        default: [],
        description: "Names of unfree packages allowed.",
      }),
    },
  },
};

/** Allows unfree packages by name, in whatever class is being resolved. */
export function unfree(names: readonly string[]): Aspect {
  return factory("unfree", {
    description: `Allows unfree packages: ${names.join(", ")}.`,
    includes: [
      ({ class: cls }: { class: string }) => ({ [cls]: { imports: [unfreeOption], unfree: { packages: [...names] } } }),
    ],
  });
}
