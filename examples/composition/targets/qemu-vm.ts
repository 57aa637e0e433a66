/** The `vm` family target: the four system VMs and one app VM under qemu (what `tsden run` starts). */
import { vmProfile } from "../profiles/vm.js";
import { mkTarget } from "./mk-target.js";

/** The target module of the qemu development machine. */
export const qemuVm = mkTarget({
  name: "qemu-vm",
  profile: vmProfile,
  family: "vm",
  globalConfig: { debug: { enable: true } },
  vms: { "gui-vm": {}, "net-vm": {}, "audio-vm": {}, "admin-vm": {} },
  appVms: [{ name: "chromium-vm", applications: ["chromium"] }],
});
