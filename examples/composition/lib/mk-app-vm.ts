/** `mkAppVm`: the base module of an application VM, from a short description. */
import { recordEvaluation } from "./evaluation-log.js";
import type { BaseArgs } from "./types.js";
import { vmCommon } from "../vms/vm-common.js";

/** What an application VM is made of. */
export interface AppVmSpec {
  /** The VM's name (`chromium-vm`). */
  readonly name: string;
  /** The applications it runs (services of the VM). */
  readonly applications: readonly string[];
  /** Memory in MiB the VM needs (default 256). */
  readonly mem?: number;
  /**
   * Ghaf's balloon ratio (default 2): the VM gets `mem * (ratio + 1)` MiB and a balloon,
   * so the host can take back what the VM does not use; 0 turns the balloon off.
   */
  readonly balloonRatio?: number;
}

/** The base module of an application VM (layer 1); profiles evaluate it with the VM's specialArgs. */
export function mkAppVm(spec: AppVmSpec) {
  const file = `lib/mk-app-vm.ts (${spec.name})`;
  return ({ hostConfig }: BaseArgs) => {
    recordEvaluation(hostConfig.vmName);
    return {
      _file: file,
      key: file,
      imports: [vmCommon],
      ghaf: { type: "app-vm", services: [...spec.applications] },
      microvm: {
        mem: (spec.mem ?? 256) * ((spec.balloonRatio ?? 2) + 1),
        balloon: (spec.balloonRatio ?? 2) > 0,
        deflateOnOOM: true,
      },
    };
  };
}
