/**
 * /etc/passwd, /etc/group, /etc/shadow and /etc/gshadow of a system: the base system's
 * entries (Debian's), with `users.users` and `users.groups` replacing entries of the
 * same name or added after them (sorted by name). Ids left null keep the base's id or
 * are allocated: system ids from 999 down, normal user ids from 1000 up, skipping used
 * ones. A pure function; inconsistent options are errors naming the option.
 */
import type { OsGroup, OsUser, OsUsers } from "../options/users.js";

/** The account files of the base system (each may be empty). */
export interface BaseAccounts {
  readonly passwd: string;
  readonly group: string;
  readonly shadow: string;
  readonly gshadow: string;
}

/** A home directory to create, owned by its user. */
export interface HomeDirectory {
  readonly path: string;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/** What `renderAccounts` produces. */
export interface RenderedAccounts extends BaseAccounts {
  readonly homes: readonly HomeDirectory[];
  /** User name → authorized keys file text (for /etc/ssh/authorized_keys.d/<name>). */
  readonly authorizedKeys: Readonly<Record<string, string>>;
}

const NOLOGIN = "/usr/sbin/nologin";

function parse(text: string): string[][] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.split(":"));
}

function byName(rows: string[][]): Map<string, string[]> {
  return new Map(rows.map((r) => [r[0]!, r]));
}

function allocator(used: Set<number>) {
  const take = (id: number): number => {
    used.add(id);
    return id;
  };
  return (system: boolean): number => {
    if (system) {
      for (let id = 999; id >= 100; id--) if (!used.has(id)) return take(id);
      throw new Error("no free system id between 100 and 999");
    }
    for (let id = 1000; id < 60000; id++) if (!used.has(id)) return take(id);
    throw new Error("no free id between 1000 and 59999");
  };
}

/** The account files for `users` on top of `base`. */
export function renderAccounts(users: OsUsers, base: BaseAccounts): RenderedAccounts {
  const basePasswd = parse(base.passwd);
  const baseGroup = parse(base.group);
  const baseShadow = byName(parse(base.shadow));
  const baseGshadow = byName(parse(base.gshadow));
  const basePasswdByName = byName(basePasswd);
  const baseGroupByName = byName(baseGroup);
  const userList = Object.keys(users.users)
    .sort()
    .map((k) => users.users[k]!);
  const groupList = Object.keys(users.groups)
    .sort()
    .map((k) => users.groups[k]!);
  const where = (u: OsUser) => `users.users.${u.name}`;

  // Group ids.
  const usedGids = new Set<number>(baseGroup.filter((r) => !users.groups[r[0]!]).map((r) => Number(r[2])));
  for (const g of groupList) if (g.gid !== null) usedGids.add(g.gid);
  const allocGid = allocator(usedGids);
  const gids = new Map<string, number>();
  for (const r of baseGroup) gids.set(r[0]!, Number(r[2]));
  for (const g of groupList)
    gids.set(g.name, g.gid ?? (baseGroupByName.has(g.name) ? Number(baseGroupByName.get(g.name)![2]) : allocGid(true)));
  checkUnique(
    groupList.map((g) => [g.name, gids.get(g.name)!] as const),
    [...baseGroup].filter((r) => !users.groups[r[0]!]).map((r) => [r[0]!, Number(r[2])] as const),
    "users.groups",
    "GID",
  );

  // User ids and primary groups.
  const usedUids = new Set<number>(basePasswd.filter((r) => !users.users[r[0]!]).map((r) => Number(r[2])));
  for (const u of userList) if (u.uid !== null) usedUids.add(u.uid);
  const allocUid = allocator(usedUids);
  const rows = new Map<string, string[]>();
  for (const u of userList) {
    const inBase = basePasswdByName.get(u.name);
    if (u.isNormalUser && u.isSystemUser)
      throw new Error(`Exactly one of ${where(u)}.isSystemUser and ${where(u)}.isNormalUser must be set, not both`);
    if (!u.isNormalUser && !u.isSystemUser && u.uid === null && inBase === undefined) {
      throw new Error(`Exactly one of ${where(u)}.isSystemUser and ${where(u)}.isNormalUser must be set`);
    }
    if (u.group === "" && inBase === undefined)
      throw new Error(
        `${where(u)}.group is unset; set it to a group of users.groups (e.g. a group named like the user)`,
      );
    const groupName = u.group === "" ? null : u.group;
    if (groupName !== null && !gids.has(groupName)) {
      throw new Error(
        `${where(u)}.group is ${JSON.stringify(groupName)}, which is neither in users.groups nor in the base system's /etc/group`,
      );
    }
    for (const g of u.extraGroups) {
      if (!gids.has(g))
        throw new Error(
          `${where(u)}.extraGroups: group ${JSON.stringify(g)} is neither in users.groups nor in the base system's /etc/group`,
        );
    }
    const uid = u.uid ?? (inBase !== undefined ? Number(inBase[2]) : allocUid(!u.isNormalUser));
    const gid = groupName === null ? Number(inBase![3]) : gids.get(groupName)!;
    const shell = u.shell ?? (u.isNormalUser ? users.defaultUserShell : (inBase?.[6] ?? NOLOGIN));
    rows.set(u.name, [u.name, "x", String(uid), String(gid), u.description, u.home, shell]);
  }
  checkUnique(
    userList.map((u) => [u.name, Number(rows.get(u.name)![2])] as const),
    basePasswd.filter((r) => !users.users[r[0]!]).map((r) => [r[0]!, Number(r[2])] as const),
    "users.users",
    "UID",
  );

  const passwdLines = [
    ...basePasswd.map((r) => rows.get(r[0]!) ?? r),
    ...userList.filter((u) => !basePasswdByName.has(u.name)).map((u) => rows.get(u.name)!),
  ];
  const knownUsers = new Set(passwdLines.map((r) => r[0]!));
  const shadowLines = passwdLines.map((r) => {
    const name = r[0]!;
    const declared = users.users[name];
    if (declared === undefined) return baseShadow.get(name) ?? [name, "!", "", "0", "99999", "7", "", "", ""];
    return [name, declared.hashedPassword ?? "!", "", "0", "99999", "7", "", "", ""];
  });

  // Group members: the base's, the group's own, and users naming it in extraGroups.
  const members = new Map<string, Set<string>>();
  for (const r of baseGroup) members.set(r[0]!, new Set((r[3] ?? "").split(",").filter((m) => m !== "")));
  for (const g of groupList) {
    const set = members.get(g.name) ?? new Set<string>();
    for (const m of g.members) {
      if (!knownUsers.has(m))
        throw new Error(
          `users.groups.${g.name}.members: user ${JSON.stringify(m)} is neither in users.users nor in the base system's /etc/passwd`,
        );
      set.add(m);
    }
    members.set(g.name, set);
  }
  for (const u of userList) for (const g of u.extraGroups) members.get(g)!.add(u.name);
  const groupRow = (name: string): string[] => [
    name,
    "x",
    String(gids.get(name)),
    [...(members.get(name) ?? [])].sort().join(","),
  ];
  const groupNames = [
    ...baseGroup.map((r) => r[0]!),
    ...groupList.filter((g) => !baseGroupByName.has(g.name)).map((g) => g.name),
  ];
  const gshadowLines = groupNames.map((name) => {
    const old = baseGshadow.get(name);
    return [name, old?.[1] ?? "!", old?.[2] ?? "", [...(members.get(name) ?? [])].sort().join(",")];
  });

  const homes: HomeDirectory[] = userList
    .filter((u) => u.createHome)
    .map((u) => ({
      path: u.home,
      uid: Number(rows.get(u.name)![2]),
      gid: Number(rows.get(u.name)![3]),
      mode: Number.parseInt(u.homeMode, 8),
    }));
  const authorizedKeys: Record<string, string> = {};
  for (const u of userList) {
    const keys = u.openssh.authorizedKeys.keys;
    if (keys.length > 0) authorizedKeys[u.name] = keys.map((k) => `${k.trim()}\n`).join("");
  }
  const join = (lines: readonly (readonly string[])[]) => lines.map((l) => `${l.join(":")}\n`).join("");
  return {
    passwd: join(passwdLines),
    group: join(groupNames.map(groupRow)),
    shadow: join(shadowLines),
    gshadow: join(gshadowLines),
    homes,
    authorizedKeys,
  };
}

function checkUnique(
  declared: readonly (readonly [string, number])[],
  others: readonly (readonly [string, number])[],
  option: string,
  what: string,
): void {
  const seen = new Map<number, string>();
  for (const [name, id] of others) seen.set(id, name);
  for (const [name, id] of declared) {
    const other = seen.get(id);
    if (other !== undefined && other !== name)
      throw new Error(
        `${option}.${name}: ${what} ${id} is already used by ${JSON.stringify(other)}; ${what}s must be unique`,
      );
    seen.set(id, name);
  }
}

/** Only the users and groups parts `renderAccounts` reads (for callers holding plain data). */
export type AccountsInput = {
  readonly users: Record<string, OsUser>;
  readonly groups: Record<string, OsGroup>;
  readonly defaultUserShell: string;
};
