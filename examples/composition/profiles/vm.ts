/**
 * The `vm` family: every VM under qemu on a development machine (no devices, no tap:
 * boots without root). A development VM prints its console line and powers off; a
 * target sets `boot.poweroffAfterCommands = false` to keep its VMs up.
 */
import { mkDefault } from "tsden";
import { mkProfile } from "./mk-profile.js";

/** The profile module of `vm`. */
export const vmProfile = mkProfile("vm", () => [
  {
    microvm: { hypervisor: "qemu" },
    ghaf: { services: ["serial-console"] },
    boot: { poweroffAfterCommands: mkDefault(true) },
  },
]);
