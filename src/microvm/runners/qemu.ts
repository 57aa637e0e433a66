/**
 * qemu's command line for a guest, as the reference builds it, with its known bugs
 * fixed: `cache=none` only for `direct` volumes, the memfd backend only for virtiofs.
 * The accelerator is an argument: the runner script probes KVM when it starts and
 * runs the KVM or the TCG variant (TCG keeps the PIT and gets `tsc_early_khz`).
 */
import { hasShareProto, macvtapFd, withDriveLetters, type BootFiles, type Guest } from "../guest.js";
import { microvmMachineOptions, type QemuAccel } from "./capabilities.js";
import { shellQuote } from "../../os/render/shell-quote.js";
import { shellExpr, type Word } from "./words.js";

/** The qemu binary for x86_64 guests. */
export const QEMU = "qemu-system-x86_64";

/** Runtime details of a qemu start. */
export interface QemuStart {
  readonly accel: QemuAccel;
  /**
   * Shell text expanding to extra kernel parameters (with a leading space) known only
   * at start, e.g. `"$tcg_params"`; omitted in pure uses.
   */
  readonly runtimeParams?: string;
}

/** The kernel command line the runners share (console, reboot, panic, the guest's params). */
export function kernelCommandLine(prefix: readonly string[], guest: Guest): string {
  return [...prefix, ...guest.kernelParams].join(" ");
}

/** Whether the guest's devices go on PCI (else virtio-mmio), as in the reference. */
export function qemuRequiresPci(guest: Guest): boolean {
  return guest.graphics || !guest.qemu.machine.startsWith("microvm") || guest.shares.length > 0 || guest.devices.some((d) => d.bus === "pci");
}

function requiresUsb(guest: Guest): boolean {
  return guest.graphics || guest.devices.some((d) => d.bus === "usb");
}

/** qemu option values escape commas by doubling them. */
function optionValue(value: string): string {
  return value.replace(/,/g, ",,");
}

/** The `-M` value. */
export function qemuMachine(guest: Guest, accel: QemuAccel): string {
  if (guest.qemu.machine === "microvm") return microvmMachineOptions(accel, { pcie: qemuRequiresPci(guest), usb: requiresUsb(guest) });
  return `${guest.qemu.machine},accel=${accel},acpi=on,mem-merge=on`;
}

/** `qemu-system-x86_64 ...` for `guest`, booting `files`, under `start.accel`. */
export function qemuCommand(guest: Guest, files: BootFiles, start: QemuStart): Word[] {
  const pci = qemuRequiresPci(guest);
  const dev = pci ? "pci" : "device";
  const args: Word[] = [QEMU, "-name", guest.hostName, "-M", qemuMachine(guest, start.accel)];
  args.push("-m", String(guest.mem), "-smp", String(guest.vcpu), "-nodefaults", "-no-user-config", "-no-reboot");
  args.push("-kernel", files.kernel, "-initrd", files.initrd);
  args.push("-chardev", "stdio,id=stdio,signal=off", "-device", `virtio-rng-${dev}`, "-serial", "chardev:stdio");
  if (start.accel === "kvm") args.push("-enable-kvm", "-cpu", "host,+x2apic,-sgx");
  const append = kernelCommandLine(["earlyprintk=ttyS0", "console=ttyS0", "reboot=t", "panic=-1"], guest);
  args.push("-device", "i8042", "-append");
  args.push(start.runtimeParams === undefined ? append : shellExpr(`${shellQuote(append)}${start.runtimeParams}`));
  if (guest.storeOnDisk && files.storeDisk !== null) {
    args.push("-drive", `id=store,format=raw,read-only=on,file=${optionValue(files.storeDisk)},if=none,aio=io_uring`);
    args.push("-device", `virtio-blk-${dev},drive=store${pci ? ",disable-legacy=on" : ""}`);
  }
  if (guest.graphics) args.push("-display", "gtk,gl=on", "-device", "virtio-vga-gl", "-device", "qemu-xhci", "-device", "usb-tablet", "-device", "usb-kbd");
  else args.push("-nographic");
  if (!guest.interfaces.some((i) => i.type === "bridge")) args.push("-sandbox", "on");
  if (guest.user !== null) args.push("-runas", guest.user);
  if (guest.socket !== null) args.push("-qmp", `unix:${optionValue(guest.socket)},server,nowait`);
  if (guest.balloon) args.push("-device", `virtio-balloon,free-page-reporting=on,id=balloon0${guest.deflateOnOOM ? ",deflate-on-oom=on" : ""}`);
  for (const v of withDriveLetters(guest)) {
    args.push("-drive", `id=vd${v.letter},format=raw,file=${optionValue(v.image)},if=none,aio=io_uring,discard=unmap${v.direct ? ",cache=none" : ""},read-only=${v.readOnly ? "on" : "off"}`);
    args.push("-device", `virtio-blk-${dev},drive=vd${v.letter}${v.serial !== null ? `,serial=${v.serial}` : ""}`);
  }
  if (hasShareProto(guest, "virtiofs")) {
    args.push("-object", `memory-backend-memfd,id=mem,size=${guest.mem}M,share=on`, "-numa", "node,memdev=mem");
  }
  guest.shares.forEach((share, i) => {
    if (share.proto === "virtiofs") {
      args.push("-chardev", `socket,id=fs${i},path=${optionValue(share.socket ?? "")}`);
      args.push("-device", `vhost-user-fs-${dev},chardev=fs${i},tag=${share.tag}`);
    } else {
      args.push("-fsdev", `local,id=fs${i},path=${optionValue(share.source)},security_model=${share.securityModel}`);
      args.push("-device", `virtio-9p-${dev},fsdev=fs${i},mount_tag=${share.tag}`);
    }
  });
  const multiQueue = guest.vcpu > 1;
  for (const iface of guest.interfaces) {
    const netdev = [iface.type === "macvtap" ? "tap" : iface.type, `id=${iface.id}`];
    if (iface.type === "user") netdev.push(...guest.forwardPorts.map(forwarding));
    if (iface.type === "bridge") netdev.push(`br=${iface.bridge ?? ""}`, "helper=/usr/lib/qemu/qemu-bridge-helper");
    if (iface.type === "tap") netdev.push(`ifname=${iface.id}`, "script=no", "downscript=no");
    if (iface.type === "macvtap") netdev.push(`fd=${macvtapFd(guest, iface.id)}`);
    if (iface.type === "tap" && multiQueue) netdev.push(`queues=${guest.vcpu}`);
    const mq = multiQueue && pci && iface.type === "tap" ? `,mq=on,vectors=${2 * guest.vcpu + 2}` : "";
    args.push("-netdev", netdev.join(","), "-device", `virtio-net-${dev},netdev=${iface.id},mac=${iface.mac}${pci ? ",romfile=" : ""}${mq}`);
  }
  if (requiresUsb(guest)) args.push("-device", "qemu-xhci");
  if (guest.vsockCid !== null) args.push("-device", `vhost-vsock-${dev},guest-cid=${guest.vsockCid}`);
  args.push(...guest.qemu.extraArgs);
  for (const device of guest.devices) {
    if (device.bus === "pci") args.push("-device", `vfio-pci,host=${device.path},multifunction=on${device.deviceExtraArgs !== null ? `,${device.deviceExtraArgs}` : ""}`);
    else args.push("-device", `usb-host,${device.path}`);
  }
  return args;
}

function forwarding(fwd: Guest["forwardPorts"][number]): string {
  if (fwd.from === "host") return `hostfwd=${fwd.proto}:${fwd.host.address}:${fwd.host.port}-${fwd.guest.address}:${fwd.guest.port}`;
  return `guestfwd=${fwd.proto}:${fwd.guest.address}:${fwd.guest.port}-tcp:${fwd.host.address}:${fwd.host.port}`;
}

