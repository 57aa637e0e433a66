/**
 * The packages of a Debian-based `os` configuration (`system.base = "debian"`): the
 * base image, the kernel-modules layer and the configuration layer (all three listed
 * in the top level, so the store disk or the store share carries them), and the
 * initramfs whose stage 1 stacks them into the root and starts systemd.
 */
import { join } from "node:path";
import { type Derivation, isPackage, type JsonValue, mkPackage, type Package, type Store } from "../../store/index.js";
import type { OsConfig } from "../options/os-config.js";
import { renderDebianInit } from "../render/debian-init.js";
import { findBusybox } from "./busybox.js";
import { encodeCpio, type CpioEntry } from "./cpio.js";
import { debianBaseDerivation, type DebianBaseRequest } from "./debian-base.js";
import { debianRootFiles } from "./debian-base-files.js";
import { debianConfigDerivation, hashSources } from "./debian-base-image.js";
import { debianModulesDerivation } from "./debian-base-modules.js";
import { impliedKernelModules, PANIC_REPORT_MODULES } from "./init-script.js";
import type { InitMount } from "./init-spec.js";
import { readModuleIndex } from "./kernel.js";
import { moduleLoadOrder } from "./kernel-modules.js";
import { readKernelOutput } from "./user-kernel.js";
import { gzipSync } from "node:zlib";
import { mkdir, readFile, writeFile } from "node:fs/promises";

/** An `os` configuration with the Debian base's options (`system.base`, `system.debian`): every `os` configuration. */
export type DebianOsConfig = OsConfig;

/** The Debian system's packages. */
export interface DebianSystem {
  readonly base: Package;
  readonly modules: Package;
  readonly config: Package;
  readonly initialRamdisk: Package;
  /** The root's layers, for the top level's package list. */
  readonly layers: readonly Package[];
}

const INITRAMFS_BUILDER = "tsden.os.debian-initramfs/1";
const cache = new WeakMap<object, DebianSystem>();

/** The builder of `pkgs.<name>` outputs (Debian closures), whose roots the Debian base installs with apt. */
const DEBIAN_CLOSURE_BUILDER = "tsden.debian.closure/1";

/**
 * The Debian packages `config` asks for: `system.debian.packages`, the roots of the
 * Debian packages in `environment.systemPackages` (installed with apt, maintainer
 * scripts run), and what enabled options need.
 */
export async function debianBaseRequest(config: DebianOsConfig): Promise<DebianBaseRequest> {
  const packages = [...config.system.debian.packages];
  for (const pkg of config.environment.systemPackages) {
    const drv = await pkg.derivation();
    const roots = (drv.inputs as { roots?: unknown }).roots;
    if (drv.builder !== DEBIAN_CLOSURE_BUILDER || !Array.isArray(roots)) {
      throw new Error(
        `environment.systemPackages: ${pkg.name} is not a Debian package (pkgs.<name>); the Debian base installs Debian packages only`,
      );
    }
    packages.push(...roots.map(String));
  }
  if (config.services.openssh.enable) packages.push("openssh-server");
  if (config.time.timeZone !== null) packages.push("tzdata");
  return { suite: config.system.debian.suite, packages };
}

/** The file systems stage 1 mounts: those needed for boot (the store), shallowest first. */
export function bootMounts(config: Pick<OsConfig, "fileSystems">): InitMount[] {
  return Object.keys(config.fileSystems)
    .map((key) => config.fileSystems[key]!)
    .filter((fs) => fs.neededForBoot && fs.mountPoint !== "/")
    .sort(
      (a, b) =>
        a.mountPoint.split("/").length - b.mountPoint.split("/").length || (a.mountPoint < b.mountPoint ? -1 : 1),
    )
    .map((fs) => {
      const options = fs.options.filter((o) => o !== "defaults");
      const source = fs.device ?? (fs.label !== null ? `LABEL=${fs.label}` : fs.fsType);
      return { fsType: fs.fsType, source, mountPoint: fs.mountPoint, ...(options.length > 0 ? { options } : {}) };
    });
}

/** The Debian system of `config`, built in `store`, booting `kernel` (memoized per configuration). */
export function debianSystem(config: DebianOsConfig, store: Store, kernel: Package): DebianSystem {
  const known = cache.get(config);
  if (known !== undefined) return known;
  const hostName = config.networking.hostName;
  const baseDrv = async (): Promise<Derivation> => debianBaseDerivation(await debianBaseRequest(config));
  const base = mkPackage(`debian-base-${config.system.debian.suite}`, baseDrv);
  const modules = mkPackage("debian-modules", async () => debianModulesDerivation(store, await kernel.derivation()));
  const configLayer = mkPackage(`debian-config-${hostName}`, async () => {
    const pathDrvs = new Map<unknown, Derivation>();
    for (const service of Object.values(config.systemd.services)) {
      for (const entry of service.path) if (isPackage(entry)) pathDrvs.set(entry, await entry.derivation());
    }
    const resolve = (entry: unknown): string => (isPackage(entry) ? store.pathOf(pathDrvs.get(entry)!) : String(entry));
    const files = await hashSources(debianRootFiles(config, resolve));
    const drv = debianConfigDerivation(
      store,
      hostName,
      await base.derivation(),
      config.users,
      files,
      config.time.timeZone,
    );
    const deps = [...pathDrvs.values()];
    return {
      ...drv,
      build: async (out: string) => {
        for (const d of deps) await store.realise(d);
        await drv.build(out);
      },
    };
  });
  const layers = [configLayer, modules, base];
  const initialRamdisk = mkPackage(`initramfs-debian-${hostName}`, async (): Promise<Derivation> => {
    const [kernelDrv, busybox, ...layerDrvs] = await Promise.all([
      kernel.derivation(),
      findBusybox(),
      ...layers.map((l) => l.derivation()),
    ]);
    const kernelPath = store.pathOf(kernelDrv!);
    const files = ["config.squashfs", "modules.squashfs", "base.squashfs"];
    const mounts = bootMounts(config);
    const layerPaths = layerDrvs.map((d, i) => join(store.pathOf(d), files[i]!));
    const wanted = [
      ...new Set([
        ...impliedKernelModules({
          hostName,
          kernelModules: [],
          mounts,
          interfaces: [],
          commands: [],
          poweroffAfterCommands: false,
        }),
        "loop",
        "squashfs",
        "overlay",
        ...config.boot.kernelModules,
      ]),
    ];
    return {
      name: `initramfs-debian-${hostName}`,
      builder: INITRAMFS_BUILDER,
      inputs: {
        kernel: kernelPath,
        busybox: busybox.sha256,
        mounts: mounts as unknown as JsonValue,
        layers: layerPaths,
        wanted,
        optional: [...PANIC_REPORT_MODULES],
      },
      build: async (out) => {
        const built = await readKernelOutput(await store.realise(kernelDrv!));
        const order =
          built.modulesDir === undefined
            ? []
            : moduleLoadOrder(await readModuleIndex(built), wanted, built.release, PANIC_REPORT_MODULES);
        const inInitramfs = order.map((m) => `/lib/modules/${built.release ?? "unknown"}/${m}`);
        const init = renderDebianInit({
          modules: inInitramfs,
          mounts,
          layers: layerPaths,
          init: "/lib/systemd/systemd",
        });
        const entries: CpioEntry[] = [
          { type: "file", path: "init", data: init, mode: 0o755 },
          { type: "file", path: "bin/busybox", data: await readFile(busybox.path), mode: 0o755 },
          { type: "char", path: "dev/console", major: 5, minor: 1 },
          { type: "char", path: "dev/null", major: 1, minor: 3, mode: 0o666 },
          ...["proc", "sys", "run", "tmp", "sbin", "usr/bin", "usr/sbin"].map(
            (path): CpioEntry => ({ type: "dir", path }),
          ),
          ...busybox.applets.map((path): CpioEntry => ({ type: "symlink", path, target: "/bin/busybox" })),
        ];
        for (const [i, module] of order.entries()) {
          entries.push({
            type: "file",
            path: inInitramfs[i]!.slice(1),
            data: await readFile(join(built.modulesDir ?? "", module)),
            mode: 0o644,
          });
        }
        await mkdir(out);
        await writeFile(join(out, "init"), init);
        await writeFile(join(out, "initrd"), gzipSync(encodeCpio(entries), { level: 6 }));
      },
    };
  });
  const system = { base, modules, config: configLayer, initialRamdisk, layers };
  cache.set(config, system);
  return system;
}

/** `inner` (the busybox initramfs), failing when the configuration sets options only the Debian base implements. */
export function checkedBusyboxRamdisk(config: DebianOsConfig, inner: Package): Package {
  return mkPackage(inner.name, async () => {
    checkBusyboxBase(config);
    return inner.derivation();
  });
}

/** Options only the Debian base implements, set in a busybox-based configuration: an error naming the first. */
export function checkBusyboxBase(config: DebianOsConfig): void {
  const used: string[] = [];
  if (Object.values(config.systemd.services).some((s) => s.enable)) used.push("systemd.services");
  if (config.services.openssh.enable) used.push("services.openssh.enable");
  if (config.time.timeZone !== null) used.push("time.timeZone");
  if (Object.keys(config.environment.etc).length > 0) used.push("environment.etc");
  if (
    Object.keys(config.users.users).some((n) => n !== "root") ||
    Object.keys(config.users.groups).some((n) => n !== "root" && n !== "users")
  )
    used.push("users");
  if (config.system.debian.packages.length > 0) used.push("system.debian.packages (or programs.<shell>.enable)");
  if (used.length > 0) {
    throw new Error(
      `${used.join(", ")} ${used.length > 1 ? "are" : "is"} set, but system.base is "busybox" (an initramfs running boot.postBootCommands); set system.base = "debian"`,
    );
  }
}
