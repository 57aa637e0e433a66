/** Layer 1: the GUI VM's base module (as Ghaf's `guivm-base.nix`). */
import { recordEvaluation } from "../lib/evaluation-log.js";
import type { BaseArgs } from "../lib/types.js";
import { vmCommon } from "./vm-common.js";

/** The GUI VM: a display manager for the users, the app VMs' windows. */
export const guiVmBase = ({ hostConfig }: BaseArgs) => {
  recordEvaluation(hostConfig.vmName);
  return {
    _file: "vms/gui-vm-base.ts",
    key: "vms/gui-vm-base.ts",
    imports: [vmCommon],
    ghaf: { type: "system-vm", services: ["display-manager", "window-proxy"] },
    microvm: { mem: 512 },
  };
};
