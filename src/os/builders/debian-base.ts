/**
 * The Debian base: a minimal Debian root made by mmdebstrap (variant minbase plus
 * systemd-sysv, udev, iproute2 and the packages asked for), from the host's apt
 * sources, as a squashfs image in the store. Its path is the hash of the suite, the
 * package set and the apt state the host sees (its sources and the Release files of
 * its package lists), so the same request reuses it; SOURCE_DATE_EPOCH and fixed
 * squashfs times keep rebuilds from the same archive state identical. Documentation,
 * man pages and locales are left out; SSH host keys are removed (generated at boot).
 * Output: `base.squashfs`, `packages.txt` (`name version` lines), `etc/` (the account
 * files the configuration layer extends) and `zones.txt` (tzdata's zone names).
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { type Derivation, ensureDebianPackage, run } from "../../store/index.js";

/** What a Debian base holds. */
export interface DebianBaseRequest {
  readonly suite: string;
  /** Debian package names besides the always-installed ones. */
  readonly packages: readonly string[];
}

/** Packages every Debian base has (beyond minbase). */
export const DEBIAN_BASE_PACKAGES = ["systemd-sysv", "udev", "iproute2"] as const;
/** The timestamp of every file of built images (seconds since the epoch). */
export const IMAGE_EPOCH = 1;
/** mksquashfs flags shared by the Debian base's images: fast zstd, fixed times. */
export const SQUASHFS_FLAGS = [
  "-noappend",
  "-no-progress",
  "-quiet",
  "-comp",
  "zstd",
  "-Xcompression-level",
  "3",
  "-mkfs-time",
  String(IMAGE_EPOCH),
  "-all-time",
  String(IMAGE_EPOCH),
];

const BUILDER = "tsden.os.debian-base/1";
const APT_SOURCES = ["/etc/apt/sources.list", "/etc/apt/sources.list.d"];
const APT_LISTS = "/var/lib/apt/lists";
const EXCLUDES = [
  "/usr/share/doc/*",
  "/usr/share/man/*",
  "/usr/share/info/*",
  "/usr/share/locale/*",
  "/usr/share/lintian/*",
];

/** The environment for mksquashfs: it refuses SOURCE_DATE_EPOCH beside -mkfs-time/-all-time. */
export function squashfsEnv(): NodeJS.ProcessEnv {
  const { SOURCE_DATE_EPOCH: _ignored, ...env } = process.env;
  return env;
}

/** The host's apt source files that mmdebstrap is given (deb822 `.sources` and `.list`). */
export async function hostAptSources(): Promise<string[]> {
  const files: string[] = [];
  for (const entry of APT_SOURCES) {
    if (entry.endsWith(".d")) {
      const names = await readdir(entry).catch(() => [] as string[]);
      files.push(
        ...names
          .filter((n) => n.endsWith(".sources") || n.endsWith(".list"))
          .sort()
          .map((n) => join(entry, n)),
      );
    } else if ((await readFile(entry, "utf8").catch(() => "")).trim() !== "") files.push(entry);
  }
  return files;
}

/** A hash of the apt state the host sees: its source files and the Release files of its lists. */
export async function aptStateHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await hostAptSources()) hash.update(`${file}\0`).update(await readFile(file));
  const lists = (await readdir(APT_LISTS).catch(() => [] as string[])).filter((n) => /(In)?Release$/.test(n)).sort();
  for (const name of lists) hash.update(`${name}\0`).update(await readFile(join(APT_LISTS, name)));
  return hash.digest("hex");
}

/** The sorted, de-duplicated package list of `request`. */
export function basePackageList(request: DebianBaseRequest): string[] {
  return [...new Set([...DEBIAN_BASE_PACKAGES, ...request.packages])].sort();
}

/** The derivation of the Debian base for `request`. */
export async function debianBaseDerivation(request: DebianBaseRequest): Promise<Derivation> {
  const packages = basePackageList(request);
  const sources = await hostAptSources();
  if (sources.length === 0)
    throw new Error("the Debian base needs apt sources: the host has none in /etc/apt/sources.list(.d)");
  return {
    name: `debian-base-${request.suite}`,
    builder: BUILDER,
    inputs: { suite: request.suite, packages, apt: await aptStateHash(), excludes: EXCLUDES },
    build: (out) => buildBase(request.suite, packages, sources, out),
  };
}

async function buildBase(
  suite: string,
  packages: readonly string[],
  sources: readonly string[],
  out: string,
): Promise<void> {
  await ensureDebianPackage("mmdebstrap", "/usr/bin/mmdebstrap");
  await ensureDebianPackage("squashfs-tools", "/usr/bin/mksquashfs");
  const work = await mkdtemp(join(dirname(out), "debian-base-"));
  const root = join(work, "root");
  try {
    const args = ["--variant=minbase", "--mode=root", "--format=directory", `--include=${packages.join(",")}`];
    for (const pattern of EXCLUDES) args.push(`--dpkgopt=path-exclude=${pattern}`);
    args.push('--customize-hook=rm -f "$1"/etc/ssh/ssh_host_*');
    args.push(suite, root, ...sources);
    await run("mmdebstrap", args, {
      env: { ...process.env, SOURCE_DATE_EPOCH: String(IMAGE_EPOCH), DEBIAN_FRONTEND: "noninteractive" },
    });
    await mkdir(join(out, "etc"), { recursive: true });
    for (const name of ["passwd", "group", "shadow", "gshadow"])
      await copyFile(join(root, "etc", name), join(out, "etc", name));
    const { stdout } = await run("dpkg-query", [
      `--admindir=${join(root, "var/lib/dpkg")}`,
      "-W",
      "-f",
      "${Package} ${Version}\\n",
    ]);
    await writeFile(
      join(out, "packages.txt"),
      stdout
        .split("\n")
        .filter((l) => l !== "")
        .sort()
        .map((l) => `${l}\n`)
        .join(""),
    );
    await writeFile(
      join(out, "zones.txt"),
      (await zoneNames(join(root, "usr/share/zoneinfo"))).map((z) => `${z}\n`).join(""),
    );
    await run("mksquashfs", [root, join(out, "base.squashfs"), ...SQUASHFS_FLAGS], { env: squashfsEnv() });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function zoneNames(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!["posix", "right"].includes(entry.name)) await walk(full);
      } else if (/^[A-Z]/.test(entry.name) || entry.name === "UTC") out.push(relative(dir, full));
    }
  };
  await walk(dir);
  return out.sort();
}
