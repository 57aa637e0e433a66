/**
 * `packages.<system>.<vm>`: the runner of each VM of the `qemu-vm` host (the `vm`
 * profile), what `tsden run <vm>` boots. Only the VMs asked for are evaluated.
 */
import { defineModule, lazy } from "tsden";

type Vms = Record<string, { readonly runner: unknown }>;

export default defineModule(({ config }) => ({
  flake: {
    packages: lazy(() => {
      const vms: Vms = config.flake.osConfigurations["qemu-vm"].config.microvm.vms;
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(vms))
        Object.defineProperty(out, name, { enumerable: true, get: () => vms[name]!.runner });
      return { "x86_64-linux": out };
    }),
  },
}));
