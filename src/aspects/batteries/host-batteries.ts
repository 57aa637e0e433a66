/**
 * Batteries about hosts and users: `hostname`, `define-user`, `primary-user`,
 * `user-shell`, `tty-autologin`, `unfree`, `insecure`. Each writes into the class named
 * by the entity (`host.class`, `home.class`), `tty-autologin` into the `os` class; option
 * names are the OS vocabulary's (the `os` class declares every one they write).
 */
import { lazy, mkOption, types } from "../../modules/index.js";
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

/**
 * Makes the user an administrator of the host: a normal user in the `wheel` and
 * `networkmanager` groups (both declared in `users.groups`, which a Debian base lacks),
 * and the host's `wsl.defaultUser` (the `wsl` class, forwarded on WSL hosts).
 */
export const primaryUser: Aspect = battery("primary-user", {
  description: "Sets the user as primary (admin groups).",
  includes: [
    take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => ({
      [host.class]: {
        users: {
          users: { [user.userName]: { isNormalUser: true, extraGroups: ["wheel", "networkmanager"] } },
          groups: { wheel: {}, networkmanager: {} },
        },
      },
      wsl: { defaultUser: user.userName },
    })),
  ],
});

/**
 * The user's login shell, enabled at OS and home level: `userShell("fish")` sets
 * `programs.fish.enable` and the user's `shell` to `/usr/bin/fish` (a Debian base's
 * path; an absolute path is taken as is, its last part naming the program).
 */
export function userShell(shell: string): Aspect {
  if (typeof shell !== "string" || !/^(\/[^\s\0]*\/)?[A-Za-z0-9_.+-]+$/.test(shell)) {
    throw new TypeError(
      `den.provides.user-shell: ${JSON.stringify(shell)} is not a shell name (fish) or an absolute path without spaces`,
    );
  }
  const program = shell.slice(shell.lastIndexOf("/") + 1);
  const path = shell.startsWith("/") ? shell : `/usr/bin/${shell}`;
  return factory("user-shell", {
    description: `Login shell ${program}.`,
    includes: [
      take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) => ({
        [host.class]: {
          programs: { [program]: { enable: true } },
          users: { users: { [user.userName]: { shell: path } } },
        },
        homeManager: { programs: { [program]: { enable: true } } },
      })),
      take.exactly(["home"], ({ home }: { home: Home }) => ({
        [home.class]: { programs: { [program]: { enable: true } } },
      })),
    ],
  });
}

/**
 * Automatic login of `userName` on tty1, as Den writes it: the `os` class's
 * `systemd.services."getty@tty1"` becomes a drop-in over the base system's getty whose
 * `ExecStart` runs agetty with `--autologin <userName>` and the configuration's
 * `services.getty.loginProgram`. Include it in a host aspect.
 */
export function ttyAutologin(userName: string): Aspect {
  if (typeof userName !== "string" || !/^[a-z_][a-z0-9_-]*\$?$/i.test(userName) || userName.length > 32) {
    throw new TypeError(`den.provides.tty-autologin: ${JSON.stringify(userName)} is not a user name`);
  }
  return factory("tty-autologin", {
    description: `Autologin of ${userName} on tty1.`,
    os: ({ config }: { config: { services: { getty: { loginProgram: string } } } }) => ({
      systemd: {
        services: {
          "getty@tty1": {
            overrideStrategy: "asDropin",
            serviceConfig: {
              ExecStart: lazy(() => [
                "",
                `@/sbin/agetty agetty --login-program ${config.services.getty.loginProgram} --autologin ${userName} --noclear --keep-baud %I 115200,38400,9600 $TERM`,
              ]),
            },
          },
        },
      },
    }),
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

const insecureOption = {
  key: "den/insecure#option",
  _file: "den.provides.insecure",
  options: {
    permittedInsecurePackages: {
      packages: mkOption({
        type: types.listOf(types.str),
        default: [],
        description: "Names (with versions) of insecure packages allowed.",
      }),
    },
  },
};

/** Allows insecure packages by name and version (`insecure(["hello-1.0.0"])`), in whatever class is being resolved. */
export function insecure(names: readonly string[]): Aspect {
  return factory("insecure", {
    description: `Allows insecure packages: ${names.join(", ")}.`,
    includes: [
      ({ class: cls }: { class: string }) => ({
        [cls]: { imports: [insecureOption], permittedInsecurePackages: { packages: [...names] } },
      }),
    ],
  });
}
