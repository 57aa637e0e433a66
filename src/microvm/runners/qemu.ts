/**
 * qemu's command line for a guest, as the reference builds it, with its known bugs
 * fixed: `cache=none` only for `direct` volumes, the memfd backend only for virtiofs.
 * The accelerator is an argument: the runner script probes KVM when it starts and
 * runs the KVM or the TCG variant (TCG keeps the PIT and gets `tsc_early_khz`).
 * Exit status: 0 when the guest powered off; 3 when its init failed (isa-debug-exit);
 * 1 when its kernel panicked (the pvpanic device, with `-action panic=exit-failure`
 * where qemu has it, 7.1 and later: the runner asks the installed qemu) or qemu failed.
 */
import { hasShareProto, macvtapFds, tapMultiQueue, withDriveLetters, type BootFiles, type Guest } from "../guest.js";
import { microvmMachineOptions, type QemuAccel } from "./capabilities.js";
import { EXIT_PORT, READY_PORT_NAME, shellQuote } from "../../os/index.js";
import { shellExpr, type Word } from "./words.js";
import { CONTROL_FIFO } from "./shutdown.js";

/** The file (in the VM's folder) qemu appends what the guest reports on its readiness port to. */
export const READY_FILE = "microvm-ready";

/** Runtime details of a qemu start. */
export interface QemuStart {
  readonly accel: QemuAccel;
  /**
   * Shell text expanding to extra kernel parameters (with a leading space) known only
   * at start, e.g. `"$tcg_params"`; omitted in pure uses.
   */
  readonly runtimeParams?: string;
  /**
   * How to drop privileges for `microvm.user`; omitted in the runner script, which asks
   * the installed qemu when it starts (`"${run_as[@]}"`).
   */
  readonly userFlag?: QemuUserFlag;
  /**
   * Whether qemu takes `-action panic=exit-failure`; omitted in the runner script, which
   * asks the installed qemu when it starts (`"${panic_action[@]}"`).
   */
  readonly panicAction?: boolean;
}

/** The kernel command line the runners share (console, reboot, panic, the guest's params). */
export function kernelCommandLine(prefix: readonly string[], guest: Guest): string {
  return [...prefix, ...guest.kernelParams].join(" ");
}

/** Whether the guest's devices go on PCI (else virtio-mmio), as in the reference. */
export function qemuRequiresPci(guest: Guest): boolean {
  return (
    guest.graphics.enable ||
    !guest.qemu.machine.startsWith("microvm") ||
    guest.shares.length > 0 ||
    guest.devices.some((d) => d.bus === "pci")
  );
}

function requiresUsb(guest: Guest): boolean {
  return guest.graphics.enable || guest.devices.some((d) => d.bus === "usb");
}

/** qemu option values escape commas by doubling them. */
function optionValue(value: string): string {
  return value.replace(/,/g, ",,");
}

/** qemu's format name for a volume's `imageType`. */
const QEMU_FORMAT: Record<Guest["volumes"][number]["imageType"], string> = {
  raw: "raw",
  qcow2: "qcow2",
  vhd: "vpc",
  vhdx: "vhdx",
};

/** The `-M` value. */
export function qemuMachine(guest: Guest, accel: QemuAccel): string {
  const opts = guest.qemu.machineOpts;
  if (opts !== null) {
    const given = Object.keys(opts)
      .sort()
      .map((k) => `${k}=${opts[k]}`);
    return [guest.qemu.machine, ...("accel" in opts ? [] : [`accel=${accel}`]), ...given].join(",");
  }
  if (guest.qemu.machine === "microvm")
    return microvmMachineOptions(accel, { pcie: qemuRequiresPci(guest), usb: requiresUsb(guest) });
  return `${guest.qemu.machine},accel=${accel},acpi=on,mem-merge=on`;
}

/** How qemu is told to drop privileges: `-run-with user=` (qemu 9 and later), or `-runas` (older; removed in 10). */
export type QemuUserFlag = "run-with" | "runas";

/** The user flag a qemu of `version` (e.g. "7.2.22") takes. */
export function qemuUserFlag(version: string): QemuUserFlag {
  const major = Number(/^(\d+)/.exec(version)?.[1] ?? "0");
  return major >= 9 ? "run-with" : "runas";
}

/** The display arguments for the guest's graphics. */
function displayArgs(guest: Guest, dev: string): string[] {
  const g = guest.graphics;
  if (!g.enable) return ["-nographic"];
  const vulkan = g.vulkan === null ? [] : ["blob=true", `hostmem=${g.hostmem}`, `${g.vulkan}=on`];
  const display =
    g.backend === "gtk"
      ? ["-display", "gtk,gl=on", "-device", ["virtio-vga-gl", ...vulkan].join(",")]
      : g.backend === "headless" && g.vulkan !== null
        ? ["-display", "egl-headless", "-device", ["virtio-gpu-gl-pci", ...vulkan].join(",")]
        : g.backend === "headless"
          ? ["-display", "none", "-device", `virtio-gpu-${dev}`]
          : ["-display", "cocoa", "-device", "virtio-gpu"];
  return [...display, "-device", "usb-tablet", "-device", "usb-kbd"];
}

/** `qemu-system-x86_64 ...` for `guest`, booting `files`, under `start.accel`. */
export function qemuCommand(guest: Guest, files: BootFiles, start: QemuStart): Word[] {
  const pci = qemuRequiresPci(guest);
  const dev = pci ? "pci" : "device";
  const microvmMachine = guest.qemu.machine === "microvm";
  const hotplug = guest.hotplugMem > 0;
  const args: Word[] = [guest.bin.qemu, "-name", guest.hostName, "-M", qemuMachine(guest, start.accel)];
  args.push("-m", hotplug ? `${guest.mem}M,maxmem=${guest.mem + guest.hotplugMem}M` : String(guest.mem));
  args.push("-smp", String(guest.vcpu), "-nodefaults", "-no-user-config", "-no-reboot");
  args.push("-kernel", files.kernel, "-initrd", files.initrd);
  args.push("-chardev", "stdio,id=stdio,signal=off", "-device", `virtio-rng-${dev}`);
  if (guest.machineId !== null) args.push("-smbios", `type=1,uuid=${guest.machineId}`);
  for (const port of guest.qemu.pcieRootPorts) {
    const extra = [
      port.bus !== null ? `bus=${port.bus}` : "",
      port.chassis !== null ? `chassis=${port.chassis}` : "",
      port.slot !== null ? `slot=${port.slot}` : "",
      port.addr !== null ? `addr=${port.addr}` : "",
    ];
    args.push("-device", ["pcie-root-port", `id=${port.id}`, ...extra.filter((e) => e !== "")].join(","));
  }
  for (const device of guest.devices) {
    if (device.bus !== "pci") continue;
    const opts = [`vfio-pci,host=${device.path},multifunction=on`];
    if (device.qemuId !== null) opts.push(`id=${device.qemuId}`);
    if (device.qemuBus !== null) opts.push(`bus=${device.qemuBus}`);
    if (device.deviceExtraArgs !== null) opts.push(device.deviceExtraArgs);
    args.push("-device", opts.join(","));
  }
  for (const device of guest.devices) if (device.bus === "usb") args.push("-device", `usb-host,${device.path}`);
  for (const name of Object.keys(guest.credentialFiles).sort()) {
    args.push("-fw_cfg", `name=opt/io.systemd.credentials/${name},file=${optionValue(guest.credentialFiles[name]!)}`);
  }
  if (guest.qemu.serialConsole) args.push("-serial", "chardev:stdio");
  if (guest.cpu !== null) args.push("-cpu", guest.cpu);
  else if (start.accel === "kvm") args.push("-enable-kvm", "-cpu", "host,+x2apic,-sgx");
  const consoleParams = guest.qemu.serialConsole ? ["earlyprintk=ttyS0", "console=ttyS0"] : [];
  const append = kernelCommandLine([...consoleParams, "reboot=t", "panic=-1"], guest);
  // a failing guest init writes its status to port 0xf4: qemu then exits 2 * status + 1
  // (3 for a failed stage 1), so microvm-run's exit code says the guest did not run its job
  args.push("-device", `isa-debug-exit,iobase=0x${EXIT_PORT.toString(16)},iosize=0x01`);
  // a panicking guest kernel tells qemu through the pvpanic device (stage 1 loads its
  // driver first), and qemu exits 1 instead of counting the reboot panic=-1 asks for as a power-off
  args.push("-device", "pvpanic");
  if (start.panicAction === undefined) args.push(shellExpr('"${panic_action[@]}"'));
  else if (start.panicAction) args.push("-action", "panic=exit-failure");
  args.push("-device", "i8042", "-append");
  args.push(start.runtimeParams === undefined ? append : shellExpr(`${shellQuote(append)}${start.runtimeParams}`));
  if (guest.storeOnDisk && files.storeDisk !== null) {
    args.push("-drive", `id=store,format=raw,read-only=on,file=${optionValue(files.storeDisk)},if=none,aio=io_uring`);
    args.push("-device", `virtio-blk-${dev},drive=store${pci ? ",disable-legacy=on" : ""}`);
  }
  args.push(...displayArgs(guest, dev));
  if (!guest.interfaces.some((i) => i.type === "bridge")) args.push("-sandbox", "on");
  if (guest.user !== null) {
    if (start.userFlag === undefined) args.push(shellExpr('"${run_as[@]}"'));
    else args.push(...(start.userFlag === "run-with" ? ["-run-with", `user=${guest.user}`] : ["-runas", guest.user]));
  }
  if (guest.socket !== null) args.push("-qmp", `unix:${optionValue(guest.socket)},server,nowait`);
  // a QMP monitor on a FIFO pair, for microvm-shutdown (a shell script: no socket client needed)
  args.push("-chardev", `pipe,id=tsden-control,path=${CONTROL_FIFO}`, "-mon", "chardev=tsden-control,mode=control");
  // the guest says it has booted on a virtio-serial port; qemu writes it to a file
  args.push("-chardev", `file,id=tsden-ready,path=${READY_FILE}`, "-device", `virtio-serial-${dev}`);
  args.push("-device", `virtserialport,chardev=tsden-ready,name=${READY_PORT_NAME}`);
  if (guest.balloon)
    args.push(
      "-device",
      `virtio-balloon-${dev},free-page-reporting=on,id=balloon0${guest.deflateOnOOM ? ",deflate-on-oom=on" : ""}`,
    );
  if (hotplug) {
    args.push("-object", `memory-backend-ram,id=vmem0,size=${guest.hotplugMem}M`);
    args.push("-device", `virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=${guest.hotpluggedMem}M`);
  }
  for (const v of withDriveLetters(guest)) {
    args.push(
      "-drive",
      `id=vd${v.letter},format=${QEMU_FORMAT[v.imageType]},file=${optionValue(v.image)},if=none,aio=io_uring,discard=unmap${v.direct ? ",cache=none" : ""},read-only=${v.readOnly ? "on" : "off"}`,
    );
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
      args.push(
        "-fsdev",
        `local,id=fs${i},path=${optionValue(share.source)},security_model=${share.securityModel},readonly=${share.readOnly ? "on" : "off"}`,
      );
      args.push("-device", `virtio-9p-${dev},fsdev=fs${i},mount_tag=${share.tag}`);
    }
  });
  const multiQueue = tapMultiQueue(guest);
  for (const iface of guest.interfaces) {
    const netdev = [iface.type === "macvtap" ? "tap" : iface.type, `id=${iface.id}`];
    if (iface.type === "user") netdev.push(...guest.forwardPorts.map((fwd) => forwarding(fwd, files.guestForward)));
    if (iface.type === "bridge") netdev.push(`br=${iface.bridge ?? ""}`, `helper=${QEMU_BRIDGE_HELPER}`);
    if (iface.type === "tap") netdev.push(`ifname=${iface.id}`, "script=no", "downscript=no");
    if (iface.type === "tap" && iface.tap.vhost) netdev.push("vhost=on");
    if (iface.type === "macvtap") {
      const fds = macvtapFds(guest, iface.id);
      netdev.push(fds.length === 1 ? `fd=${fds[0]}` : `fds=${fds.join(":")}`);
    }
    if (iface.type === "tap" && multiQueue) netdev.push(`queues=${guest.vcpu}`);
    const mq =
      multiQueue && pci && (iface.type === "tap" || iface.type === "macvtap")
        ? `,mq=on,vectors=${2 * guest.vcpu + 2}`
        : "";
    args.push(
      "-netdev",
      netdev.join(","),
      "-device",
      `virtio-net-${dev},netdev=${iface.id},mac=${iface.mac}${pci ? ",romfile=" : ""}${mq}`,
    );
  }
  // the microvm machine's usb=on brings its own (sysbus) xHCI; other machines need one on PCI
  if (requiresUsb(guest) && !microvmMachine) args.push("-device", "qemu-xhci");
  if (guest.vsockCid !== null) args.push("-device", `vhost-vsock-${dev},guest-cid=${guest.vsockCid}`);
  args.push(...guest.qemu.extraArgs);
  return args;
}

/** Where Debian's qemu keeps its bridge helper (it reads /etc/qemu/bridge.conf). */
export const QEMU_BRIDGE_HELPER = "/usr/lib/qemu/qemu-bridge-helper";

/**
 * `hostfwd=` or `guestfwd=` for a forward. A guest forward runs a small relay per
 * connection (`cmd:`), so the host port need not listen when qemu starts.
 */
function forwarding(fwd: Guest["forwardPorts"][number], relay: string | undefined): string {
  if (fwd.from === "host")
    return `hostfwd=${fwd.proto}:${fwd.host.address}:${fwd.host.port}-${fwd.guest.address}:${fwd.guest.port}`;
  const target = `${fwd.host.address === "" ? "127.0.0.1" : fwd.host.address} ${fwd.host.port}`;
  return `guestfwd=${fwd.proto}:${fwd.guest.address}:${fwd.guest.port}-cmd:node ${optionValue(relay ?? "guestfwd.cjs")} ${target}`;
}
