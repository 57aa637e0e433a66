/**
 * crosvm's command line for a guest (9p and virtiofs shares, tap/macvtap, control
 * socket). A 9p share's source goes into a `:`-separated option, so a source with `:`
 * is refused at evaluation; virtiofs shares attach through `--vhost-user type=fs` (the
 * tag comes from virtiofsd).
 */
import { macvtapFd, type BootFiles, type Guest } from "../guest.js";
import { kernelCommandLine } from "./qemu.js";

/** `crosvm run ...` for `guest`, booting `files`. */
export function crosvmCommand(guest: Guest, files: BootFiles): string[] {
  const args = [guest.bin.crosvm, "run", "-m", String(guest.mem), "-c", String(guest.vcpu)];
  args.push("--serial", "type=stdout,console=true,stdin=true");
  args.push("-p", kernelCommandLine(["console=ttyS0", "reboot=k", "panic=1"], guest));
  args.push(guest.balloon ? "--balloon-page-reporting" : "--no-balloon");
  if (guest.storeOnDisk && files.storeDisk !== null) args.push("-r", files.storeDisk);
  if (guest.crosvm.pivotRoot !== null) args.push("--pivot-root", guest.crosvm.pivotRoot);
  if (guest.socket !== null) args.push("-s", guest.socket);
  for (const v of guest.volumes) {
    args.push(
      "--block",
      `${v.image},o_direct=${v.direct},ro=${v.readOnly}${v.serial !== null ? `,id=${v.serial}` : ""}`,
    );
  }
  for (const s of guest.shares) {
    if (s.proto === "virtiofs") args.push("--vhost-user", `type=fs,socket=${s.socket ?? ""}`);
    else args.push("--shared-dir", `${s.source}:${s.tag}:type=p9`);
  }
  for (const i of guest.interfaces) {
    args.push(
      "--net",
      `${i.type === "macvtap" ? `tap-fd=${macvtapFd(guest, i.id)}` : `tap-name=${i.id}`},mac=${i.mac}`,
    );
  }
  if (guest.vsockCid !== null) args.push("--vsock", `cid=${guest.vsockCid}`);
  for (const d of guest.devices) args.push("--vfio", `/sys/bus/pci/devices/${d.path},iommu=viommu`);
  args.push(...guest.crosvm.extraArgs);
  args.push("--initrd", files.initrd, files.kernel);
  return args;
}
