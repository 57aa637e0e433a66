/** The shapes the layers share: settings from the host (`globalConfig`) and per-VM host values (`hostConfig`). */

/** Settings every VM must share with the host (`ghaf.global-config` on the host). */
export interface GlobalConfig {
  readonly debug: { readonly enable: boolean };
  readonly logging: {
    readonly enable: boolean;
    readonly listener: { readonly address: string; readonly port: number };
  };
  readonly development: { readonly ssh: { readonly daemon: { readonly enable: boolean } } };
}

/** The kinds of VM the hosts table knows. */
export type VmType = "system-vm" | "app-vm" | "admin-vm";

/** One row of the network's hosts table (built by the host from each VM's `ghaf.type`). */
export interface HostEntry {
  readonly name: string;
  readonly type: VmType;
  readonly ipv4: string;
  readonly mac: string;
  /** The VM's vsock address (its last address byte + 100: unique, and above the reserved 0 to 2). */
  readonly cid: number;
}

/** Values a VM takes from its host: its name, the hosts table, the users, the app VMs. */
export interface HostConfig {
  readonly vmName: string;
  /** The network's hosts table, by VM name (read lazily: the host builds it from the VMs). */
  readonly hosts: Readonly<Record<string, HostEntry>>;
  readonly users: readonly string[];
  readonly appVms: readonly string[];
}

/** The arguments of a base module (the guest's module arguments this example uses). */
export interface BaseArgs {
  readonly globalConfig: GlobalConfig;
  readonly hostConfig: HostConfig;
}
