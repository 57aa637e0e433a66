/**
 * The microVM sections of the activation program: they bring the running guests in
 * line with the host output.
 * - `microvm-removed` (before the units change): a VM an earlier activation managed
 *   that is no longer declared is stopped (`systemctl stop microvm@<name>`); once it is
 *   certainly not running (its unit inactive, no live hypervisor behind `microvm.pid`)
 *   its `current`, `booted` and `tap-booted` links and the runtime files its runner made
 *   are removed; its folder goes only when it is then empty and tsden created it.
 *   Volume images and every other file stay.
 * - `microvm` (after the units): for each declared VM, creates its folder (noted as
 *   created by tsden) and its share source folders, switches `current` to the runner,
 *   then starts the autostart VMs that are not running and restarts the running ones
 *   whose booted runner differs when `restartIfChanged` (one `systemctl restart` for
 *   all: they start in parallel, each waiting for its guest's boot report up to
 *   `startupTimeout`). A VM whose start did not succeed is named with the last lines of
 *   its journal, and the program exits 1 (one that booted and then powered off by
 *   design counts as started).
 * The hypervisors run as the user `microvm`, group `kvm` (the units' User=/Group=):
 * the `microvm` section makes them when missing (system ids, chosen once; never
 * renumbered or deleted) and hands each VM's folder to them once: the folder stays
 * root's, group `kvm`, mode 1775 (the hypervisors make their files there, and cannot
 * replace the links `current` and `tap-booted` through which root's units run the
 * runner's programs); when tsden made the folder (only root wrote there before), what
 * is at its top and each file and folder on the paths of its volume images and
 * relative share folders become `microvm:kvm`, never following a link. Share folders
 * it makes are `microvm:kvm` 0775. It never changes an owner inside a folder after the
 * hand-over.
 * Checks first: a VM folder that is a dangling symlink, or `current`/`booted` that
 * exist and are not symlinks, or a folder tsden did not make that is not yet root's,
 * group `kvm`, mode 1775, stop the activation before anything changed. A VM folder that is a
 * symlink to a folder is used as it is (never replaced or removed).
 */
import { shellQuote } from "../../os/index.js";
import { HYPERVISOR_GROUP, HYPERVISOR_USER } from "../../microvm/index.js";
import type { ActivationSection } from "./sections.js";

/** One declared VM, as the activation needs it. */
export interface ActivationVm {
  readonly name: string;
  /** The runner's store path. */
  readonly runner: string;
  readonly autostart: boolean;
  readonly restartIfChanged: boolean;
  /** Share source folders to create when missing (relative ones are relative to the VM's folder). */
  readonly shareSources: readonly string[];
  /** Volume images relative to the VM's folder, handed to the hypervisor user with a folder tsden made. */
  readonly volumeImages?: readonly string[];
}

/** What the microVM sections are made from. */
export interface MicrovmActivationSpec {
  readonly stateDir: string;
  readonly vms: readonly ActivationVm[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function validate(spec: MicrovmActivationSpec): void {
  if (!spec.stateDir.startsWith("/") || /[\0-\x1f]/.test(spec.stateDir))
    throw new Error(`microvm.stateDir must be an absolute path, not ${JSON.stringify(spec.stateDir)}`);
  for (const vm of spec.vms) {
    if (!NAME.test(vm.name) || vm.name.includes(".."))
      throw new Error(`invalid microVM name ${JSON.stringify(vm.name)}`);
    if (!vm.runner.startsWith("/") || /[\s\0]/.test(vm.runner))
      throw new Error(
        `the runner of ${vm.name} must be an absolute path without white space, not ${JSON.stringify(vm.runner)}`,
      );
    for (const source of vm.shareSources) {
      if (source === "" || /[\0\n]/.test(source))
        throw new Error(`a share source of ${vm.name} is empty or holds a newline: ${JSON.stringify(source)}`);
    }
    for (const image of vm.volumeImages ?? []) {
      if (image === "" || image.startsWith("/") || image.split("/").includes("..") || /[\0\n]/.test(image))
        throw new Error(`a volume image of ${vm.name} is not a clean relative path: ${JSON.stringify(image)}`);
    }
  }
}

/** The paths inside a VM's folder handed over with it: its volume images and relative share folders. */
function handedOver(vm: ActivationVm): string[] {
  const shares = vm.shareSources.filter((s) => !s.startsWith("/") && !s.split("/").includes(".."));
  return [...(vm.volumeImages ?? []), ...shares];
}

/** Shell functions both sections use, and the declared VMs as data. */
function helpers(spec: MicrovmActivationSpec): string {
  const base = spec.stateDir === "/" ? "" : spec.stateDir.replace(/\/+$/, "");
  const cases = spec.vms.map(
    (vm) =>
      `    ${shellQuote(vm.name)}) runner=${shellQuote(vm.runner)}; autostart=${vm.autostart ? 1 : 0}; restart=${vm.restartIfChanged ? 1 : 0}; shares=${shellQuote(vm.shareSources.join("\n"))}; inside=${shellQuote(handedOver(vm).join("\n"))} ;;`,
  );
  return `vm_base=${shellQuote(base)}
vm_declared=${shellQuote(spec.vms.map((vm) => vm.name).join(" "))}
vm_info() {
  case "$1" in
${cases.join("\n")}
    *) return 1 ;;
  esac
}
# whether the hypervisor of the VM in folder $1 named $2 still runs (outside systemd too)
vm_process_alive() {
  pid=
  if [ -f "$1/microvm.pid" ]; then read -r pid < "$1/microvm.pid" || pid=; fi
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(tr '\\0' '\\n' < "/proc/$pid/cmdline" 2>/dev/null | head -n 1)" = "microvm@$2" ]
}
vm_unit_running() {
  case "$(systemctl is-active "microvm@$1.service" 2>/dev/null || true)" in active|activating|deactivating|reloading) return 0 ;; *) return 1 ;; esac
}
vm_check_dir() {
  d="$vm_base/$1"
  if [ -L "$d" ] && [ ! -d "$d" ]; then problem "$d is a symlink to $(readlink "$d"), which is not a folder: create its target or remove the link"; return 0; fi
  if { [ -e "$d" ] || [ -L "$d" ]; } && [ ! -d "$d" ]; then problem "$d exists and is not a folder: move it away"; return 0; fi
  for l in current booted; do
    if [ -e "$d/$l" ] && [ ! -L "$d/$l" ]; then problem "$d/$l exists and is not a symlink: move it away so tsden can manage it"; fi
  done
}
vm_user=${HYPERVISOR_USER}
vm_group=${HYPERVISOR_GROUP}
# whether the folder $1 (of VM $2) may be handed over: tsden made it, or it has the shape already
vm_may_hand_over() {
  listed "$2" "$state/microvm-handed" || listed "$2" "$state/microvm-dirs" || [ "$(stat -L -c '%U:%G %a' "$1" 2>/dev/null)" = "root:$vm_group 1775" ]
}
# hands the folder $1 to the hypervisors: it stays root's, group $vm_group, writable by the
# group and sticky (1775), so they make their files there but cannot replace root's links
# (current, tap-booted) that root's units run programs through. When tsden made it ($3 = 1:
# only root wrote there before), what is at its top (but those links) and each file and
# folder on the paths (relative to it, one a line) in $2 become the hypervisor user's;
# never following a link, never descending into what it finds.
vm_hand_over() {
  run chown "root:$vm_group" "$1"
  run chmod 1775 "$1"
  [ "$3" = 1 ] || return 0
  for p in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    { [ -e "$p" ] || [ -L "$p" ]; } || continue
    case "\${p##*/}" in current|tap-booted|*.tsden-tmp) continue ;; esac
    run chown -h "$vm_user:$vm_group" "$p"
  done
  old_ifs=$IFS; IFS='
'
  for rel in $2; do
    p=$1; rest=$rel
    while [ -n "$rest" ]; do
      case "$rest" in */*) part=\${rest%%/*}; rest=\${rest#*/} ;; *) part=$rest; rest= ;; esac
      [ -n "$part" ] && [ "$part" != . ] || continue
      p="$p/$part"
      if [ -L "$p" ] || { [ ! -f "$p" ] && [ ! -d "$p" ]; }; then break; fi
      run chown -h "$vm_user:$vm_group" "$p"
    done
  done
  IFS=$old_ifs
}
vm_removed=
if [ -f "$state/microvms" ]; then
  for name in $(cat "$state/microvms"); do
    case " $vm_declared " in *" $name "*) ;; *) vm_removed="$vm_removed $name" ;; esac
  done
fi
`;
}

/** The checks and the stop of VMs no longer declared. */
export function microvmRemovedSection(spec: MicrovmActivationSpec): ActivationSection {
  validate(spec);
  return {
    name: "microvm-removed",
    check: `${helpers(spec)}for name in $vm_declared; do
  vm_info "$name"
  vm_check_dir "$name"
  if [ -d "$vm_base/$name" ] && ! vm_may_hand_over "$vm_base/$name" "$name"; then
    problem "$vm_base/$name was not made by tsden: give it to the hypervisors yourself (chown root:$vm_group it, chmod 1775 it, and chown $vm_user:$vm_group the volumes in it; tsden never takes over a folder it did not make)"
  fi
  [ -x "$runner/bin/microvm-run" ] || problem "the runner of microVM $name is missing: $runner/bin/microvm-run (copy the host output's closure to this machine)"
done
for name in $vm_removed; do vm_check_dir "$name"; done`,
    activate: `for name in $vm_removed; do
  d="$vm_base/$name"
  if vm_unit_running "$name"; then
    say "microvm $name: stop (no longer declared)"
    run systemctl stop "microvm@$name.service" || true
  fi
  if [ "$dry" = 1 ]; then say "microvm $name: remove its units and links, keep its files"; continue; fi
  if vm_unit_running "$name" || vm_process_alive "$d" "$name"; then
    failed "microvm $name: still running after the stop; its links and folder are kept (stop it, then switch again)"
    continue
  fi
  systemctl stop "install-microvm-$name.service" "microvm-tap-interfaces@$name.service" "microvm-virtiofsd@$name.service" 2>/dev/null || true
  systemctl reset-failed "microvm@$name.service" 2>/dev/null || true
  kept=
  if [ -d "$d" ]; then
    rm -f "$d/current" "$d/booted" "$d/tap-booted" "$d/microvm.pid" "$d/microvm-ready" "$d/microvm-control.in" "$d/microvm-control.out"
    kept=$(ls -A "$d" | tr '\\n' ' ')
    if [ -z "$kept" ] && [ ! -L "$d" ] && listed "$name" "$state/microvm-dirs"; then rmdir "$d" 2>/dev/null || true; fi
  fi
  for list in microvm-dirs microvm-handed; do
    if [ -f "$state/$list" ]; then grep -vxF -- "$name" "$state/$list" | write_file "$state/$list" || true; fi
  done
  grep -vxF -- "$name" "$state/microvms" | write_file "$state/microvms" || true
  if [ -n "$kept" ]; then say "microvm $name: removed (kept in $d: $kept)"; else say "microvm $name: removed"; fi
done`,
  };
}

/** Links, starts and restarts of the declared VMs. */
export function microvmSection(spec: MicrovmActivationSpec): ActivationSection {
  validate(spec);
  return {
    name: "microvm",
    activate: `if [ "$dry" = 0 ] && [ -n "$vm_declared" ]; then
  { cat "$state/microvms" 2>/dev/null || true; printf '%s\\n' $vm_declared; } | sed '/^$/d' | sort -u | write_file "$state/microvms"
fi
# the hypervisors run as $vm_user:$vm_group (made once, never renumbered or deleted)
if [ -n "$vm_declared" ]; then
  if ! getent group "$vm_group" >/dev/null; then say "group $vm_group: created (the hypervisors' group)"; run groupadd -r "$vm_group"; fi
  if ! getent passwd "$vm_user" >/dev/null; then
    say "user $vm_user: created (the hypervisors run as it)"
    run useradd -r -g "$vm_group" -d /nonexistent -M -s /usr/sbin/nologin -c "tsden microVM hypervisors" "$vm_user"
  fi
fi
vm_start=
for name in $vm_declared; do
  vm_info "$name"
  d="$vm_base/$name"
  if [ ! -e "$d" ] && [ ! -L "$d" ]; then
    if [ "$dry" = 0 ] && ! listed "$name" "$state/microvm-dirs"; then printf '%s\\n' "$name" >> "$state/microvm-dirs"; fi
    run mkdir -p "$d"
  fi
  if ! listed "$name" "$state/microvm-handed"; then
    made=0; if listed "$name" "$state/microvm-dirs"; then made=1; fi
    say "microvm $name: $d handed to the hypervisors (root:$vm_group 1775; what is in it: $vm_user)"
    vm_hand_over "$d" "$inside" "$made"
    if [ "$dry" = 0 ]; then printf '%s\\n' "$name" >> "$state/microvm-handed"; fi
  fi
  if [ -n "$shares" ]; then
    old_ifs=$IFS; IFS='
'
    for src in $shares; do
      case "$src" in /*) ;; *) src="$d/$src" ;; esac
      if [ ! -e "$src" ]; then say "microvm $name: create share folder $src"; run install -d -o "$vm_user" -g "$vm_group" -m 0775 "$src"; fi
    done
    IFS=$old_ifs
  fi
  cur=$(readlink "$d/current" 2>/dev/null || true)
  if [ "$cur" != "$runner" ]; then run atomic_link "$runner" "$d/current"; fi
  booted=$(readlink "$d/booted" 2>/dev/null || true)
  if vm_unit_running "$name"; then
    if [ "$booted" = "$runner" ]; then say "microvm $name: running, unchanged"
    elif [ "$restart" = 1 ]; then say "microvm $name: restart (new runner $runner)"; vm_start="$vm_start $name"
    else say "microvm $name: runs $booted; not restarted on the new runner (restartIfChanged is off)"; fi
  elif [ "$autostart" = 1 ]; then say "microvm $name: start"; vm_start="$vm_start $name"
  elif [ "$cur" != "$runner" ]; then say "microvm $name: installed (autostart is off: not started)"
  else say "microvm $name: stopped, unchanged (autostart is off)"; fi
done
if [ "$dry" = 0 ] && [ -n "$vm_start" ]; then
  units=
  for name in $vm_start; do units="$units microvm@$name.service"; done
  systemctl reset-failed $units 2>/dev/null || true
  # when each hypervisor last started: a start that failed in a unit it needs leaves it as it was
  vm_started_before=
  for name in $vm_start; do
    vm_started_before="$vm_started_before$name $(systemctl show -p ExecMainStartTimestampMonotonic --value "microvm@$name.service" 2>/dev/null || true)
"
  done
  systemctl restart $units || true
  # systemctl can return before the starts it asked for have finished (on a busy host
  # its wait for them may give up): wait while a unit is still starting or stopping
  # (systemd ends a start at its TimeoutSec, startupTimeout); one that failed and waits
  # to be restarted is done
  vm_settle() {
    n=0
    while [ "$n" -lt 3600 ]; do
      case "$(systemctl show -p ActiveState -p SubState --value "microvm@$1.service" 2>/dev/null | tr '\n' ' ')" in
        *auto-restart*) break ;;
        activating*|deactivating*|reloading*) ;;
        *) break ;;
      esac
      sleep 1; n=$((n + 1))
    done
  }
  for name in $vm_start; do vm_settle "$name"; done
  for name in $vm_start; do
    # a guest that powers off by design may be gone already (its start still succeeded),
    # or be powering off now, while the others were waited for: wait for its end first
    # (one that powers off just as it became active is read once its stop has ended)
    for _ in 1 2 3; do
      vm_settle "$name"
      st=$(systemctl is-active "microvm@$name.service" 2>/dev/null || true)
      case "$st" in activating|deactivating|reloading) ;; *) break ;; esac
    done
    res=$(systemctl show -p Result --value "microvm@$name.service" 2>/dev/null || true)
    was=$(printf '%s' "$vm_started_before" | awk -v n="$name" '$1 == n { print $2 }')
    now=$(systemctl show -p ExecMainStartTimestampMonotonic --value "microvm@$name.service" 2>/dev/null || true)
    if [ "$now" = "$was" ] || [ "$now" = 0 ]; then
      failed "microvm $name: did not start: a unit it needs failed; their last journal lines:"
      journalctl --sync 2>/dev/null || true # what the units wrote before now, stored
      journalctl -q --no-pager -o cat -n 20 -u "microvm-tap-interfaces@$name.service" -u "microvm-virtiofsd@$name.service" -u "microvm@$name.service" >&2 || true
    elif [ "$res" = success ] && [ "$st" = active ]; then say "microvm $name: ready"
    elif [ "$res" = success ] && [ "$st" = inactive ]; then say "microvm $name: ready, then powered off by itself"
    else
      failed "microvm $name: did not become ready (unit $(systemctl is-active "microvm@$name.service" 2>/dev/null || true)); its last journal lines:"
      journalctl --sync 2>/dev/null || true
      journalctl -q --no-pager -o cat -n 20 -u "microvm@$name.service" >&2 || true
    fi
  done
fi`,
  };
}
