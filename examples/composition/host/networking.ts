/**
 * `ghaf.networking.hosts`: the network's hosts table, built by the host from each
 * enabled VM's `ghaf.type` (read from its evaluated configuration), while every VM reads
 * the table through `hostConfig.hosts`. No value depends on itself (a VM's type does not
 * read the table), so there is no cycle.
 */
import { lazy, mkOption, types, type EvalResult } from "tsden";
import type { HostEntry, VmType } from "../lib/types.js";
import { enabledVms, vmEvaluation } from "./virtualization.js";

/** Where each kind of VM gets its addresses: the admin VM one, system VMs from .2, app VMs from .100. */
const firstAddress: Record<VmType, number> = { "admin-vm": 10, "system-vm": 2, "app-vm": 100 };

/** The hosts table of VMs, given each one's type (in name order): address, MAC and vsock CID. */
export function hostsTable(types_: ReadonlyArray<readonly [string, VmType]>): Record<string, HostEntry> {
  const next: Record<VmType, number> = { ...firstAddress };
  const out: Record<string, HostEntry> = {};
  for (const [name, type] of types_) {
    const n = next[type]++;
    out[name] = {
      name,
      type,
      ipv4: `192.168.100.${n}`,
      mac: `02:00:00:00:64:${n.toString(16).padStart(2, "0")}`,
      cid: 100 + n,
    };
  }
  return out;
}

/** Host option `ghaf.networking.hosts`, computed from the VMs. */
export const networkingHostModule = ({ config }: { config: any }) => ({
  _file: "host/networking.ts",
  key: "host/networking.ts",
  options: {
    ghaf: {
      networking: {
        hosts: mkOption({
          type: types.lazyAttrsOf(types.raw),
          description: "The hosts table of the VMs' network, by VM name.",
        }),
      },
    },
  },
  config: {
    ghaf: {
      networking: {
        hosts: lazy(() => {
          const vms = config.ghaf.virtualization.microvm;
          return hostsTable(
            enabledVms(vms).map(
              (name) => [name, (vmEvaluation(name, vms[name]).config as { ghaf: { type: VmType } }).ghaf.type] as const,
            ),
          );
        }),
      },
    },
  },
});

/** The evaluated configuration's type: what the host reads of a VM. */
export type VmEvaluation = EvalResult<{ ghaf: { type: VmType } }>;
