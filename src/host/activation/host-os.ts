/**
 * The host's own configuration on a live Debian host, with the meaning the Debian guest
 * base gives the same options (its renderer, `debianRootFiles`, makes the files):
 * `systemd.services` (units, scripts, the `wantedBy` links), `environment.etc`,
 * `services.openssh` (sshd's drop-in, authorized keys), `time.timeZone` (when set), and
 * `users.users`/`users.groups` (made with useradd/groupadd). The host output carries
 * the files under `host/root/`; the activation section (`host-os-section.ts`) installs
 * them. Options that only mean something in a guest image are errors here.
 */
import { readFileSync } from "node:fs";
import { debianRootFiles, type DebianRootConfig, type RootFile } from "../../os/build/debian-base-files.js";
import type { OsUsers } from "../../os/options/users.js";

/** Where the host's files are in a host output. */
export const HOST_ROOT = "host/root";

/** A file (or link) the activation installs at `/<path>`. */
export type HostFile =
  | {
      readonly kind: "file";
      readonly path: string;
      readonly mode: number;
      readonly user: string;
      readonly group: string;
      readonly replaces: boolean;
    }
  | { readonly kind: "symlink"; readonly path: string; readonly target: string; readonly replaces: boolean };

/** A group the activation makes or updates. */
export interface HostGroup {
  readonly name: string;
  readonly gid: number | null;
}

/** A user the activation makes or updates (never its home's contents). */
export interface HostUser {
  readonly name: string;
  readonly uid: number | null;
  readonly system: boolean;
  readonly group: string;
  readonly extraGroups: readonly string[];
  readonly description: string;
  readonly home: string;
  readonly homeMode: string;
  readonly createHome: boolean;
  readonly shell: string;
  readonly hashedPassword: string | null;
}

/** What the host section applies. */
export interface HostOsSpec {
  readonly files: readonly HostFile[];
  /** Enabled services: `start` when something wants them (wantedBy/requiredBy). */
  readonly services: readonly { readonly name: string; readonly start: boolean }[];
  readonly users: readonly HostUser[];
  readonly groups: readonly HostGroup[];
}

/** The options the host's own configuration reads. */
export type HostOsConfig = DebianRootConfig & {
  readonly boot?: { readonly postBootCommands?: string };
};

/** Files that exist on every Debian host and that a setting takes over (the original is kept and put back). */
const REPLACEABLE = new Set(["etc/localtime", "etc/timezone"]);

const SAFE_PATH = /^[A-Za-z0-9@%+=:,._/-]+$/;

function checkedPath(path: string, where: string): string {
  if (!SAFE_PATH.test(path) || path.split("/").some((p) => p === "" || p === "." || p === "..")) {
    throw new Error(
      `${where}: the path /${path} cannot be installed on a host (use letters, digits and @%+=:,._- only)`,
    );
  }
  return path;
}

function usersOf(users: OsUsers): { users: HostUser[]; groups: HostGroup[] } {
  const groups = Object.keys(users.groups)
    .sort()
    .map((k) => ({ name: users.groups[k]!.name, gid: users.groups[k]!.gid }));
  const list = Object.keys(users.users)
    .sort()
    .map((k): HostUser => {
      const u = users.users[k]!;
      const where = `users.users.${u.name}`;
      if (u.isNormalUser && u.isSystemUser)
        throw new Error(`Exactly one of ${where}.isSystemUser and ${where}.isNormalUser must be set, not both`);
      const group = u.group !== "" ? u.group : u.isNormalUser ? "users" : "";
      if (group === "")
        throw new Error(
          `${where}.group is unset; set it to a group of users.groups (e.g. a group named like the user)`,
        );
      return {
        name: u.name,
        uid: u.uid,
        system: !u.isNormalUser,
        group,
        extraGroups: [...u.extraGroups].sort(),
        description: u.description,
        home: u.home,
        homeMode: u.homeMode,
        createHome: u.createHome,
        shell: u.shell ?? (u.isNormalUser ? users.defaultUserShell : "/usr/sbin/nologin"),
        hashedPassword: u.hashedPassword,
      };
    });
  return { users: list, groups };
}

/**
 * The host section's data and the files the host output carries (`host/root/<path>` →
 * text and mode), from the host's evaluated options. Throws for options a live host
 * cannot take.
 */
export function hostOsSpec(config: HostOsConfig): {
  readonly spec: HostOsSpec;
  readonly contents: Readonly<Record<string, { readonly text: string; readonly mode: number }>>;
} {
  const post = config.boot?.postBootCommands ?? "";
  if (post.trim() !== "") {
    throw new Error(
      'boot.postBootCommands cannot be applied to a live host: it runs at the end of a guest\'s boot. Use a systemd service (systemd.services.<name>.script with wantedBy = ["multi-user.target"]) instead',
    );
  }
  if (Object.keys(config.networking.interfaces ?? {}).length > 0) {
    throw new Error(
      "networking.interfaces cannot be applied to a live host: tsden leaves a host's network configuration alone. Configure it on the host, or declare it for guests only",
    );
  }
  const all = debianRootFiles({ ...config, time: { timeZone: config.time.timeZone } });
  const wanted = (f: RootFile): boolean => {
    const p = f.path;
    if (p === "etc/localtime" || p === "etc/timezone") return config.time.timeZone !== null;
    if (p === "etc/hostname" || p === "etc/hosts" || p === "etc/fstab" || p === "etc/resolv.conf") return false;
    if (p.startsWith("etc/systemd/network/")) return false;
    if (
      p.startsWith("etc/systemd/system/") &&
      f.kind === "symlink" &&
      f.target.startsWith("/lib/systemd/system/systemd-networkd")
    )
      return false;
    return true;
  };
  const files: HostFile[] = [];
  const contents: Record<string, { text: string; mode: number }> = {};
  for (const f of all.filter(wanted)) {
    const path = checkedPath(f.path, "the host's configuration");
    const replaces = REPLACEABLE.has(path);
    if (f.kind === "symlink") {
      if (!SAFE_PATH.test(f.target))
        throw new Error(
          `the link /${path} would point at ${JSON.stringify(f.target)}, which cannot be installed on a host`,
        );
      files.push({ kind: "symlink", path, target: f.target, replaces });
      continue;
    }
    const text = f.kind === "file" ? f.text : readFileSync(f.source, "utf8");
    contents[`${HOST_ROOT}/${path}`] = { text, mode: f.mode & 0o555 };
    files.push({ kind: "file", path, mode: f.mode, user: f.user ?? "+0", group: f.group ?? "+0", replaces });
  }
  const services = Object.keys(config.systemd.services)
    .sort()
    .filter((name) => config.systemd.services[name]!.enable)
    .map((name) => {
      const s = config.systemd.services[name]!;
      return { name, start: s.wantedBy.length > 0 || s.requiredBy.length > 0 };
    });
  return { spec: { files, services, ...usersOf(config.users) }, contents };
}
