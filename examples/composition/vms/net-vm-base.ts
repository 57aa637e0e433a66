/** Layer 1: the network VM's base module. */
import { recordEvaluation } from "../lib/evaluation-log.js";
import type { BaseArgs } from "../lib/types.js";
import { vmCommon } from "./vm-common.js";

/** The network VM: routes the other VMs to the outside world. */
export const netVmBase = ({ hostConfig }: BaseArgs) => {
  recordEvaluation(hostConfig.vmName);
  return {
    _file: "vms/net-vm-base.ts",
    key: "vms/net-vm-base.ts",
    imports: [vmCommon],
    ghaf: { type: "system-vm", services: ["network-manager", "dns-forwarder"] },
  };
};
