/**
 * The configuration layer of the Debian root: the generated files (`debianRootFiles`)
 * and the account files (`renderAccounts` over the base's) with their owners and
 * modes, plus created home directories, as a small squashfs image. Output:
 * `config.squashfs` and `files.txt` (what it holds).
 */
import { createHash } from "node:crypto";
import { chmod, chown, copyFile, lchown, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Derivation, type JsonValue, run, type Store } from "../../store/index.js";
import type { OsUsers } from "../options/users.js";
import { renderAccounts, type RenderedAccounts } from "../render/accounts.js";
import { SQUASHFS_FLAGS, squashfsEnv } from "./debian-base.js";
import type { RootFile } from "./debian-base-files.js";

const BUILDER = "tsden.os.debian-config/1";

/** Fills in the hashes of `copy` entries (their sources are read now, so a change rebuilds). */
export async function hashSources(files: readonly RootFile[]): Promise<RootFile[]> {
  return Promise.all(
    files.map(async (f) => {
      if (f.kind !== "copy") return f;
      const data = await readFile(f.source).catch((error: Error) => {
        throw new Error(`environment.etc: cannot read source ${f.source} of /${f.path}: ${error.message}`);
      });
      return { ...f, sha256: createHash("sha256").update(data).digest("hex") };
    }),
  );
}

/** The configuration layer's derivation. */
export function debianConfigDerivation(
  store: Store,
  hostName: string,
  baseDrv: Derivation,
  users: OsUsers,
  files: readonly RootFile[],
  timeZone: string | null,
): Derivation {
  const basePath = store.pathOf(baseDrv);
  const plainUsers = JSON.parse(JSON.stringify(users)) as JsonValue;
  return {
    name: `debian-config-${hostName}`,
    builder: BUILDER,
    inputs: { base: basePath, users: plainUsers, files: files as unknown as JsonValue, timeZone },
    build: async (out) => {
      await store.realise(baseDrv);
      const read = (name: string) => readFile(join(basePath, "etc", name), "utf8");
      const [passwd, group, shadow, gshadow] = await Promise.all(["passwd", "group", "shadow", "gshadow"].map(read));
      const accounts = renderAccounts(users, { passwd: passwd!, group: group!, shadow: shadow!, gshadow: gshadow! });
      if (timeZone !== null) {
        const zones = (await readFile(join(basePath, "zones.txt"), "utf8")).split("\n");
        if (!zones.includes(timeZone))
          throw new Error(`time.timeZone: ${JSON.stringify(timeZone)} is not a time zone of the Debian base's tzdata`);
      }
      await mkdir(out);
      const stage = join(out, "stage");
      try {
        const listing = await writeStage(stage, files, accounts);
        await run("mksquashfs", [stage, join(out, "config.squashfs"), ...SQUASHFS_FLAGS], { env: squashfsEnv() });
        await writeFile(join(out, "files.txt"), listing.map((l) => `${l}\n`).join(""));
      } finally {
        await rm(stage, { recursive: true, force: true });
      }
    },
  };
}

async function writeStage(stage: string, files: readonly RootFile[], accounts: RenderedAccounts): Promise<string[]> {
  const ids = idResolver(accounts);
  const listing: string[] = [];
  const ensureDir = async (path: string) => {
    await mkdir(path, { recursive: true, mode: 0o755 });
  };
  const all: RootFile[] = [
    { kind: "file", path: "etc/passwd", text: accounts.passwd, mode: 0o644 },
    { kind: "file", path: "etc/group", text: accounts.group, mode: 0o644 },
    { kind: "file", path: "etc/shadow", text: accounts.shadow, mode: 0o640, group: "shadow" },
    { kind: "file", path: "etc/gshadow", text: accounts.gshadow, mode: 0o640, group: "shadow" },
    ...files,
  ];
  for (const f of all) {
    const target = join(stage, f.path);
    await ensureDir(dirname(target));
    if (f.kind === "symlink") {
      await symlink(f.target, target);
      await lchown(target, 0, 0);
      listing.push(`/${f.path} -> ${f.target}`);
      continue;
    }
    if (f.kind === "file") await writeFile(target, f.text);
    else await copyFile(f.source, target);
    const uid = ids.user(f.user ?? "+0", f.path);
    const gid = ids.group(f.group ?? "+0", f.path);
    await chown(target, uid, gid);
    await chmod(target, f.mode);
    listing.push(`/${f.path} ${f.mode.toString(8).padStart(4, "0")} ${uid}:${gid}`);
  }
  for (const home of accounts.homes) {
    const target = join(stage, home.path);
    await ensureDir(target);
    await chown(target, home.uid, home.gid);
    await chmod(target, home.mode);
    listing.push(`${home.path}/ ${home.mode.toString(8).padStart(4, "0")} ${home.uid}:${home.gid}`);
  }
  return listing.sort();
}

function idResolver(accounts: RenderedAccounts) {
  const table = (text: string) =>
    new Map(
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => [l.split(":")[0]!, Number(l.split(":")[2])]),
    );
  const users = table(accounts.passwd);
  const groups = table(accounts.group);
  const resolve =
    (map: Map<string, number>, what: string) =>
    (name: string, path: string): number => {
      if (name.startsWith("+")) return Number(name.slice(1));
      const id = map.get(name);
      if (id === undefined)
        throw new Error(`/${path}: ${what} ${JSON.stringify(name)} does not exist in the system's accounts`);
      return id;
    };
  return { user: resolve(users, "user"), group: resolve(groups, "group") };
}
