/**
 * `users.users.<name>` and `users.groups.<name>` with NixOS's names and defaults:
 * a normal user gets group "users", `/home/<name>`, a created home and the default
 * shell; a system user needs a group; ids left null are allocated when the account
 * files are written (system ids from 999 down, normal ids from 1000 up).
 */
import { lazy, mkDefault, mkIf, mkOption, types } from "../../modules/index.js";
import { attrsOfKeyed, checkedStr, isCleanAbsolutePath } from "./names.js";
import type { OsConfig } from "./os-config.js";

const FILE = "tsden/os/options/users.ts";

/** Account names: what `useradd` accepts on Debian (lower case, digits, `_`, `-`, at most 32). */
export const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** True when `name` can name a user or group. */
export function isAccountName(name: unknown): name is string {
  return typeof name === "string" && ACCOUNT_NAME.test(name);
}

const accountNameType = checkedStr(
  "accountName",
  "account name (a-z, 0-9, _ and -, starting with a letter or _, at most 32)",
  isAccountName,
);
const ACCOUNT_KEYS = "account names (a-z, 0-9, _ and -, starting with a letter or _, at most 32)";
/** A field of /etc/passwd: no `:`, newline or NUL. */
const passwdFieldType = checkedStr("passwdField", 'string without ":", newlines or NUL', (v) => !/[:\n\r\0]/.test(v));
const absolutePathType = checkedStr(
  "absolutePath",
  'clean absolute path (no "..", "." or "//")',
  (v) => isCleanAbsolutePath(v) && !/[:\s]/.test(v),
);
const hashedPasswordType = checkedStr(
  "hashedPassword",
  'crypt(3) hash or "!" (one line, no ":")',
  (v) => !/[:\n\r\0\s]/.test(v),
);
const sshKeyType = checkedStr(
  "sshPublicKey",
  "SSH public key on one line",
  (v) => v.trim() !== "" && !/[\n\r\0]/.test(v),
);
const idType = types.nullOr(types.ints.between(0, 4294967294));

const userModule = ({ name, config }: { name: string; config: { isNormalUser: boolean } }) => ({
  _file: FILE,
  options: {
    name: mkOption({
      type: accountNameType,
      default: name,
      description: "The name of the user account; defaults to the attribute name.",
    }),
    uid: mkOption({
      type: idType,
      default: null,
      description: "The account UID; null: allocated (system users below 1000, normal users from 1000).",
    }),
    isNormalUser: mkOption({
      type: types.bool,
      default: false,
      description: 'A real user: group "users", home /home/<name>, createHome, the default shell, a UID from 1000.',
    }),
    isSystemUser: mkOption({
      type: types.bool,
      default: false,
      description: "A system account: a UID below 1000; `group` must be set.",
    }),
    description: mkOption({
      type: passwdFieldType,
      default: "",
      description: "The GECOS field: usually the user's full name.",
    }),
    group: mkOption({
      type: types.str,
      default: "",
      description: "The user's primary group (must exist in users.groups or in the base system).",
    }),
    extraGroups: mkOption({
      type: types.listOf(accountNameType),
      default: [],
      description: "The user's auxiliary groups.",
    }),
    home: mkOption({ type: absolutePathType, default: "/var/empty", description: "The user's home directory." }),
    homeMode: mkOption({
      type: types.strMatching("^[0-7]{3,4}$"),
      default: "700",
      description: "The permissions of a created home directory.",
    }),
    createHome: mkOption({
      type: types.bool,
      default: false,
      description: "Whether the home directory is created (owned by the user) in the system image.",
    }),
    shell: mkOption({
      type: types.nullOr(absolutePathType),
      default: null,
      defaultText: "users.defaultUserShell for normal users, else /usr/sbin/nologin",
      description: "The user's login shell.",
    }),
    hashedPassword: mkOption({
      type: types.nullOr(hashedPasswordType),
      default: null,
      example: "$6$rounds=100000$salt$hash",
      description:
        'The hashed password (mkpasswd -m sha-512); null locks the password ("!"), "" allows login without one.',
    }),
    openssh: {
      authorizedKeys: {
        keys: mkOption({
          type: types.listOf(sshKeyType),
          default: [],
          description: "Public keys allowed to log in as this user (~/.ssh/authorized_keys).",
        }),
      },
    },
  },
  config: mkIf(() => config.isNormalUser, {
    group: mkDefault("users"),
    createHome: mkDefault(true),
    // read when the option is: `name` may still be a reference while modules are collected
    home: mkDefault(lazy(() => `/home/${name}`)),
  }),
});

const groupModule = ({ name }: { name: string }) => ({
  _file: FILE,
  options: {
    name: mkOption({
      type: accountNameType,
      default: name,
      description: "The name of the group; defaults to the attribute name.",
    }),
    gid: mkOption({ type: idType, default: null, description: "The group's GID; null: allocated below 1000." }),
    members: mkOption({
      type: types.listOf(accountNameType),
      default: [],
      description: "Users that are members of this group (besides users listing it in extraGroups).",
    }),
  },
});

/** The `users` options. */
export const usersModule = {
  _file: FILE,
  key: FILE,
  options: {
    users: {
      users: mkOption({
        type: attrsOfKeyed(types.submodule(userModule), ACCOUNT_KEYS, isAccountName),
        default: {},
        example: { alice: { isNormalUser: true, extraGroups: ["wheel"] } },
        description: "The user accounts of the system.",
      }),
      groups: mkOption({
        type: attrsOfKeyed(types.submodule(groupModule), ACCOUNT_KEYS, isAccountName),
        default: {},
        example: { students: { gid: 1001 } },
        description: "The groups of the system.",
      }),
      defaultUserShell: mkOption({
        type: absolutePathType,
        default: "/bin/sh",
        description: "The shell of normal users that set none (the Debian base sets /bin/bash).",
      }),
    },
  },
  config: {
    users: {
      users: {
        root: { uid: mkDefault(0), group: mkDefault("root"), home: mkDefault("/root"), description: mkDefault("root") },
      },
      groups: { root: { gid: mkDefault(0) }, users: { gid: mkDefault(100) } },
    },
  },
};

/** `users.users.<name>` after evaluation. */
export type OsUser = OsConfig["users"]["users"][string];

/** `users.groups.<name>` after evaluation. */
export type OsGroup = OsConfig["users"]["groups"][string];

/** The `users` options after evaluation. */
export type OsUsers = OsConfig["users"];
