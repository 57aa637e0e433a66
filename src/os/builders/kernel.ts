/**
 * The guest kernel: Debian's kernel image package unpacked into the store once (the
 * metapackage is resolved to the real image package by apt), with depmod's index of
 * its modules; or a kernel the user points at.
 */
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  aptCandidateVersion,
  aptDepends,
  aptDownload,
  type Derivation,
  ensureDebianPackage,
  readCacheJson,
  run,
  type Store,
  writeCacheJson,
} from "../../store/index.js";
import { parseModuleIndex, type ModuleIndex } from "./kernel-modules.js";

/** A bootable kernel image and, when known, its modules directory. */
export interface Kernel {
  /** The image qemu's `-kernel` takes (bzImage). */
  readonly image: string;
  /** `uname -r` of the kernel, when known. */
  readonly release: string | undefined;
  /** `lib/modules/<release>` holding the modules and depmod's index, when known. */
  readonly modulesDir: string | undefined;
}

/** Which Debian kernel: `generic` (linux-image-amd64, has 9p) or `cloud` (no 9p). */
export type DebianKernelFlavour = "generic" | "cloud";

/** The Debian image package chosen for a flavour. */
export interface DebianKernelPackage {
  readonly package: string;
  readonly version: string;
  readonly release: string;
}

const BUILDER = "tsden.os.kernel-debian/1";
const APT_LISTS = "/var/lib/apt/lists";
const METAPACKAGES: Record<DebianKernelFlavour, string> = {
  generic: "linux-image-amd64",
  cloud: "linux-image-cloud-amd64",
};

/** Asks apt which image package the flavour's metapackage stands for, and its version. */
export async function resolveDebianKernel(flavour: DebianKernelFlavour = "generic"): Promise<DebianKernelPackage> {
  const meta = METAPACKAGES[flavour];
  const deps = await aptDepends(meta);
  const pkg = deps.find((d) => /^linux-image-\d[\w.+-]*$/.test(d));
  if (pkg === undefined) {
    throw new Error(`apt lists no linux-image-<version> dependency for ${meta}; run "apt-get update" and retry`);
  }
  const version = await aptCandidateVersion(pkg);
  return { package: pkg, version, release: pkg.slice("linux-image-".length) };
}

/** The derivation unpacking `pkg` into `<out>/bzImage`, `<out>/config`, `<out>/lib/modules/<release>`. */
export function debianKernelDerivation(pkg: DebianKernelPackage): Derivation {
  return {
    name: `linux-${pkg.release}`,
    builder: BUILDER,
    inputs: { package: pkg.package, version: pkg.version },
    build: (out) => buildDebianKernel(pkg, out),
  };
}

/**
 * `resolveDebianKernel`, remembered in `cacheDir` until apt's package lists change
 * (each apt-cache call costs about half a second here, too slow for every `tsden run`).
 */
export async function resolveDebianKernelCached(
  flavour: DebianKernelFlavour,
  cacheDir: string,
): Promise<DebianKernelPackage> {
  const lists = await stat(APT_LISTS).catch(() => undefined);
  const stamp = lists === undefined ? "none" : `${lists.mtimeMs}`;
  const file = join(cacheDir, `debian-kernel-${flavour}.json`);
  const cached = await readCacheJson<{ stamp: string; pkg: DebianKernelPackage }>(file);
  if (cached?.stamp === stamp) return cached.pkg;
  const pkg = await resolveDebianKernel(flavour);
  await writeCacheJson(file, { stamp, pkg });
  return pkg;
}

/** Realises Debian's kernel in `store` (downloading it once) and describes it. */
export async function debianKernel(store: Store, flavour: DebianKernelFlavour = "generic"): Promise<Kernel> {
  const pkg = await resolveDebianKernelCached(flavour, join(store.root, ".cache"));
  const out = await store.realise(debianKernelDerivation(pkg));
  return readStoreKernel(out);
}

/** Describes a kernel output directory made by `debianKernelDerivation`. */
export async function readStoreKernel(out: string): Promise<Kernel> {
  const meta = JSON.parse(await readFile(join(out, "kernel.json"), "utf8")) as { release: string };
  return { image: join(out, "bzImage"), release: meta.release, modulesDir: join(out, "lib", "modules", meta.release) };
}

/**
 * A kernel the user gives: an image file and optionally its `lib/modules/<release>`
 * directory (depmod's index is needed there to load modules from the initramfs).
 */
export async function userKernel(image: string, modulesDir?: string): Promise<Kernel> {
  const info = await stat(image).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new Error(`kernel image ${image} does not exist or is not a file; give the path of a bzImage`);
  }
  if (modulesDir === undefined) return { image, release: undefined, modulesDir: undefined };
  const dep = await stat(join(modulesDir, "modules.dep")).catch(() => undefined);
  if (dep === undefined) {
    throw new Error(`${modulesDir}/modules.dep is missing; run "depmod -b <root> <release>" for that kernel first`);
  }
  return {
    image,
    release: modulesDir
      .split("/")
      .filter((p) => p !== "")
      .pop(),
    modulesDir,
  };
}

/** Reads depmod's index of `kernel`'s modules; empty when the kernel has no modules directory. */
export async function readModuleIndex(kernel: Kernel): Promise<ModuleIndex> {
  const dir = kernel.modulesDir;
  const read = (file: string) =>
    dir === undefined ? Promise.resolve("") : readFile(join(dir, file), "utf8").catch(() => "");
  const [dep, builtin, softdep, alias] = await Promise.all(
    ["modules.dep", "modules.builtin", "modules.softdep", "modules.alias"].map(read),
  );
  return parseModuleIndex({ dep: dep ?? "", builtin: builtin ?? "", softdep: softdep ?? "", alias: alias ?? "" });
}

async function buildDebianKernel(pkg: DebianKernelPackage, out: string): Promise<void> {
  await ensureDebianPackage("kmod", "/usr/sbin/depmod");
  const download = await mkdtemp(join(dirname(out), "kernel-download-"));
  try {
    await aptDownload(pkg.package, pkg.version, download);
    const deb = (await readdir(download)).find((f) => f.endsWith(".deb"));
    if (deb === undefined)
      throw new Error(`apt-get download ${pkg.package}=${pkg.version} left no .deb in ${download}`);
    const unpacked = join(download, "root");
    await run("dpkg-deb", ["-x", join(download, deb), unpacked]);
    await mkdir(join(out, "lib", "modules"), { recursive: true });
    await rename(join(unpacked, "boot", `vmlinuz-${pkg.release}`), join(out, "bzImage"));
    await rename(join(unpacked, "boot", `config-${pkg.release}`), join(out, "config"));
    await rename(join(unpacked, "lib", "modules", pkg.release), join(out, "lib", "modules", pkg.release));
    await run("depmod", ["-b", out, pkg.release]);
    const meta = { package: pkg.package, version: pkg.version, release: pkg.release, image: "bzImage" };
    await writeFile(join(out, "kernel.json"), `${JSON.stringify(meta, null, 2)}\n`);
  } finally {
    await rm(download, { recursive: true, force: true });
  }
}
