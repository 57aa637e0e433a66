/**
 * The `laptop-x86` family: GPU for the GUI VM, the WiFi card for the net VM, tap
 * networking, vsock addresses and the persistent shared folder.
 */
import { lazy } from "tsden";
import type { HostConfig } from "../lib/types.js";
import { mkProfile } from "./mk-profile.js";

const devices: Record<string, unknown[]> = {
  "gui-vm": [{ bus: "pci", path: "0000:00:02.0" }],
  "net-vm": [{ bus: "pci", path: "0000:00:14.3" }],
  "audio-vm": [{ bus: "pci", path: "0000:00:1f.3" }],
};

/** The tap interface of a VM, its MAC from the host's table. */
const tapInterface = ({ hostConfig }: { hostConfig: HostConfig }) => ({
  microvm: {
    interfaces: lazy(() => [
      { type: "tap", id: `tap-${hostConfig.vmName}`.slice(0, 15), mac: hostConfig.hosts[hostConfig.vmName]!.mac },
    ]),
    vcpu: 2,
  },
});

/**
 * What Ghaf's laptops give every VM: a vsock address from the host's table (the host
 * reaches the VM without a network), and the persistent shared folder
 * /persist/common (virtiofs, with the host's page cache) at /etc/common.
 */
const laptopVm = ({ hostConfig }: { hostConfig: HostConfig }) => ({
  microvm: {
    vsock: { cid: lazy(() => hostConfig.hosts[hostConfig.vmName]!.cid) },
    shares: [
      { tag: "ghaf-common", source: "/persist/common", mountPoint: "/etc/common", proto: "virtiofs", cache: "auto" },
    ],
  },
});

/** The profile module of `laptop-x86`. */
export const laptopX86Profile = mkProfile("laptop-x86", (vmName) => [
  tapInterface,
  laptopVm,
  { microvm: { devices: devices[vmName] ?? [] } },
]);
