/**
 * Programs of another Debian release run on this machine, for tests that must pass
 * with more than one version of a tool (e.g. qemu 7.2 here and qemu 10 from trixie).
 * The release's tree is built with mmdebstrap once per machine (cached under
 * /var/cache/tsden-test/, keyed by release, variant and package list; built under a
 * lock, then renamed into place) and never changed afterwards. A command runs
 * chrooted into it, in a mount namespace of its own where the host's /dev and a fresh
 * /proc are mounted, /tmp is a RAM file system, and the given folders are bound at
 * the same paths: files and unix sockets there are shared with the host.
 *
 * @example
 * const t = await releaseTree("trixie", ["qemu-system-x86"], "usr/bin/qemu-system-x86_64");
 * if ("tree" in t) spawn(...chrootCommand(t.tree, ["/tmp/x"], "/tmp/x", ["qemu-system-x86_64", "--version"]));
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { CONTAINER_CACHE } from "./nspawn-container.js";

/** A tree that is ready, or why there is none. */
export type ReleaseTree = { readonly tree: string } | { readonly unavailable: string };

/** Output of a failed build that means the release's packages could not be reached. */
const UNREACHABLE =
  /Failed to fetch|Could not resolve|Temporary failure resolving|Unable to connect|Could not connect|Connection (refused|timed out)|Network is unreachable|does not have a Release file|404\s+Not Found|NO_PUBKEY|is not signed/i;

/** The cache key of a tree (the same formula as the container trees'). */
export function releaseTreeKey(release: string, packages: readonly string[]): string {
  const list = [...new Set(packages)].sort();
  return createHash("sha256")
    .update(JSON.stringify({ release, variant: "apt", packages: list }))
    .digest("hex")
    .slice(0, 16);
}

/**
 * The tree of `release` with `packages` (mmdebstrap's apt variant), built the first
 * time; `marker` is a file (relative to the tree) that shows it is complete. When the
 * release's packages cannot be downloaded the result says why; any other failure
 * throws.
 */
export async function releaseTree(release: string, packages: readonly string[], marker: string): Promise<ReleaseTree> {
  const tree = join(CONTAINER_CACHE, `debian-${release}-${releaseTreeKey(release, packages)}`);
  if (existsSync(join(tree, marker))) return { tree };
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    return { unavailable: `building a ${release} tree needs root` };
  for (const tool of ["mmdebstrap", "flock", "unshare", "chroot"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0)
      return { unavailable: `${tool} is not installed (scripts/debian-deps installs it)` };
  }
  mkdirSync(CONTAINER_CACHE, { recursive: true });
  const script = [
    "tree=$1; list=$2; release=$3; marker=$4",
    'if [ -e "$tree/$marker" ]; then exit 0; fi',
    'tmp="$tree.building"',
    'rm -rf "$tmp"',
    'mmdebstrap --variant=apt --include="$list" "$release" "$tmp"',
    '[ -e "$tmp/$marker" ] || { echo "the $release tree has no $marker" >&2; exit 1; }',
    'rm -rf "$tree"',
    'mv "$tmp" "$tree"',
  ].join("\n");
  const list = [...new Set(packages)].sort().join(",");
  const r = await run("flock", [`${tree}.lock`, "sh", "-c", script, "sh", tree, list, release, marker], 30 * 60_000);
  if (r.code === 0) return { tree };
  const tail = r.output.trim().split("\n").slice(-6).join("\n");
  if (UNREACHABLE.test(r.output))
    return { unavailable: `Debian ${release} is unreachable from this machine:\n${tail}` };
  throw new Error(`mmdebstrap could not build the ${release} tree ${tree} (exit ${r.code}):\n${tail}`);
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, output });
    });
  });
}

const CHROOT_SCRIPT = [
  "tree=$1; cwd=$2; n=$3; shift 3",
  'mount --rbind /dev "$tree/dev" && mount -t proc proc "$tree/proc" && mount -t tmpfs tmpfs "$tree/tmp" || exit 125',
  'while [ "$n" -gt 0 ]; do',
  '  mkdir -p "$tree$1" && mount --bind "$1" "$tree$1" || exit 125',
  "  shift; n=$((n - 1))",
  "done",
  // chroot changes to /: go back to the caller's folder inside
  `exec chroot "$tree" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@"`,
].join("\n");

/**
 * The command and arguments that run `argv` inside `tree` (as root), in the folder
 * `cwd`, with `binds` (absolute host folders, best under /tmp) at the same paths.
 * The process started is the one that becomes `argv[0]` (no process stays in between).
 */
export function chrootCommand(
  tree: string,
  binds: readonly string[],
  cwd: string,
  argv: readonly string[],
): [string, string[]] {
  return [
    "unshare",
    [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      CHROOT_SCRIPT,
      "sh",
      tree,
      cwd,
      String(binds.length),
      ...binds,
      ...argv,
    ],
  ];
}
