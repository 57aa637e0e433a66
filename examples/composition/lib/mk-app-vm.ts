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
  /** Memory in MiB (default 256). */
  readonly mem?: number;
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
      microvm: { mem: spec.mem ?? 256 },
    };
  };
}
