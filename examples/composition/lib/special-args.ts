/**
 * The specialArgs of a VM (Ghaf's `mkSpecialArgs`/`mkHostConfig`): `globalConfig`
 * is the host's `ghaf.global-config`, `hostConfig` the values the VM takes from the
 * host. Both are views of the host's configuration, read when a VM module needs them:
 * the hosts table is built from the VMs themselves, so it must stay lazy.
 */
import type { GlobalConfig, HostConfig, HostEntry } from "./types.js";

/** The parts of the host's configuration a VM may see. */
export interface HostView {
  readonly ghaf: {
    readonly "global-config": GlobalConfig;
    readonly users: readonly string[];
    readonly networking: { readonly hosts: Readonly<Record<string, HostEntry>> };
    readonly virtualization: {
      readonly microvm: Readonly<Record<string, { readonly enable: boolean; readonly kind: "system" | "app" }>>;
    };
  };
}

/** The enabled application VMs of a host, sorted. */
export function enabledAppVms(host: HostView): string[] {
  const vms = host.ghaf.virtualization.microvm;
  return Object.keys(vms)
    .sort()
    .filter((n) => vms[n]!.enable && vms[n]!.kind === "app");
}

/** `hostConfig` for the VM `vmName` of `host`: every field but `vmName` is read from the host on access. */
export function mkHostConfig(host: HostView, vmName: string): HostConfig {
  return {
    vmName,
    get hosts() {
      return host.ghaf.networking.hosts;
    },
    get users() {
      return host.ghaf.users;
    },
    get appVms() {
      return enabledAppVms(host);
    },
  };
}

/** The specialArgs of the VM `vmName` of `host`. */
export function mkSpecialArgs(host: HostView, vmName: string): { globalConfig: GlobalConfig; hostConfig: HostConfig } {
  return { globalConfig: host.ghaf["global-config"], hostConfig: mkHostConfig(host, vmName) };
}
