/**
 * The packages of an `os` configuration: its kernel, its initramfs and its top level.
 * Each reads the configuration only when its derivation is asked for. Dependencies
 * enter a derivation's inputs as their paths in `store` and are realised in `build`.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Derivation, type JsonValue, mkPackage, type Package, type Store } from "../../store/index.js";
import type { OsConfig } from "../options/os-config.js";
import { findBusybox } from "./busybox.js";
import { validateInitSpec } from "./init-spec.js";
import { renderInit } from "./init-script.js";
import { initramfsDerivation } from "./initramfs.js";
import { debianKernelDerivation, resolveDebianKernelCached } from "./kernel.js";
import { systemInitSpec } from "./system.js";
import { readKernelOutput, userKernelDerivation } from "./user-kernel.js";

const INITRAMFS_BUILDER = "tsden.os.system-initramfs/1";
const TOPLEVEL_BUILDER = "tsden.os.toplevel/1";

/** `system.build.kernel`: `boot.kernelPath` copied into the store, else Debian's kernel of `boot.kernel.flavour`. */
export function kernelPackage(config: OsConfig, store: Store): Package {
  const path = config.boot.kernelPath;
  if (path !== null) return mkPackage("linux-user", () => userKernelDerivation(path));
  const flavour = config.boot.kernel.flavour;
  return mkPackage(`linux-${flavour}`, async () =>
    debianKernelDerivation(await resolveDebianKernelCached(flavour, join(store.root, ".cache"))),
  );
}

/** `system.build.initialRamdisk`: busybox, the init of `systemInitSpec(config)`, the modules it loads. Output: `<out>/initrd`. */
export function initialRamdiskPackage(config: OsConfig, store: Store, kernel: Package): Package {
  const name = `initramfs-${config.networking.hostName}`;
  return mkPackage(name, async (): Promise<Derivation> => {
    const profile =
      config.environment.systemPackages.length > 0 ? await config.system.build.systemPath.derivation() : undefined;
    const spec = { ...systemInitSpec(config), ...(profile !== undefined ? { systemPath: store.pathOf(profile) } : {}) };
    validateInitSpec(spec);
    const [kernelDrv, busybox] = await Promise.all([kernel.derivation(), findBusybox()]);
    return {
      name,
      builder: INITRAMFS_BUILDER,
      // the init's text (without the kernel's module list, which the kernel decides): a change to the init script is a new initramfs
      inputs: {
        spec: spec as unknown as JsonValue,
        kernel: store.pathOf(kernelDrv),
        busybox: busybox.sha256,
        init: renderInit(spec, { modules: [] }),
      },
      build: async (out) => {
        if (profile !== undefined) await store.realise(profile);
        const built = await readKernelOutput(await store.realise(kernelDrv));
        const inner = await initramfsDerivation(spec, built, busybox);
        await inner.build(out);
      },
    };
  });
}

/**
 * `system.build.toplevel`: a directory with `kernel`, `initrd` and `init` links into
 * their outputs, `kernel-params`, `system-packages` (one path a line) and `system.json`.
 * `extra` packages are listed (and realised) with the system packages: the Debian
 * base's root layers, so the store disk or share carries them.
 */
export function toplevelPackage(
  config: OsConfig,
  store: Store,
  kernel: Package,
  initrd: Package,
  extra: readonly Package[] = [],
): Package {
  const hostName = config.networking.hostName;
  return mkPackage(`tsden-system-${hostName}`, async (): Promise<Derivation> => {
    const params = [...config.boot.kernelParams];
    const packages = [...config.environment.systemPackages, ...extra] as Package[];
    const [kernelDrv, initrdDrv, profileDrv, ...packageDrvs] = await Promise.all(
      [kernel, initrd, config.system.build.systemPath, ...packages].map((p) => p.derivation()),
    );
    const deps = { kernel: kernelDrv!, initrd: initrdDrv! };
    const packagePaths = packageDrvs.map((d) => store.pathOf(d));
    return {
      name: `tsden-system-${hostName}`,
      builder: TOPLEVEL_BUILDER,
      inputs: {
        hostName,
        kernel: store.pathOf(deps.kernel),
        initrd: store.pathOf(deps.initrd),
        params,
        packages: packagePaths,
        ...(packagePaths.length > 0 ? { sw: store.pathOf(profileDrv!) } : {}),
      },
      build: async (out) => {
        const [kernelOut, initrdOut] = await Promise.all([store.realise(deps.kernel), store.realise(deps.initrd)]);
        for (const drv of packageDrvs) await store.realise(drv);
        if (packagePaths.length > 0) await store.realise(profileDrv!);
        const image = (await readKernelOutput(kernelOut)).image;
        await mkdir(out);
        if (packagePaths.length > 0) await symlink(store.pathOf(profileDrv!), join(out, "sw"));
        await symlink(image, join(out, "kernel"));
        await symlink(join(initrdOut, "initrd"), join(out, "initrd"));
        await symlink(join(initrdOut, "init"), join(out, "init"));
        await writeFile(join(out, "kernel-params"), `${params.join(" ")}\n`);
        await writeFile(join(out, "system-packages"), packagePaths.map((p) => `${p}\n`).join(""));
        const meta = {
          hostName,
          kernel: kernelOut,
          initrd: initrdOut,
          kernelParams: params,
          systemPackages: packagePaths,
        };
        await writeFile(join(out, "system.json"), `${JSON.stringify(meta, null, 2)}\n`);
      },
    };
  });
}
