/**
 * The host's systemd units, as microvm.nix's host module declares them, rendered as a
 * pure function of a {@link HostUnitsSpec}: `install-microvm-<name>.service` (links
 * the VM's `current` runner, atomically), the templates `microvm@.service`,
 * `microvm-tap-interfaces@.service`, `microvm-virtiofsd@.service`, a drop-in per VM
 * carrying its restart policy (and, for paths outside its folder, one opening them in
 * the sandbox), and `microvms.target` wanting every autostart VM. Every service is
 * sandboxed (see `unit-sandbox.ts`); the hypervisors run as the user `microvm`. Every
 * value is validated, then escaped for systemd (see the os layer's `systemd-syntax.ts`).
 */
import { execLine, raw, type RawPart, renderUnit, unitValue, validateAbsolutePath } from "../../os/index.js";
import { hypervisorSandbox, installSandbox, pathsDropIn, tapSandbox, virtiofsdSandbox } from "./unit-sandbox.js";

/** One VM of the host, as the units see it. */
export interface HostUnitsVm {
  readonly name: string;
  /** The runner's store path (holds bin/microvm-run). */
  readonly runner: string;
  readonly autostart: boolean;
  readonly restartIfChanged: boolean;
  /** Absolute paths outside the VM's folder its hypervisor or virtiofsd writes (volume folders, writable shares). */
  readonly writablePaths?: readonly string[];
  /** Absolute paths outside the VM's folder they only read (read-only shares and volumes). */
  readonly readablePaths?: readonly string[];
}

/** Everything the host's units depend on. */
export interface HostUnitsSpec {
  /** `microvm.stateDir`: one folder per VM holding `current`, `booted`, volumes, sockets. */
  readonly stateDir: string;
  /** `microvm.host.startupTimeout`, in seconds. */
  readonly startupTimeout: number;
  /**
   * `microvm.host.useNotifySockets`: `microvm@` is a `Type=notify` unit, active once the
   * runner's `microvm-notify` relays the guest's boot report (see `runners/notify.ts`).
   */
  readonly useNotifySockets?: boolean;
  readonly vms: readonly HostUnitsVm[];
}

/** Unit files by path relative to the `etc/systemd/system` folder. */
export type UnitFiles = Readonly<Record<string, string>>;

const VM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Throws a clear error unless `name` can name a VM (a folder, a unit instance, a process). */
export function validateVmName(name: string): void {
  if (!VM_NAME.test(name) || name.includes("..")) {
    throw new Error(
      `invalid microVM name ${JSON.stringify(name)}: use 1 to 64 letters, digits, "-", "_" and ".", starting with a letter or digit (no "..")`,
    );
  }
}

/** Throws an error naming the first malformed value of `spec`. */
export function validateHostUnitsSpec(spec: HostUnitsSpec): void {
  validateAbsolutePath(spec.stateDir, "microvm.stateDir");
  unitValue(spec.stateDir, "microvm.stateDir");
  if (!Number.isInteger(spec.startupTimeout) || spec.startupTimeout <= 0) {
    throw new Error(`microvm.host.startupTimeout must be a positive number of seconds, not ${spec.startupTimeout}`);
  }
  const seen = new Set<string>();
  for (const vm of spec.vms) {
    validateVmName(vm.name);
    if (seen.has(vm.name)) throw new Error(`the microVM ${vm.name} is declared twice`);
    seen.add(vm.name);
    validateAbsolutePath(vm.runner, `microvm.vms.${vm.name} runner`);
    for (const path of [...(vm.writablePaths ?? []), ...(vm.readablePaths ?? [])]) {
      validateAbsolutePath(path, `a path of the microVM ${vm.name}`);
      unitValue(path, `a path of the microVM ${vm.name}`);
    }
  }
}

/** The state folder without its trailing slash ("" for "/"), before `/<name>`. */
function base(stateDir: string): string {
  return stateDir === "/" ? "" : stateDir;
}

/** The state folder of a VM. */
function vmDir(stateDir: string, name: string): string {
  return `${base(stateDir)}/${name}`;
}

/** A path under the instance's state folder, for templates: the folder escaped, `%i` raw. */
function instancePath(stateDir: string, rest: string): readonly (string | RawPart)[] {
  return [base(stateDir), raw(`/%i/${rest}`)];
}

/** The same as a verbatim value (WorkingDirectory=, ConditionPathExists=). */
function instanceValue(stateDir: string, rest: string): string {
  return `${unitValue(base(stateDir), "microvm.stateDir")}/%i${rest === "" ? "" : `/${rest}`}`;
}

/** The instance's folder as one quoted word of a path list (ReadWritePaths=). */
function instanceWord(stateDir: string): string {
  return `"${instanceValue(stateDir, "").replace(/"/g, '\\"')}"`;
}

function installUnit(spec: HostUnitsSpec, vm: HostUnitsVm): string {
  const dir = vmDir(spec.stateDir, vm.name);
  const n = vm.name;
  return renderUnit([
    [
      "Unit",
      [
        ["Description", `Install MicroVM '${n}'`],
        ["Before", `microvm@${n}.service microvm-tap-interfaces@${n}.service microvm-virtiofsd@${n}.service`],
        ["PartOf", `microvm@${n}.service`],
      ],
    ],
    [
      "Service",
      [
        ["Type", "oneshot"],
        ["RemainAfterExit", true],
        ["SyslogIdentifier", `install-microvm-${n}`],
        ["ExecStart", execLine(["/bin/mkdir", "-p", dir])],
        // symlink to a temporary name, then rename over `current`: never missing
        ["ExecStart", execLine(["/bin/ln", "-sfnT", vm.runner, `${dir}/current.tmp`])],
        ["ExecStart", execLine(["/bin/mv", "-Tf", `${dir}/current.tmp`, `${dir}/current`])],
        ...installSandbox(spec.stateDir),
      ],
    ],
    ["Install", [["WantedBy", "microvms.target"]]],
  ]);
}

/**
 * Waits (as `ExecStartPost`, so the unit is active only once the guest has booted) for
 * the guest's report in the runner's readiness file (qemu runners name it in
 * `share/microvm/ready-file`): `READY`, or `FAILED: why`; gives up when the hypervisor
 * exits first. Runners without a readiness port count as started at once.
 */
export const WAIT_READY_SCRIPT =
  "f=$(cat booted/share/microvm/ready-file 2>/dev/null) || exit 0; " +
  "while :; do " +
  'if [ -f "$f" ]; then ' +
  'if grep -q "^READY" "$f"; then exit 0; fi; ' +
  'if grep -q "^FAILED" "$f"; then echo "the guest failed to boot: $(grep -m 1 "^FAILED" "$f")" >&2; exit 1; fi; ' +
  "fi; " +
  'kill -0 "$MAINPID" 2>/dev/null || { echo "the hypervisor exited before the guest reported its boot" >&2; exit 1; }; ' +
  "sleep 0.2; " +
  "done";

/**
 * `ExecStartPre`: `booted` names the runner now starting, and the boot report of the
 * previous run goes (else the wait after the start could read its READY while the new
 * runner has not yet started its hypervisor).
 */
const BOOTED_SCRIPT =
  'ln -sfnT "$(readlink current)" booted.tmp && mv -Tf booted.tmp booted && ' +
  '{ f=$(cat booted/share/microvm/ready-file 2>/dev/null) || exit 0; rm -f -- "$f"; }';

/** Stops the guest with its booted runner's microvm-shutdown, when it has one (a guest that powered off already is no error). */
const STOP_SCRIPT = "[ -x booted/bin/microvm-shutdown ] || exit 0; exec booted/bin/microvm-shutdown";

function microvmTemplate(spec: HostUnitsSpec): string {
  return renderUnit([
    [
      "Unit",
      [
        ["Description", "MicroVM '%i'"],
        ["After", "network.target microvm-tap-interfaces@%i.service microvm-virtiofsd@%i.service"],
        ["Requires", "microvm-tap-interfaces@%i.service microvm-virtiofsd@%i.service"],
        ["ConditionPathExists", instanceValue(spec.stateDir, "current/bin/microvm-run")],
        // a guest that keeps failing is retried every RestartSec without ever being locked out;
        // starting it by hand or by a switch always works
        ["StartLimitIntervalSec", 0],
        ["X-RestartIfChanged", false],
      ],
    ],
    [
      "Service",
      [
        // `exec`, not `simple`: the wait for the guest's report (ExecStartPost) starts once the
        // runner runs as the hypervisor user; before that, the process systemd is setting up
        // is root's, and the wait, as that user, cannot signal it (it took it for exited)
        ["Type", spec.useNotifySockets === true ? "notify" : "exec"],
        // the runner's microvm-notify (a child of the hypervisor's process) sends READY=1
        ...(spec.useNotifySockets === true ? [["NotifyAccess", "all"] as const] : []),
        ["WorkingDirectory", instanceValue(spec.stateDir, "")],
        // `booted` names the runner now running (ExecStop uses it even after `current` moved on)
        ["ExecStartPre", execLine(["/bin/sh", "-c", BOOTED_SCRIPT])],
        ["ExecStart", execLine([instancePath(spec.stateDir, "current/bin/microvm-run")])],
        // a notify unit is active once the guest reported; a simple one waits for the report here
        ...(spec.useNotifySockets === true
          ? []
          : [["ExecStartPost", execLine(["/bin/sh", "-c", WAIT_READY_SCRIPT])] as const]),
        ["ExecStop", execLine(["/bin/sh", "-c", STOP_SCRIPT])],
        ["ExecStopPost", execLine(["/bin/rm", "-f", "booted"])],
        ["TimeoutSec", spec.startupTimeout],
        // a guest that powers off by itself (exit status 0) stays off; a failed one is restarted
        ["Restart", "on-failure"],
        ["RestartSec", "5s"],
        ["SyslogIdentifier", "microvm@%i"],
        ["LimitNOFILE", 1048576],
        ["LimitMEMLOCK", "infinity"],
        ...hypervisorSandbox(instanceWord(spec.stateDir), spec.useNotifySockets === true),
      ],
    ],
  ]);
}

/** Brings the taps up and records which runner did (`tap-booted`): `booted` is gone by the time the taps stop. */
/** Gives /dev/net/tun the mode Debian's udev gives it (0666), where nothing did. */
const TUN_MODE_SCRIPT = '[ "$(stat -c %a /dev/net/tun)" = 666 ] || chmod 0666 /dev/net/tun';
const TAP_UP_SCRIPT =
  'ln -sfnT "$(readlink current)" tap-booted.tmp && mv -Tf tap-booted.tmp tap-booted && exec tap-booted/bin/tap-up';
const TAP_DOWN_SCRIPT = "if [ -x tap-booted/bin/tap-down ]; then tap-booted/bin/tap-down; fi; rm -f tap-booted";

function tapUnit(spec: HostUnitsSpec): string {
  return renderUnit([
    [
      "Unit",
      [
        ["Description", "Set up the TAP interfaces of MicroVM '%i'"],
        ["Before", "microvm@%i.service"],
        ["PartOf", "microvm@%i.service"],
        // tap-up exists for tap and macvtap interfaces alike
        ["ConditionPathExists", instanceValue(spec.stateDir, "current/bin/tap-up")],
        ["X-RestartIfChanged", false],
      ],
    ],
    [
      "Service",
      [
        ["Type", "oneshot"],
        ["RemainAfterExit", true],
        ["WorkingDirectory", instanceValue(spec.stateDir, "")],
        ["SyslogIdentifier", "microvm-tap-interfaces@%i"],
        // the hypervisor user opens its taps through /dev/net/tun: mode 0666, as Debian's udev
        // rules make it where udev runs (a user attaches only to taps it owns; making one needs CAP_NET_ADMIN)
        ["ExecStartPre", execLine(["/bin/sh", "-c", TUN_MODE_SCRIPT])],
        ["ExecStart", execLine(["/bin/sh", "-c", TAP_UP_SCRIPT])],
        ["ExecStop", execLine(["/bin/sh", "-c", TAP_DOWN_SCRIPT])],
        ...tapSandbox(instanceWord(spec.stateDir)),
      ],
    ],
  ]);
}

/**
 * Waits until every virtiofsd socket of the runner exists and, when the runner names a
 * socket group the host has, belongs to it (virtiofsd binds the socket first and hands it
 * to the group after: a hypervisor connecting in between is refused), or fails when
 * virtiofsd-run exits first.
 */
export const WAIT_VIRTIOFSD_SCRIPT =
  "for f in current/share/microvm/virtiofs/*/socket; do " +
  '[ -f "$f" ] || continue; ' +
  's=$(cat "$f"); ' +
  'g=$(cat "${f%/socket}/group" 2>/dev/null || true); ' +
  '{ [ -n "$g" ] && getent group "$g" >/dev/null; } || g=; ' +
  'until [ -S "$s" ] && { [ -z "$g" ] || [ "$(stat -c %G "$s")" = "$g" ]; }; do ' +
  'kill -0 "$MAINPID" 2>/dev/null || { echo "virtiofsd exited before it made $s" >&2; exit 1; }; ' +
  "sleep 0.1; " +
  "done; " +
  "done";

function virtiofsdUnit(spec: HostUnitsSpec): string {
  return renderUnit([
    [
      "Unit",
      [
        ["Description", "VirtioFS daemons for MicroVM '%i'"],
        ["Before", "microvm@%i.service"],
        ["After", "local-fs.target"],
        ["PartOf", "microvm@%i.service"],
        ["ConditionPathExists", instanceValue(spec.stateDir, "current/bin/virtiofsd-run")],
      ],
    ],
    [
      "Service",
      [
        // started once its sockets exist (ExecStartPost), with or without useNotifySockets:
        // virtiofsd itself never reports readiness to systemd
        ["Type", "simple"],
        ["WorkingDirectory", instanceValue(spec.stateDir, "")],
        ["ExecStart", execLine([instancePath(spec.stateDir, "current/bin/virtiofsd-run")])],
        // microvm@ starts once the sockets exist (it is ordered after this unit)
        ["ExecStartPost", execLine(["/bin/sh", "-c", WAIT_VIRTIOFSD_SCRIPT])],
        ["TimeoutStartSec", spec.startupTimeout],
        ["LimitNOFILE", 1048576],
        // no Restart=: a virtiofsd that fails to start fails the VM's start (Requires=) once,
        // named by switch, instead of retrying in a loop; one that dies under a running
        // guest cannot be reconnected, and restarting microvm@ restarts it (PartOf=)
        ["SyslogIdentifier", "microvm-virtiofsd@%i"],
        ...virtiofsdSandbox(instanceWord(spec.stateDir)),
      ],
    ],
  ]);
}

/** A VM's drop-in for `microvm@<name>`: restart it when its runner changes, or not. */
function restartDropIn(vm: HostUnitsVm): string {
  return renderUnit([
    [
      "Unit",
      [
        ["X-RestartIfChanged", vm.restartIfChanged],
        ["X-Restart-Triggers", unitValue(vm.runner, `the runner of ${vm.name}`)],
      ],
    ],
  ]);
}

function target(spec: HostUnitsSpec): string {
  const wants = spec.vms.filter((vm) => vm.autostart).map((vm) => `microvm@${vm.name}.service`);
  const installs = spec.vms.map((vm) => `install-microvm-${vm.name}.service`);
  return renderUnit([
    [
      "Unit",
      [
        ["Description", "MicroVMs"],
        ...(installs.length > 0 ? [["Wants", installs.join(" ")] as const] : []),
        ...(wants.length > 0 ? [["Wants", wants.join(" ")] as const] : []),
      ],
    ],
    ["Install", [["WantedBy", "multi-user.target"]]],
  ]);
}

/**
 * The unit files of a host, by path under `etc/systemd/system` (VMs in name order).
 *
 * @example
 * renderHostUnits({ stateDir: "/var/lib/microvms", startupTimeout: 150,
 *   vms: [{ name: "guest", runner: "/store/…-microvm-guest", autostart: true, restartIfChanged: false }] })
 */
export function renderHostUnits(spec: HostUnitsSpec): UnitFiles {
  validateHostUnitsSpec(spec);
  const vms = [...spec.vms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sorted = { ...spec, vms };
  const files: Record<string, string> = {
    "microvm@.service": microvmTemplate(sorted),
    "microvm-tap-interfaces@.service": tapUnit(sorted),
    "microvm-virtiofsd@.service": virtiofsdUnit(sorted),
    "microvms.target": target(sorted),
  };
  for (const vm of vms) {
    files[`install-microvm-${vm.name}.service`] = installUnit(sorted, vm);
    files[`microvm@${vm.name}.service.d/restart.conf`] = restartDropIn(vm);
    const paths = pathsDropIn(vm.writablePaths ?? [], vm.readablePaths ?? []);
    if (paths !== undefined) {
      const dropIn = renderUnit([["Service", paths]]);
      files[`microvm@${vm.name}.service.d/sandbox.conf`] = dropIn;
      files[`microvm-virtiofsd@${vm.name}.service.d/sandbox.conf`] = dropIn;
    }
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
