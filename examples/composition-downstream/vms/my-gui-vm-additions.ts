/** My organisation's standard additions to the GUI VM. */
import { mkForce } from "tsden";

/** Our office suite in every GUI VM, and less memory than upstream gives it. */
export const myGuiVmAdditions = {
  _file: "vms/my-gui-vm-additions.ts",
  key: "vms/my-gui-vm-additions.ts",
  ghaf: { services: ["office-suite"] },
  microvm: { mem: mkForce(384) },
};
