/**
 * cloud-hypervisor's command line for a guest (virtiofs shares, tap/macvtap, API
 * socket), as the reference builds it: memory `shared=on` only for virtiofs or
 * graphics (`mergeable=on` otherwise: the two exclude each other), virtio-mem hot-plug,
 * the balloon's initial size, `--platform oem_strings=[...]` with the systemd notify
 * socket when the guest has a vsock CID, and one file descriptor per queue for macvtap.
 */
import { macvtapFds, tapMultiQueue, type BootFiles, type Guest } from "../guest.js";
import { kernelCommandLine } from "./qemu.js";

/** The vsock socket cloud-hypervisor and firecracker expose (relative to the state directory). */
export const NOTIFY_VSOCK = "notify.vsock";

/** The OEM string that points the guest's systemd at the host's notify relay (vsock port 8888). */
export const NOTIFY_OEM_STRING = "io.systemd.credential:vmm.notify_socket=vsock-stream:2:8888";

const opts = (pairs: Record<string, string>): string =>
  Object.entries(pairs)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** `cloud-hypervisor ...` for `guest`, booting `files` (the ELF `vmlinux`). */
export function cloudHypervisorCommand(guest: Guest, files: BootFiles): string[] {
  const shared = guest.shares.some((s) => s.proto === "virtiofs") || guest.graphics.enable;
  const args = [guest.bin["cloud-hypervisor"], "--cpus", `boot=${guest.vcpu}`, "--watchdog"];
  args.push("--kernel", files.vmlinux, "--initramfs", files.initrd);
  args.push("--cmdline", kernelCommandLine(["earlyprintk=ttyS0", "console=ttyS0", "reboot=t", "panic=-1"], guest));
  args.push("--seccomp", "true");
  const memory: Record<string, string> = { size: `${guest.mem}M`, shared: shared ? "on" : "off" };
  if (!shared) memory.mergeable = "on";
  if (guest.hotplugMem > 0) {
    Object.assign(memory, {
      hotplug_method: "virtio-mem",
      hotplug_size: `${guest.hotplugMem}M`,
      hotplugged_size: `${guest.hotpluggedMem}M`,
    });
  }
  if (guest.hugepageMem) memory.hugepages = "on";
  args.push("--memory", opts(memory));
  const oem = [...guest.cloudHypervisor.platformOEMStrings, ...(guest.vsockCid !== null ? [NOTIFY_OEM_STRING] : [])];
  if (oem.length > 0) args.push("--platform", `oem_strings=[${oem.join(",")}]`);
  args.push("--console", "null", "--serial", "tty");
  if (guest.vsockCid !== null) args.push("--vsock", `cid=${guest.vsockCid},socket=${NOTIFY_VSOCK}`);
  if (guest.balloon) {
    args.push(
      "--balloon",
      opts({
        size: `${guest.initialBalloonMem}M`,
        free_page_reporting: "on",
        ...(guest.deflateOnOOM ? { deflate_on_oom: "on" } : {}),
      }),
    );
  }
  const mq = tapMultiQueue(guest) ? `,num_queues=${guest.vcpu}` : "";
  const disks: string[] = [];
  if (guest.storeOnDisk && files.storeDisk !== null) disks.push(`path=${files.storeDisk},readonly=on${mq}`);
  for (const v of guest.volumes) {
    disks.push(
      `path=${v.image},direct=${v.direct ? "on" : "off"},readonly=${v.readOnly ? "on" : "off"}${v.imageType !== "raw" ? `,image_type=${v.imageType}` : ""}${v.serial !== null ? `,serial=${v.serial}` : ""}${mq}`,
    );
  }
  if (disks.length > 0) args.push("--disk", ...disks);
  const fs = guest.shares.map((s) => `tag=${s.tag},socket=${s.socket ?? ""}`);
  if (fs.length > 0) args.push("--fs", ...fs);
  if (guest.socket !== null) args.push("--api-socket", guest.socket);
  const nq = tapMultiQueue(guest) ? `,num_queues=${2 * guest.vcpu}` : "";
  const nets = guest.interfaces.map((i) =>
    i.type === "macvtap"
      ? `fd=[${macvtapFds(guest, i.id).join(",")}],mac=${i.mac}${nq}`
      : `tap=${i.id},mac=${i.mac}${nq}`,
  );
  if (nets.length > 0) args.push("--net", ...nets);
  const devices = guest.devices.map((d) => `path=/sys/bus/pci/devices/${d.path}`);
  if (devices.length > 0) args.push("--device", ...devices);
  args.push(...guest.cloudHypervisor.extraArgs);
  return args;
}
