/**
 * What every VM of this example shares (as Ghaf's `vm-modules`): the `ghaf.*` options
 * of a guest, its name and console line from `hostConfig`, its settings from
 * `globalConfig`. Host values are read inside `lazy(...)`: the host builds its hosts
 * table from the VMs' types, so a VM reads that table only when a value needs it.
 */
import { lazy, mkDefault, mkOption, types } from "tsden";
import type { BaseArgs, HostEntry } from "../lib/types.js";

/** The guest options this example adds (`ghaf.*`). */
const ghafGuestOptions = {
  _file: "vms/vm-common.ts (options)",
  key: "vms/vm-common.ts#options",
  options: {
    ghaf: {
      type: mkOption({
        type: types.enum(["system-vm", "app-vm", "admin-vm"]),
        default: "system-vm",
        description: "The kind of VM (the host's hosts table allocates addresses by kind).",
      }),
      profiles: {
        debug: { enable: mkOption({ type: types.bool, default: false, description: "Debug tools and verbose logs." }) },
      },
      development: {
        ssh: {
          daemon: {
            enable: mkOption({ type: types.bool, default: false, description: "An SSH daemon for development." }),
          },
        },
      },
      logging: {
        enable: mkOption({ type: types.bool, default: false, description: "Ship logs to the admin VM." }),
        listener: {
          address: mkOption({ type: types.str, default: "", description: "Where logs go." }),
          port: mkOption({ type: types.port, default: 9999, description: "The listener's port." }),
        },
        client: { enable: mkOption({ type: types.bool, default: false, description: "Run the log client." }) },
      },
      services: mkOption({
        type: types.listOf(types.str),
        default: [],
        description: "The services this VM runs (names).",
      }),
      users: mkOption({ type: types.listOf(types.str), default: [], description: "The users of this VM." }),
      consoleLine: mkOption({
        type: types.str,
        readOnly: true,
        description: "The line the VM prints on its console once booted.",
      }),
    },
  },
};

function showPeers(hosts: Readonly<Record<string, HostEntry>>, self: string): string {
  return Object.keys(hosts)
    .sort()
    .filter((n) => n !== self)
    .map((n) => `${n}=${hosts[n]!.ipv4}`)
    .join(",");
}

/** The module every base imports (class `os`, with `osModules` and `microvmGuestModule`). */
export const vmCommon = ({ config, globalConfig, hostConfig }: BaseArgs & { config: any }) => ({
  _file: "vms/vm-common.ts",
  key: "vms/vm-common.ts",
  imports: [ghafGuestOptions],
  config: {
    networking: { hostName: hostConfig.vmName },
    ghaf: {
      profiles: { debug: { enable: globalConfig.debug.enable } },
      development: { ssh: { daemon: { enable: globalConfig.development.ssh.daemon.enable } } },
      logging: {
        enable: globalConfig.logging.enable,
        listener: { address: globalConfig.logging.listener.address, port: globalConfig.logging.listener.port },
        client: { enable: globalConfig.logging.enable },
      },
      users: lazy(() => [...hostConfig.users]),
      consoleLine: lazy(() => {
        const me = hostConfig.hosts[hostConfig.vmName];
        const g = config.ghaf;
        return [
          `ghaf-vm ${config.networking.hostName} up:`,
          `type=${g.type}`,
          `ip=${me?.ipv4 ?? "none"}`,
          `debug=${g.profiles.debug.enable ? 1 : 0}`,
          `logging=${g.logging.enable ? `${g.logging.listener.address}:${g.logging.listener.port}` : "off"}`,
          `services=${g.services.join(",") || "none"}`,
          `peers=${showPeers(hostConfig.hosts, hostConfig.vmName) || "none"}`,
        ].join(" ");
      }),
    },
    boot: {
      postBootCommands: lazy(() => `echo ${JSON.stringify(config.ghaf.consoleLine)}`),
      kernelParams: ["quiet"],
    },
    microvm: {
      mem: mkDefault(256),
      vcpu: mkDefault(1),
      // as Ghaf's VMs: no closure-size optimizations, the store on an erofs disk
      optimize: { enable: false },
      storeOnDisk: true,
      storeDiskType: "erofs",
      storeDiskErofsFlags: ["-zlz4hc", "-Eztailpacking", "-Efragments"],
    },
  },
});
