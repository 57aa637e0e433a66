/**
 * The `host-os` section of the activation program: applies the host's own configuration
 * (see `host-os.ts`) to the live host, changing or removing only what tsden installed.
 * - Checks: a declared file that exists, was not installed by tsden and differs stops
 *   the activation (except the few files a setting takes over, e.g. /etc/localtime,
 *   whose original is kept in `<state>/host-backup/` and put back when the setting
 *   goes); so does a declared file whose path is a mount point (a binding from outside,
 *   as systemd-nspawn makes for /etc/localtime, cannot be replaced by a rename), and a
 *   declared uid or gid that differs from an existing account's.
 * - Services no longer declared are stopped first.
 * - Groups, then users, are made (groupadd/useradd; ids as declared, else allocated
 *   once and kept) or, when tsden made them, updated (usermod only for what differs);
 *   accounts the host had before (root, Debian's system users) are left as they are.
 *   A home is created when asked and missing; it is never moved or removed.
 * - Files and links are installed in one rename each; those an earlier activation
 *   installed and this one lacks are removed (or their original put back). The
 *   manifest (`<state>/host-files`) holds the union of old and new before anything
 *   changes, so a killed run leaves nothing untracked.
 * - When /etc/hostname changed, the running host name follows it; when a `.network`
 *   file changed, systemd-networkd restarts (after the daemon-reload that enables it);
 *   when the host opts out, it is stopped if tsden started it, else restarted.
 * - After a daemon-reload (when a unit changed), wanted services that are not running
 *   are started and running ones whose unit or scripts changed are restarted; sshd is
 *   reloaded when its configuration changed. A service that fails is named with its
 *   journal's last lines and the program exits 1.
 * - Users and groups tsden made and the configuration dropped are deleted (userdel
 *   without -r: the home stays).
 */
import { shellQuote } from "../../os/index.js";
import { HOST_ROOT, type HostOsSpec } from "./host-os.js";

/** The shape of an activation section (see `sections.ts`). */
export interface HostOsSection {
  readonly name: string;
  readonly check: string;
  readonly activate: string;
}

const q = shellQuote;

function fileLines(spec: HostOsSpec): string {
  return spec.files
    .map((f) =>
      f.kind === "file"
        ? `f ${f.replaces ? 1 : 0} ${f.mode.toString(8).padStart(4, "0")} ${f.user} ${f.group} ${f.path}`
        : `l ${f.replaces ? 1 : 0} ${f.target} - - ${f.path}`,
    )
    .join("\n");
}

const FUNCTIONS = `host_root="$out/${HOST_ROOT}"
host_files_state="$state/host-files"
host_listed() { printf '%s\\n' "$host_files" | awk -v p="$1" '$6 == p { found = 1 } END { exit !found }'; }
# whether /$path already is what the entry says (kind, replaces, mode, user, group, path or target)
host_same() {
  case "$1" in
    f) [ -f "/$6" ] && [ ! -L "/$6" ] && cmp -s "$host_root/$6" "/$6" && [ "$(stat -c %a "/$6")" = "$(printf '%o' "0$3")" ] ;;
    l) [ -L "/$6" ] && [ "$(readlink "/$6")" = "$3" ] ;;
  esac
}
host_owner() { case "$1" in +*) printf '%s' "\${1#+}" ;; *) printf '%s' "$1" ;; esac; }
`;

function userCalls(spec: HostOsSpec): string {
  const groups = spec.groups.map((g) => `host_group ${q(g.name)} ${q(g.gid === null ? "" : String(g.gid))}`);
  const users = spec.users.map((u) =>
    [
      "host_user",
      q(u.name),
      q(u.uid === null ? "" : String(u.uid)),
      u.system ? "1" : "0",
      q(u.group),
      q(u.extraGroups.join(",")),
      q(u.description),
      q(u.home),
      q(u.homeMode),
      u.createHome ? "1" : "0",
      q(u.shell),
      q(u.hashedPassword ?? ""),
    ].join(" "),
  );
  return [...groups, ...users].join("\n");
}

/** The `host-os` section for `spec`. */
export function hostOsSection(spec: HostOsSpec): HostOsSection {
  const declared = `host_files=${q(fileLines(spec))}
host_services=${q(spec.services.map((s) => `${s.name} ${s.start ? 1 : 0}`).join("\n"))}
host_users=${q(spec.users.map((u) => u.name).join("\n"))}
host_groups=${q(spec.groups.map((g) => g.name).join("\n"))}
host_networkd=${spec.networkd ? 1 : 0}
${FUNCTIONS}`;
  const idChecks = [
    ...spec.groups.filter((g) => g.gid !== null).map((g) => `host_check_id group ${q(g.name)} ${g.gid} 3`),
    ...spec.users.filter((u) => u.uid !== null).map((u) => `host_check_id passwd ${q(u.name)} ${u.uid} 3`),
  ].join("\n");
  const check = `${declared}
while read -r kind replaces a b c path; do
  [ -n "$kind" ] || continue
  if { [ -e "/$path" ] || [ -L "/$path" ]; } && [ "$replaces" = 0 ] && ! listed "$path" "$host_files_state" && ! host_same "$kind" "$replaces" "$a" "$b" "$c" "$path"; then
    problem "/$path exists and was not installed by tsden: move it away (or remove it) so tsden can manage it"
  fi
  if awk -v p="/$path" '$5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo 2>/dev/null; then
    problem "/$path is a mount point (something bound it over the host's file, e.g. systemd-nspawn's --timezone or --resolv-conf): tsden cannot replace it; unmount it, start the container with that binding off (--timezone=off, --resolv-conf=off), or drop the setting that declares it"
  fi
done <<TSDEN_HOST_FILES
$host_files
TSDEN_HOST_FILES
host_check_id() {
  have=$(getent "$1" "$2" | cut -d: -f"$4")
  if [ -n "$have" ] && [ "$have" != "$3" ]; then problem "$1 entry $2 has id $have, but the configuration says $3: tsden does not renumber an existing account"; fi
}
${idChecks}`;
  const activate = `host_changed=
# services no longer declared: stop them before their units go
if [ -f "$state/host-services" ]; then
  for svc in $(cut -d' ' -f1 "$state/host-services"); do
    if ! printf '%s\\n' "$host_services" | cut -d' ' -f1 | grep -qxF -- "$svc"; then
      if systemctl is-active --quiet "$svc.service"; then say "service $svc: stopped (no longer declared)"; run systemctl stop "$svc.service" || failed "stopping $svc.service failed"; fi
    fi
  done
fi
# groups and users
host_group() {
  if getent group "$1" >/dev/null; then return 0; fi
  say "group $1: created"
  if [ -n "$2" ]; then run groupadd -g "$2" "$1"; else run groupadd -r "$1"; fi
  if [ "$dry" = 0 ]; then printf '%s\\n' "$1" >> "$state/host-groups"; fi
}
host_user() {
  name=$1 uid=$2 system=$3 group=$4 extra=$5 desc=$6 home=$7 mode=$8 mkhome=$9; shift 9; shell=$1 hash=$2
  if ! getent passwd "$name" >/dev/null; then
    say "user $name: created"
    set -- -M -g "$group" -d "$home" -s "$shell" -c "$desc"
    if [ -n "$uid" ]; then set -- "$@" -u "$uid"; fi
    if [ "$system" = 1 ]; then set -- "$@" -r; fi
    if [ -n "$extra" ]; then set -- "$@" -G "$extra"; fi
    if [ -n "$hash" ]; then set -- "$@" -p "$hash"; fi
    run useradd "$@" "$name"
    if [ "$dry" = 0 ]; then printf '%s\\n' "$name" >> "$state/host-users"; fi
  elif listed "$name" "$state/host-users"; then
    now=$(getent passwd "$name")
    now_group=$(getent group "$(printf '%s' "$now" | cut -d: -f4)" | cut -d: -f1)
    now_extra=$(id -nG "$name" | tr ' ' '\\n' | grep -vxF -- "$now_group" | sort | paste -sd, -)
    set --
    [ "$now_group" = "$group" ] || set -- "$@" -g "$group"
    [ "$now_extra" = "$extra" ] || set -- "$@" -G "$extra"
    [ "$(printf '%s' "$now" | cut -d: -f5)" = "$desc" ] || set -- "$@" -c "$desc"
    [ "$(printf '%s' "$now" | cut -d: -f6)" = "$home" ] || set -- "$@" -d "$home"
    [ "$(printf '%s' "$now" | cut -d: -f7)" = "$shell" ] || set -- "$@" -s "$shell"
    if [ -n "$hash" ] && [ "$(getent shadow "$name" | cut -d: -f2)" != "$hash" ]; then set -- "$@" -p "$hash"; fi
    if [ "$#" -gt 0 ]; then say "user $name: updated"; run usermod "$@" "$name"; fi
  fi
  if [ "$mkhome" = 1 ] && [ ! -e "$home" ] && [ "$dry" = 0 ]; then
    say "user $name: home $home created"
    run install -d -m "$mode" -o "$name" -g "$group" "$home"
  fi
}
${userCalls(spec)}
# files: the manifest first holds old and new, then each file changes in one rename
mkdir -p "$state/host-backup" 2>/dev/null || [ "$dry" = 1 ]
if [ "$dry" = 0 ]; then
  { cat "$host_files_state" 2>/dev/null || true; printf '%s\\n' "$host_files" | awk 'NF { print $6 }'; } | sed '/^$/d' | sort -u | write_file "$host_files_state"
fi
while read -r kind replaces a b c path; do
  [ -n "$kind" ] || continue
  if host_same "$kind" "$replaces" "$a" "$b" "$c" "$path"; then
    if [ "$kind" = f ]; then run chown "$(host_owner "$b"):$(host_owner "$c")" "/$path"; fi
    continue
  fi
  if { [ -e "/$path" ] || [ -L "/$path" ]; }; then
    say "file /$path: updated"
    if [ "$replaces" = 1 ] && [ ! -e "$state/host-backup/$path" ] && [ ! -L "$state/host-backup/$path" ] && [ "$dry" = 0 ]; then
      mkdir -p "$(dirname "$state/host-backup/$path")"; cp -a "/$path" "$state/host-backup/$path"
    fi
  else
    say "file /$path: installed"
  fi
  run mkdir -p "$(dirname "/$path")"
  if [ "$kind" = f ]; then
    run cp "$host_root/$path" "/$path.tsden-tmp"
    run chmod "$a" "/$path.tsden-tmp"
    run chown "$(host_owner "$b"):$(host_owner "$c")" "/$path.tsden-tmp"
    run mv -f "/$path.tsden-tmp" "/$path"
  else
    run atomic_link "$a" "/$path"
  fi
  host_changed="$host_changed $path"
done <<TSDEN_HOST_FILES
$host_files
TSDEN_HOST_FILES
if [ -f "$host_files_state" ]; then
  for path in $(cat "$host_files_state"); do
    if host_listed "$path"; then continue; fi
    if [ -e "$state/host-backup/$path" ] || [ -L "$state/host-backup/$path" ]; then
      say "file /$path: original put back"
      run mv -f "$state/host-backup/$path" "/$path"
    elif [ -e "/$path" ] || [ -L "/$path" ]; then
      say "file /$path: removed"
      run rm -f "/$path"
      run rmdir -p "$(dirname "/$path")" 2>/dev/null || true
    fi
    host_changed="$host_changed $path"
  done
  if [ "$dry" = 0 ]; then printf '%s\\n' "$host_files" | awk 'NF { print $6 }' | sort -u | write_file "$host_files_state"; fi
fi
# the running host name follows /etc/hostname when it changed (set, or the original put back)
case " $host_changed " in *" etc/hostname "*)
  host_name=$(cat /etc/hostname 2>/dev/null || true)
  if [ -n "$host_name" ] && [ "$(cat /proc/sys/kernel/hostname)" != "$host_name" ]; then
    say "host name: $host_name"
    if [ "$dry" = 0 ] && ! { hostname "$host_name" || printf '%s' "$host_name" > /proc/sys/kernel/hostname; } 2>/dev/null; then
      failed "setting the running host name to $host_name failed (it applies at the next boot)"
    fi
  fi ;;
esac
# services: reload units, start what is wanted, restart what changed
case " $host_changed" in *" etc/systemd/system/"*) run systemctl daemon-reload ;; esac
# systemd-networkd reads changed .network files when it (re)starts (networkctl reload needs its D-Bus name);
# when the host opts out, tsden stops it if tsden started it (the addresses stay until the next boot)
case " $host_changed" in *" etc/systemd/network/"*)
  if [ "$host_networkd" = 1 ]; then
    if [ ! -f "$state/host-networkd" ] && [ "$dry" = 0 ]; then
      if systemctl is-active --quiet systemd-networkd.service; then echo host; else echo tsden; fi | write_file "$state/host-networkd"
    fi
    say "systemd-networkd: restarted"
    run systemctl restart systemd-networkd.service || failed "systemd-networkd failed to start: $(journalctl -u systemd-networkd.service -n 5 -o cat --no-pager 2>/dev/null | tr '\n' ' ')"
  elif [ "$(cat "$state/host-networkd" 2>/dev/null || true)" = tsden ]; then
    say "systemd-networkd: stopped (no longer configured)"
    run systemctl stop systemd-networkd.service systemd-networkd.socket || failed "stopping systemd-networkd failed"
    run rm -f "$state/host-networkd"
  elif systemctl is-active --quiet systemd-networkd.service; then
    say "systemd-networkd: restarted"
    run systemctl restart systemd-networkd.service || failed "systemd-networkd failed to restart"
    run rm -f "$state/host-networkd"
  fi ;;
esac
while read -r svc start; do
  [ -n "$svc" ] || continue
  changed=0
  case " $host_changed " in *" etc/systemd/system/$svc.service "*|*" etc/tsden/services/$svc/"*) changed=1 ;; esac
  if systemctl is-active --quiet "$svc.service"; then
    if [ "$changed" = 1 ]; then say "service $svc: restarted"; run systemctl restart "$svc.service" || failed "service $svc failed to restart: $(journalctl -u "$svc.service" -n 5 -o cat --no-pager 2>/dev/null | tr '\\n' ' ')"; fi
  elif [ "$start" = 1 ]; then
    say "service $svc: started"
    run systemctl start "$svc.service" || failed "service $svc failed to start: $(journalctl -u "$svc.service" -n 5 -o cat --no-pager 2>/dev/null | tr '\\n' ' ')"
  fi
done <<TSDEN_HOST_SERVICES
$host_services
TSDEN_HOST_SERVICES
if [ "$dry" = 0 ]; then printf '%s\\n' "$host_services" | sed '/^$/d' | write_file "$state/host-services"; fi
case " $host_changed" in *" etc/ssh/"*) if systemctl is-active --quiet ssh.service; then say "sshd: reloaded"; run systemctl reload-or-restart ssh.service || failed "reloading sshd failed"; fi ;; esac
# users and groups tsden made that are no longer declared (homes stay)
host_drop() {
  what=$1 db=$2 list=$3 declared=$4 delete=$5
  [ -f "$list" ] || return 0
  for name in $(cat "$list"); do
    if printf '%s\\n' "$declared" | grep -qxF -- "$name"; then continue; fi
    if getent "$db" "$name" >/dev/null; then say "$what $name: deleted"; run "$delete" "$name" || failed "$delete $name failed"; fi
  done
  if [ "$dry" = 0 ]; then while read -r name; do if printf '%s\\n' "$declared" | grep -qxF -- "$name"; then printf '%s\\n' "$name"; fi; done < "$list" | write_file "$list"; fi
}
host_drop user passwd "$state/host-users" "$host_users" userdel
host_drop group group "$state/host-groups" "$host_groups" groupdel`;
  return { name: "host-os", check, activate };
}
