/** Debian packages as build tools and sources: look-ups, installs, downloads. */
import { access } from "node:fs/promises";
import { hasBuildListeners, watchDownload } from "../build-events.js";
import { run } from "./run.js";

/** Makes sure `file` exists, installing Debian's `pkg` when it does not (needs root). */
export async function ensureDebianPackage(pkg: string, file: string): Promise<void> {
  if (await fileExists(file)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${file} is missing; install it with: sudo apt-get install -y --no-install-recommends ${pkg}`);
  }
  await run("apt-get", ["install", "-y", "--no-install-recommends", pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!(await fileExists(file))) {
    throw new Error(`installed ${pkg} but ${file} is still missing; check with: dpkg -L ${pkg}`);
  }
}

/** The packages `pkg` depends on, as apt's candidate version states them. */
export async function aptDepends(pkg: string): Promise<string[]> {
  const { stdout } = await run("apt-cache", ["depends", "--no-recommends", "--no-suggests", pkg]);
  const deps: string[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^\s+\|?(?:Pre)?Depends:\s+<?([^\s>]+)>?/.exec(line);
    if (match?.[1] !== undefined) deps.push(match[1]);
  }
  return deps;
}

/** The version apt would install for `pkg`; throws when apt knows none. */
export async function aptCandidateVersion(pkg: string): Promise<string> {
  const { stdout } = await run("apt-cache", ["policy", pkg]);
  const match = /Candidate:\s*(\S+)/.exec(stdout);
  if (match?.[1] === undefined || match[1] === "(none)") {
    throw new Error(`apt knows no installable version of ${pkg}; run "apt-get update" and check the package name`);
  }
  return match[1];
}

/** Downloads the .deb of `pkg` (at `version`) into `dir`, reported with its bytes to a progress display. */
export async function aptDownload(pkg: string, version: string, dir: string): Promise<void> {
  const total = hasBuildListeners() ? await aptDownloadSize(pkg, version) : undefined;
  await watchDownload(`${pkg} ${version}`, dir, total, () =>
    run("apt-get", ["download", "-o", "APT::Sandbox::User=root", `${pkg}=${version}`], { cwd: dir }),
  );
}

/** The size apt's index gives the .deb of `pkg` at `version` (`apt-get download --print-uris`), when it gives one. */
async function aptDownloadSize(pkg: string, version: string): Promise<number | undefined> {
  const r = await run("apt-get", ["download", "--print-uris", `${pkg}=${version}`], { allowFailure: true });
  const size = /^'[^']*' \S+ (\d+) /m.exec(r.stdout)?.[1];
  return size === undefined ? undefined : Number(size);
}

async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
