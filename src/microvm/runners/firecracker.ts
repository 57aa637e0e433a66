/** firecracker's JSON configuration and command line for a guest (tap only, no shares). */
import type { BootFiles, Guest } from "../guest.js";
import { kernelCommandLine } from "./qemu.js";

/** The subset of firecracker's configuration file tsden writes. */
export interface FirecrackerConfig {
  readonly "boot-source": { readonly kernel_image_path: string; readonly initrd_path: string; readonly boot_args: string };
  readonly "machine-config": { readonly vcpu_count: number; readonly mem_size_mib: number; readonly smt: boolean };
  readonly drives: readonly {
    readonly drive_id: string;
    readonly path_on_host: string;
    readonly is_root_device: boolean;
    readonly is_read_only: boolean;
    readonly io_engine: "Async" | "Sync";
  }[];
  readonly "network-interfaces": readonly { readonly iface_id: string; readonly host_dev_name: string; readonly guest_mac: string }[];
}

/** firecracker's configuration for `guest`, booting `files` (the ELF `vmlinux`). */
export function firecrackerConfig(guest: Guest, files: BootFiles): FirecrackerConfig {
  const prefix = ["console=ttyS0", "noapic", "acpi=off", "reboot=k", "panic=1", "i8042.noaux", "i8042.nomux", "i8042.nopnp", "i8042.dumbkbd"];
  const store = guest.storeOnDisk && files.storeDisk !== null
    ? [{ drive_id: "store", path_on_host: files.storeDisk, is_root_device: false, is_read_only: true, io_engine: "Async" as const }]
    : [];
  return {
    "boot-source": { kernel_image_path: files.vmlinux, initrd_path: files.initrd, boot_args: kernelCommandLine(prefix, guest) },
    "machine-config": { vcpu_count: guest.vcpu, mem_size_mib: guest.mem, smt: true },
    drives: [
      ...store,
      ...guest.volumes.map((v, i) => ({ drive_id: `vol${i}`, path_on_host: v.image, is_root_device: false, is_read_only: v.readOnly, io_engine: "Async" as const })),
    ],
    "network-interfaces": guest.interfaces.map((i) => ({ iface_id: i.id, host_dev_name: i.id, guest_mac: i.mac })),
  };
}

/** `firecracker --config-file C --api-sock S`; firecracker needs the socket. */
export function firecrackerCommand(guest: Guest, configFile: string): string[] {
  if (guest.socket === null) throw new Error("firecracker needs an API socket (microvm.socket)");
  return ["firecracker", "--config-file", configFile, "--api-sock", guest.socket];
}
