/**
 * The systemd sandboxing of the host's units (see docs/host-security.md): what each
 * unit may see, write, call and become. Every unit gets the common settings (a
 * read-only OS, no home folders, private /tmp, kernel and control groups protected, an
 * allow list of system calls, no new privileges); each kind adds what its job needs:
 * - `microvm@`: the hypervisor, as the unprivileged {@link HYPERVISOR_USER}, no
 *   capabilities, only the devices a guest uses (`DevicePolicy=closed`), writing only
 *   its VM's folder. No `MemoryDenyWriteExecute`: qemu's TCG accelerator runs code it
 *   generates, and which accelerator runs is only known when the runner starts.
 * - `microvm-tap-interfaces@`: root with `CAP_NET_ADMIN` (tap and macvtap devices),
 *   `CAP_CHOWN` (a macvtap device is given to the hypervisor user) and `CAP_MKNOD` (its
 *   node, where no udev makes it), netlink only.
 * - `microvm-virtiofsd@`: root with the capabilities of a file server that keeps every
 *   file's owner, in no network, allowed the namespaces of virtiofsd's own sandbox.
 * - `install-microvm-<name>`: root without capabilities, no network, no devices.
 * A VM whose volumes or shares are outside its folder gets a drop-in for `microvm@` and
 * `microvm-virtiofsd@` that makes those paths writable (and lifts `ProtectHome` or
 * `PrivateTmp` when one is under a home or temporary folder).
 */
import { unitValue } from "../../os/index.js";

/** The user the hypervisors run as (microvm.nix's name). */
export const HYPERVISOR_USER = "microvm";
/** Its group, which owns /dev/kvm on Debian. */
export const HYPERVISOR_GROUP = "kvm";

/** One `Key=value` line of a unit. */
export type UnitEntry = readonly [string, string | number | boolean];

/** What every unit tsden installs gets. */
const COMMON: readonly UnitEntry[] = [
  ["NoNewPrivileges", true],
  ["ProtectSystem", "strict"],
  ["ProtectHome", true],
  ["PrivateTmp", true],
  ["PrivateMounts", true],
  ["ProtectKernelTunables", true],
  ["ProtectKernelModules", true],
  ["ProtectKernelLogs", true],
  ["ProtectControlGroups", true],
  ["ProtectClock", true],
  ["ProtectHostname", true],
  ["ProtectProc", "invisible"],
  ["LockPersonality", true],
  ["RestrictRealtime", true],
  ["RestrictSUIDSGID", true],
  ["KeyringMode", "private"],
  ["SystemCallArchitectures", "native"],
  // a call outside the allow list fails (EPERM) instead of killing the process
  ["SystemCallErrorNumber", "EPERM"],
];

/** A `ReadWritePaths=` word: quoted, `%` doubled; `-` first makes a missing path no error. */
function pathWord(path: string, optional: boolean): string {
  const value = unitValue(path, "a path the unit writes").replace(/"/g, '\\"');
  return `"${optional ? "-" : ""}${value}"`;
}

/** `ReadWritePaths=` for `paths` (the first one, the VM's folder, must exist; the others may not). */
export function readWritePaths(first: string, others: readonly string[] = []): UnitEntry {
  return ["ReadWritePaths", [pathWord(first, false), ...others.map((p) => pathWord(p, true))].join(" ")];
}

/**
 * The hypervisor's unit (`microvm@`), writing `vmDirWord` (the VM's folder as a quoted
 * template word, with `%i`); with `vsockNotify` (`microvm.host.useNotifySockets`) the
 * runner's readiness relay may also listen on vsock.
 */
export function hypervisorSandbox(vmDirWord: string, vsockNotify = false): UnitEntry[] {
  return [
    ["User", HYPERVISOR_USER],
    ["Group", HYPERVISOR_GROUP],
    ...COMMON,
    ["ReadWritePaths", vmDirWord],
    ["UMask", "0077"],
    ["CapabilityBoundingSet", ""],
    ["AmbientCapabilities", ""],
    ["RestrictNamespaces", true],
    // qemu's -sandbox installs its own seccomp filter (the seccomp call is in no group)
    ["SystemCallFilter", "@system-service seccomp"],
    ["SystemCallFilter", "~@privileged @mount @swap @reboot @raw-io @module @obsolete @debug @cpu-emulation @clock"],
    // user networking and forwarded ports (inet), QMP and virtiofs sockets (unix)
    ["RestrictAddressFamilies", `AF_UNIX AF_INET AF_INET6${vsockNotify ? " AF_VSOCK" : ""}`],
    ["DevicePolicy", "closed"],
    ["DeviceAllow", "/dev/kvm rw"],
    ["DeviceAllow", "/dev/net/tun rw"],
    ["DeviceAllow", "/dev/vhost-net rw"],
    ["DeviceAllow", "/dev/vhost-vsock rw"],
    ["DeviceAllow", "char-macvtap rw"],
  ];
}

/** The tap unit (`microvm-tap-interfaces@`), writing `vmDirWord` (its `tap-booted` link). */
export function tapSandbox(vmDirWord: string): UnitEntry[] {
  return [
    ...COMMON,
    ["ReadWritePaths", vmDirWord],
    ["UMask", "0022"],
    // CAP_MKNOD: where no udev runs (a container), tap-up makes a macvtap's device node itself
    ["CapabilityBoundingSet", "CAP_NET_ADMIN CAP_CHOWN CAP_MKNOD"],
    ["RestrictNamespaces", true],
    ["MemoryDenyWriteExecute", true],
    ["SystemCallFilter", "@system-service"],
    ["SystemCallFilter", "~@resources @mount @swap @reboot @raw-io @module @obsolete @debug @cpu-emulation @clock"],
    ["RestrictAddressFamilies", "AF_UNIX AF_NETLINK"],
    ["DevicePolicy", "closed"],
    ["DeviceAllow", "/dev/net/tun rw"],
    ["DeviceAllow", "char-macvtap rwm"],
    // the tap devices belong to the hypervisor user
    ["Environment", `MICROVM_USER=${HYPERVISOR_USER}`],
  ];
}

/** The virtiofsd unit (`microvm-virtiofsd@`), writing `vmDirWord` (its sockets). */
export function virtiofsdSandbox(vmDirWord: string): UnitEntry[] {
  return [
    ...COMMON,
    ["ReadWritePaths", vmDirWord],
    // the sockets are group kvm (virtiofsd --socket-group), so the hypervisor connects
    ["UMask", "0007"],
    [
      "CapabilityBoundingSet",
      "CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_SETGID CAP_SETUID CAP_SETFCAP CAP_SETPCAP CAP_MKNOD CAP_SYS_ADMIN CAP_SYS_CHROOT",
    ],
    // virtiofsd's own sandbox: mount, pid and network namespaces, pivot_root into the share
    ["RestrictNamespaces", "mnt pid net"],
    ["MemoryDenyWriteExecute", true],
    ["SystemCallFilter", "@system-service @mount @privileged seccomp"],
    ["SystemCallFilter", "~@swap @reboot @raw-io @module @obsolete @debug @cpu-emulation @clock"],
    ["RestrictAddressFamilies", "AF_UNIX"],
    ["PrivateNetwork", true],
    ["IPAddressDeny", "any"],
    ["DevicePolicy", "closed"],
  ];
}

/** An install unit (`install-microvm-<name>`), writing the state folder `stateDir`. */
export function installSandbox(stateDir: string): UnitEntry[] {
  return [
    ...COMMON,
    readWritePaths(stateDir),
    ["UMask", "0022"],
    ["CapabilityBoundingSet", ""],
    ["RestrictNamespaces", true],
    ["MemoryDenyWriteExecute", true],
    ["SystemCallFilter", "@system-service"],
    ["SystemCallFilter", "~@privileged @resources"],
    ["RestrictAddressFamilies", "AF_UNIX"],
    ["PrivateNetwork", true],
    ["IPAddressDeny", "any"],
    ["PrivateDevices", true],
    ["PrivateUsers", true],
  ];
}

const HOMES = ["/home", "/root", "/run/user"];
const TEMPS = ["/tmp", "/var/tmp"];

function under(path: string, folders: readonly string[]): boolean {
  return folders.some((f) => path === f || path.startsWith(`${f}/`));
}

/**
 * The drop-in a VM's `microvm@` and `microvm-virtiofsd@` get for paths outside its
 * folder: `writable` ones (volume folders, writable shares) and `readable` ones
 * (read-only shares and volumes), or undefined when there are none that need one.
 */
export function pathsDropIn(writable: readonly string[], readable: readonly string[]): UnitEntry[] | undefined {
  const all = [...writable, ...readable];
  const entries: UnitEntry[] = [];
  if (writable.length > 0)
    entries.push(["ReadWritePaths", [...new Set(writable)].map((p) => pathWord(p, true)).join(" ")]);
  if (all.some((p) => under(p, HOMES))) entries.push(["ProtectHome", false]);
  if (all.some((p) => under(p, TEMPS))) entries.push(["PrivateTmp", false]);
  return entries.length > 0 ? entries : undefined;
}
