/**
 * kvmtool's (`lkvm`) command line for a guest. Volumes pass their image path (the
 * reference passes the literal word "image").
 */
import { macvtapFd, type BootFiles, type Guest } from "../guest.js";
import { kernelCommandLine } from "./qemu.js";

/** `lkvm run ...` for `guest`, booting `files`. */
export function kvmtoolCommand(guest: Guest, files: BootFiles): string[] {
  const args = [guest.bin.kvmtool, "run", "--name", guest.hostName, "-m", String(guest.mem), "-c", String(guest.vcpu)];
  args.push("--console", "serial", "--rng", "-k", files.kernel, "-i", files.initrd);
  args.push("-p", kernelCommandLine(["console=ttyS0", "reboot=k", "panic=1"], guest));
  if (guest.storeOnDisk && files.storeDisk !== null) args.push("-d", `${files.storeDisk},ro`);
  if (guest.balloon) args.push("--balloon");
  for (const v of guest.volumes) args.push("-d", `${v.image}${v.direct ? ",direct" : ""}${v.readOnly ? ",ro" : ""}`);
  for (const s of guest.shares) args.push("--9p", `${s.source},${s.tag}`);
  for (const i of guest.interfaces) {
    // a macvtap's device is already open: kvmtool takes its descriptor (fd=), a tap by name
    const dev = i.type === "macvtap" ? `fd=${macvtapFd(guest, i.id)}` : `tapif=${i.id}`;
    args.push("-n", i.type === "user" ? `mode=user,guest_mac=${i.mac}` : `mode=tap,${dev},guest_mac=${i.mac}`);
  }
  for (const d of guest.devices) args.push(`--vfio-pci=${d.path}`);
  if (guest.vsockCid !== null) args.push("--vsock", String(guest.vsockCid));
  return args;
}
