/** Layer 1: the admin VM's base module. */
import { lazy } from "tsden";
import { recordEvaluation } from "../lib/evaluation-log.js";
import type { BaseArgs } from "../lib/types.js";
import { vmCommon } from "./vm-common.js";

/** The admin VM: receives the logs of every VM and manages the app VMs. */
export const adminVmBase = ({ hostConfig }: BaseArgs) => {
  recordEvaluation(hostConfig.vmName);
  return {
    _file: "vms/admin-vm-base.ts",
    key: "vms/admin-vm-base.ts",
    imports: [vmCommon],
    ghaf: {
      type: "admin-vm",
      // one management service per app VM: the list of app VMs comes from the host
      services: lazy(() => ["log-server", ...hostConfig.appVms.map((vm) => `manage-${vm}`)]),
    },
  };
};
