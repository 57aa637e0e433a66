/**
 * firecracker's JSON configuration and command line for a guest (tap only, no shares):
 * drives with `firecracker.driveIoEngine`, the vsock device (`notify.vsock`) when the
 * guest has a CID, a custom CPU template, and `firecracker.extraConfig` merged in
 * recursively (objects merge; anything else replaces).
 */
import type { BootFiles, Guest } from "../guest.js";
import { NOTIFY_VSOCK } from "./cloud-hypervisor.js";
import { kernelCommandLine } from "./qemu.js";

/** The configuration file tsden writes (firecracker's names), before `extraConfig`. */
export interface FirecrackerConfig {
  readonly "boot-source": {
    readonly kernel_image_path: string;
    readonly initrd_path: string;
    readonly boot_args: string;
  };
  readonly "machine-config": { readonly vcpu_count: number; readonly mem_size_mib: number; readonly smt: boolean };
  readonly drives: readonly {
    readonly drive_id: string;
    readonly path_on_host: string;
    readonly is_root_device: boolean;
    readonly is_read_only: boolean;
    readonly io_engine: "Async" | "Sync";
  }[];
  readonly "network-interfaces": readonly {
    readonly iface_id: string;
    readonly host_dev_name: string;
    readonly guest_mac: string;
  }[];
  readonly vsock?: { readonly guest_cid: number; readonly uds_path: string };
  readonly "cpu-config"?: string;
}

/** Where the CPU template goes inside the runner (next to the configuration). */
export const FIRECRACKER_CPU_CONFIG = "share/microvm/firecracker-cpu.json";

/** Objects merge key by key; any other value replaces. */
export function mergeJson(base: unknown, extra: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(base) || !isObject(extra)) return extra;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = k in out ? mergeJson(out[k], v) : v;
  return out;
}

/** firecracker's configuration for `guest`, booting `files` (the ELF `vmlinux`); `cpuConfig` is the template's path. */
export function firecrackerConfig(guest: Guest, files: BootFiles, cpuConfig?: string): Record<string, unknown> {
  const prefix = [
    "console=ttyS0",
    "noapic",
    "acpi=off",
    "reboot=k",
    "panic=1",
    "i8042.noaux",
    "i8042.nomux",
    "i8042.nopnp",
    "i8042.dumbkbd",
  ];
  const io_engine = guest.firecracker.driveIoEngine;
  const store =
    guest.storeOnDisk && files.storeDisk !== null
      ? [{ drive_id: "store", path_on_host: files.storeDisk, is_root_device: false, is_read_only: true, io_engine }]
      : [];
  const config: FirecrackerConfig = {
    "boot-source": {
      kernel_image_path: files.vmlinux,
      initrd_path: files.initrd,
      boot_args: kernelCommandLine(prefix, guest),
    },
    "machine-config": { vcpu_count: guest.vcpu, mem_size_mib: guest.mem, smt: true },
    drives: [
      ...store,
      ...guest.volumes.map((v, i) => ({
        drive_id: `vol${i}`,
        path_on_host: v.image,
        is_root_device: false,
        is_read_only: v.readOnly,
        io_engine,
      })),
    ],
    "network-interfaces": guest.interfaces.map((i) => ({ iface_id: i.id, host_dev_name: i.id, guest_mac: i.mac })),
    ...(guest.vsockCid !== null ? { vsock: { guest_cid: guest.vsockCid, uds_path: NOTIFY_VSOCK } } : {}),
    ...(guest.firecracker.cpu !== null && cpuConfig !== undefined ? { "cpu-config": cpuConfig } : {}),
  };
  return mergeJson(config, guest.firecracker.extraConfig) as Record<string, unknown>;
}

/** `firecracker --config-file C --api-sock S`; firecracker needs the socket. */
export function firecrackerCommand(guest: Guest, configFile: string): string[] {
  if (guest.socket === null) throw new Error("firecracker needs an API socket (microvm.socket)");
  return [
    guest.bin.firecracker,
    "--config-file",
    configFile,
    "--api-sock",
    guest.socket,
    ...guest.firecracker.extraArgs,
  ];
}
