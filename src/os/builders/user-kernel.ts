/**
 * A kernel the user points at (`boot.kernelPath`), copied into the store so its path
 * is content addressed: a bzImage file, or a directory with `bzImage` (or `vmlinuz`)
 * and optionally one `lib/modules/<release>` holding depmod's index. Every kernel
 * output has `kernel.json` naming its image and release (null when unknown).
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Derivation, run } from "../../store/index.js";
import type { Kernel } from "./kernel.js";

/** What a user kernel path holds. */
export interface UserKernelSource {
  readonly image: string;
  readonly release: string | null;
  readonly modulesDir: string | null;
}

const BUILDER = "tsden.os.kernel-user/1";

/** Finds the image and modules of `path`; throws a message saying what is expected. */
export async function inspectUserKernel(path: string): Promise<UserKernelSource> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined)
    throw new Error(`boot.kernelPath: ${path} does not exist; give a bzImage file or a kernel directory`);
  if (info.isFile()) return { image: path, release: null, modulesDir: null };
  if (!info.isDirectory()) throw new Error(`boot.kernelPath: ${path} is neither a file nor a directory`);
  const entries = await readdir(path);
  const image = ["bzImage", "vmlinuz"].find((name) => entries.includes(name));
  if (image === undefined) throw new Error(`boot.kernelPath: ${path} has no bzImage or vmlinuz`);
  const releases = await readdir(join(path, "lib", "modules")).catch(() => [] as string[]);
  if (releases.length > 1) {
    throw new Error(
      `boot.kernelPath: ${path}/lib/modules holds ${releases.length} releases (${releases.join(", ")}); keep one`,
    );
  }
  const release = releases[0] ?? null;
  return {
    image: join(path, image),
    release,
    modulesDir: release === null ? null : join(path, "lib", "modules", release),
  };
}

/** The derivation copying the kernel at `path` into the store. */
export async function userKernelDerivation(path: string): Promise<Derivation> {
  const source = await inspectUserKernel(path);
  const imageHash = await sha256File(source.image);
  const depHash =
    source.modulesDir === null ? null : await sha256File(join(source.modulesDir, "modules.dep")).catch(() => null);
  if (source.modulesDir !== null && depHash === null) {
    throw new Error(
      `boot.kernelPath: ${source.modulesDir}/modules.dep is missing; run "depmod -b <root> <release>" first`,
    );
  }
  return {
    name: source.release === null ? "linux-user" : `linux-${source.release}`,
    builder: BUILDER,
    inputs: { image: imageHash, release: source.release, modulesDep: depHash },
    build: async (out) => {
      await mkdir(join(out, "lib", "modules"), { recursive: true });
      await copyFile(source.image, join(out, "bzImage"));
      if (source.modulesDir !== null && source.release !== null) {
        await run("cp", ["-a", "--", source.modulesDir, join(out, "lib", "modules", source.release)]);
      }
      const meta = { release: source.release, image: "bzImage", source: path };
      await writeFile(join(out, "kernel.json"), `${JSON.stringify(meta, null, 2)}\n`);
    },
  };
}

/** Describes any kernel output (Debian's or a user's) from its `kernel.json`. */
export async function readKernelOutput(out: string): Promise<Kernel> {
  const meta = JSON.parse(await readFile(join(out, "kernel.json"), "utf8")) as {
    release?: string | null;
    image?: string;
  };
  const release = typeof meta.release === "string" ? meta.release : undefined;
  return {
    image: join(out, meta.image ?? "bzImage"),
    release,
    modulesDir: release === undefined ? undefined : join(out, "lib", "modules", release),
  };
}

async function sha256File(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}
