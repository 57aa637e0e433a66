/** A laptop of the `laptop-x86` family, debug variant: every system VM, two app VMs; audio off. */
import { mkForce } from "tsden";
import { laptopX86Profile } from "../profiles/laptop-x86.js";
import { mkTarget } from "./mk-target.js";

/** The target module of the Lenovo X1. */
export const lenovoX1 = mkTarget({
  name: "lenovo-x1",
  profile: laptopX86Profile,
  family: "laptop-x86",
  globalConfig: {
    debug: { enable: true },
    logging: { enable: true },
    development: { ssh: { daemon: { enable: true } } },
  },
  vms: {
    // device-specific GPU configuration
    "gui-vm": { modules: [{ ghaf: { services: ["nvidia-persistenced"] }, microvm: { mem: mkForce(2048) } }] },
    "net-vm": { modules: [{ ghaf: { services: ["wpa-supplicant"] } }] },
    "audio-vm": { enable: false },
    "admin-vm": {},
  },
  appVms: [
    { name: "chromium-vm", applications: ["chromium"], mem: 1024 },
    { name: "zathura-vm", applications: ["zathura"] },
  ],
});
