/** cloud-hypervisor's command line for a guest (virtiofs shares, tap/macvtap, API socket). */
import { macvtapFd, type BootFiles, type Guest } from "../guest.js";
import { kernelCommandLine } from "./qemu.js";

/** `cloud-hypervisor ...` for `guest`, booting `files` (the ELF `vmlinux`). */
export function cloudHypervisorCommand(guest: Guest, files: BootFiles): string[] {
  const shared = guest.shares.some((s) => s.proto === "virtiofs") || guest.graphics;
  const args = ["cloud-hypervisor", "--cpus", `boot=${guest.vcpu}`, "--watchdog", "--console", "null", "--serial", "tty"];
  args.push("--kernel", files.vmlinux, "--initramfs", files.initrd);
  args.push("--cmdline", kernelCommandLine(["earlyprintk=ttyS0", "console=ttyS0", "reboot=t", "panic=-1"], guest));
  args.push("--seccomp", "true", "--memory", `size=${guest.mem}M,mergeable=on,shared=${shared ? "on" : "off"}`);
  if (guest.balloon) args.push("--balloon", `size=0M,free_page_reporting=on${guest.deflateOnOOM ? ",deflate_on_oom=on" : ""}`);
  const mq = guest.vcpu > 1 ? `,num_queues=${guest.vcpu}` : "";
  const disks: string[] = [];
  if (guest.storeOnDisk && files.storeDisk !== null) disks.push(`path=${files.storeDisk},readonly=on${mq}`);
  for (const v of guest.volumes) {
    disks.push(`path=${v.image},direct=${v.direct ? "on" : "off"},readonly=${v.readOnly ? "on" : "off"}${v.serial !== null ? `,serial=${v.serial}` : ""}${mq}`);
  }
  if (disks.length > 0) args.push("--disk", ...disks);
  const fs = guest.shares.map((s) => `tag=${s.tag},socket=${s.socket ?? ""}`);
  if (fs.length > 0) args.push("--fs", ...fs);
  if (guest.socket !== null) args.push("--api-socket", guest.socket);
  const nq = guest.vcpu > 1 ? `,num_queues=${2 * guest.vcpu}` : "";
  const nets = guest.interfaces.map((i) =>
    i.type === "macvtap" ? `fd=[${macvtapFd(guest, i.id)}],mac=${i.mac}${nq}` : `tap=${i.id},mac=${i.mac}${nq}`,
  );
  if (nets.length > 0) args.push("--net", ...nets);
  const devices = guest.devices.map((d) => `path=/sys/bus/pci/devices/${d.path}`);
  if (devices.length > 0) args.push("--device", ...devices);
  args.push(...guest.cloudHypervisorExtraArgs);
  return args;
}
