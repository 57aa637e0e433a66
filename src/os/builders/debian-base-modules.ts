/**
 * The kernel-modules layer of the Debian root: the kernel output's
 * `lib/modules/<release>` as `usr/lib/modules/<release>` (Debian's /lib is a link to
 * usr/lib) in a squashfs image, so udev and modprobe in the guest load what they need.
 * Built once per kernel. Output: `modules.squashfs`.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Derivation, run, type Store } from "../../store/index.js";
import { SQUASHFS_FLAGS, squashfsEnv } from "./debian-base.js";
import { readKernelOutput } from "./user-kernel.js";

const BUILDER = "tsden.os.debian-modules/1";

/** The modules layer of the kernel whose derivation is `kernelDrv`. */
export function debianModulesDerivation(store: Store, kernelDrv: Derivation): Derivation {
  const kernelPath = store.pathOf(kernelDrv);
  return {
    name: `debian-modules-${kernelDrv.name}`,
    builder: BUILDER,
    inputs: { kernel: kernelPath },
    build: async (out) => {
      await store.realise(kernelDrv);
      const kernel = await readKernelOutput(kernelPath);
      await mkdir(out);
      const stage = join(out, "stage");
      try {
        const target = join(stage, "usr", "lib", "modules");
        await mkdir(target, { recursive: true });
        if (kernel.modulesDir !== undefined && kernel.release !== undefined) {
          await run("cp", ["-al", "--", kernel.modulesDir, join(target, kernel.release)]);
        }
        await run("mksquashfs", [stage, join(out, "modules.squashfs"), ...SQUASHFS_FLAGS, "-all-root"], {
          env: squashfsEnv(),
        });
      } finally {
        await rm(stage, { recursive: true, force: true });
      }
    },
  };
}
