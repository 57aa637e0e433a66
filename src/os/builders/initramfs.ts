/**
 * The initramfs: a gzip'd newc cpio holding static busybox and its applet links, the
 * rendered /init, the udhcpc hook, and the kernel modules the spec needs (with their
 * dependencies, from depmod's index). Its store path depends on the init text, the
 * module files' kernel and the busybox binary's hash.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Derivation, Store } from "../../store/index.js";
import { findBusybox, type Busybox } from "./busybox.js";
import { encodeCpio, type CpioEntry } from "./cpio.js";
import { impliedKernelModules, PANIC_REPORT_MODULES, renderInit, UDHCPC_SCRIPT } from "./init-script.js";
import type { InitSpec } from "./init-spec.js";
import { readModuleIndex, type Kernel } from "./kernel.js";
import { moduleLoadOrder } from "./kernel-modules.js";

/** A built initramfs: `initrd` (gzip'd cpio) and a copy of its `init` for reading. */
export interface Initramfs {
  readonly out: string;
  readonly initrd: string;
  readonly init: string;
}

const BUILDER = "tsden.os.initramfs/1";

/** The initramfs derivation for `spec`, booting `kernel`, with `busybox`. */
export async function initramfsDerivation(spec: InitSpec, kernel: Kernel, busybox: Busybox): Promise<Derivation> {
  const wanted = unique([...impliedKernelModules(spec), ...spec.kernelModules]);
  const modules =
    kernel.modulesDir === undefined
      ? []
      : moduleLoadOrder(await readModuleIndex(kernel), wanted, kernel.release, PANIC_REPORT_MODULES);
  const release = kernel.release ?? "unknown";
  const inInitramfs = modules.map((m) => `/lib/modules/${release}/${m}`);
  const init = renderInit(spec, { modules: inInitramfs });
  return {
    name: `initramfs-${spec.hostName}`,
    builder: BUILDER,
    inputs: {
      init,
      busybox: busybox.sha256,
      applets: [...busybox.applets],
      modulesDir: kernel.modulesDir ?? null,
      modules,
    },
    build: async (out) => {
      const entries: CpioEntry[] = [
        { type: "file", path: "init", data: init, mode: 0o755 },
        { type: "file", path: "etc/udhcpc.script", data: UDHCPC_SCRIPT, mode: 0o755 },
        { type: "file", path: "bin/busybox", data: await readFile(busybox.path), mode: 0o755 },
        { type: "char", path: "dev/console", major: 5, minor: 1 },
        { type: "char", path: "dev/null", major: 1, minor: 3, mode: 0o666 },
        ...["proc", "sys", "run", "tmp", "mnt", "sbin", "usr/bin", "usr/sbin"].map(
          (path): CpioEntry => ({ type: "dir", path }),
        ),
        ...busybox.applets.map((path): CpioEntry => ({ type: "symlink", path, target: "/bin/busybox" })),
      ];
      for (const [i, module] of modules.entries()) {
        const data = await readFile(join(kernel.modulesDir ?? "", module));
        entries.push({ type: "file", path: (inInitramfs[i] ?? "").slice(1), data, mode: 0o644 });
      }
      await mkdir(out);
      await writeFile(join(out, "init"), init);
      await writeFile(join(out, "initrd"), gzipSync(encodeCpio(entries), { level: 9 }));
    },
  };
}

/** Builds (or reuses) the initramfs for `spec` in `store`. */
export async function buildInitramfs(
  store: Store,
  spec: InitSpec,
  kernel: Kernel,
  busybox?: Busybox,
): Promise<Initramfs> {
  const drv = await initramfsDerivation(spec, kernel, busybox ?? (await findBusybox()));
  const out = await store.realise(drv);
  return { out, initrd: join(out, "initrd"), init: join(out, "init") };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
