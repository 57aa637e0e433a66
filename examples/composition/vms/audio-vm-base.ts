/** Layer 1: the audio VM's base module. */
import { recordEvaluation } from "../lib/evaluation-log.js";
import type { BaseArgs } from "../lib/types.js";
import { vmCommon } from "./vm-common.js";

/** The audio VM: the sound server the app VMs play through. */
export const audioVmBase = ({ hostConfig }: BaseArgs) => {
  recordEvaluation(hostConfig.vmName);
  return {
    _file: "vms/audio-vm-base.ts",
    key: "vms/audio-vm-base.ts",
    imports: [vmCommon],
    ghaf: { type: "system-vm", services: ["pipewire"] },
  };
};
