/** The devices: each a Den host of class `os` whose configuration is a target (layer 3). */
import { lenovoX1 } from "../targets/lenovo-x1.js";
import { qemuVm } from "../targets/qemu-vm.js";

export default {
  den: {
    hosts: { "x86_64-linux": { "lenovo-x1": {}, "qemu-vm": {} } },
    aspects: {
      "lenovo-x1": { os: { imports: [lenovoX1] } },
      "qemu-vm": { os: { imports: [qemuVm] } },
    },
  },
};
