/** users.users / users.groups → /etc/passwd, group, shadow, gshadow over a Debian base's files. */
import { describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { osModules, renderAccounts, type BaseAccounts, type DebianOsConfig } from "../../src/os/index.js";

const evalOs = (...modules: unknown[]) =>
  evalModules({ modules: [...osModules, { system: { base: "debian" } }, ...modules], class: "os" })
    .config as unknown as DebianOsConfig;
const base: BaseAccounts = {
  passwd:
    "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nsystemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin\n",
  group: "root:x:0:\ndaemon:x:1:\nshadow:x:42:\nusers:x:100:\nsystemd-network:x:998:\n",
  shadow: "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nsystemd-network:!*:19000::::::\n",
  gshadow: "root:*::\ndaemon:*::\nshadow:*::\nusers:*::\nsystemd-network:!*::\n",
};
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("account files", () => {
  it("adds normal and system users and groups, keeps the base's entries, allocates ids", () => {
    const config = evalOs({
      _file: "users.ts",
      users: {
        users: {
          root: { hashedPassword: "$6$salt$hash" },
          alice: { isNormalUser: true, description: "Alice Liddell", extraGroups: ["wheel"], hashedPassword: "" },
          bob: { isNormalUser: true, uid: 1500, shell: "/bin/sh" },
          www: { isSystemUser: true, group: "www" },
        },
        groups: { wheel: { members: ["bob"] }, www: {} },
      },
    });
    const out = renderAccounts(config.users, base);
    expect(out.passwd).toBe(
      [
        "root:x:0:0:root:/root:/bin/bash",
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
        "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin",
        "alice:x:1000:100:Alice Liddell:/home/alice:/bin/bash",
        "bob:x:1500:100::/home/bob:/bin/sh",
        "www:x:999:997::/var/empty:/usr/sbin/nologin",
        "",
      ].join("\n"),
    );
    expect(out.group).toBe(
      "root:x:0:\ndaemon:x:1:\nshadow:x:42:\nusers:x:100:\nsystemd-network:x:998:\nwheel:x:999:alice,bob\nwww:x:997:\n",
    );
    expect(out.shadow.split("\n").slice(0, 5)).toEqual([
      "root:$6$salt$hash::0:99999:7:::",
      "daemon:*:19000:0:99999:7:::",
      "systemd-network:!*:19000::::::",
      "alice:::0:99999:7:::",
      "bob:!::0:99999:7:::",
    ]);
    expect(out.gshadow).toContain("wheel:!::alice,bob\n");
    expect(out.homes).toEqual([
      { path: "/home/alice", uid: 1000, gid: 100, mode: 0o700 },
      { path: "/home/bob", uid: 1500, gid: 100, mode: 0o700 },
    ]);
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "neither normal nor system",
      { users: { users: { carol: {} } } },
      /Exactly one of users\.users\.carol\.isSystemUser and users\.users\.carol\.isNormalUser must be set/,
    ],
    [
      "a system user without a group",
      { users: { users: { svc: { isSystemUser: true } } } },
      /users\.users\.svc\.group is unset/,
    ],
    [
      "an unknown extra group",
      { users: { users: { dave: { isNormalUser: true, extraGroups: ["wheel"] } } } },
      /users\.users\.dave\.extraGroups: group "wheel" is neither in users\.groups/,
    ],
    [
      "a duplicate uid",
      { users: { users: { a: { isNormalUser: true, uid: 1001 }, b: { isNormalUser: true, uid: 1001 } } } },
      /UID 1001 is already used by "a"/,
    ],
    [
      "a member that is no user",
      { users: { groups: { g: { members: ["nobody-here"] } } } },
      /users\.groups\.g\.members: user "nobody-here"/,
    ],
  ];
  it.each(cases)("rejects %s", (_label, definition, expected) => {
    expect(errorOf(() => renderAccounts(evalOs({ _file: "bad.ts", ...definition }).users, base))).toMatch(expected);
  });

  const typeCases: [string, Record<string, unknown>, RegExp][] = [
    ["an upper-case user name", { users: { users: { Alice: { isNormalUser: true } } } }, /keyed by account names/],
    [
      "a password hash with a colon",
      { users: { users: { a: { isNormalUser: true, hashedPassword: "x:0:0" } } } },
      /hashedPassword' is not of type `null or crypt/,
    ],
    [
      "a GECOS with a newline",
      { users: { users: { a: { isNormalUser: true, description: "a\nroot::0:0::/:/bin/sh" } } } },
      /description' is not of type/,
    ],
    [
      "a two-line SSH key",
      {
        users: {
          users: { a: { isNormalUser: true, openssh: { authorizedKeys: { keys: ["ssh-ed25519 A\nssh-rsa B"] } } } },
        },
      },
      /SSH public key on one line/,
    ],
  ];
  it.each(typeCases)("type error for %s names option and file", (_label, definition, expected) => {
    const message = errorOf(() => JSON.stringify(evalOs({ _file: "hostile.ts", ...definition }).users.users));
    expect(message).toMatch(expected);
    expect(message).toContain("hostile.ts");
  });
});
