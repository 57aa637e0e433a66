/**
 * The POSIX shell programs `tsden deploy` runs on a target over SSH. Each is a fixed
 * text that takes every value as a positional argument (`sh -c SCRIPT sh ARGS...`),
 * so nothing from the configuration is ever spliced into shell code. The target needs
 * only sh, coreutils, tar and systemd.
 *
 * - probe: prints the current generation's store path, then the store entries it lacks.
 * - receive: unpacks a tar of store entries (and their reference records) into a
 *   temporary folder inside the store, then renames each entry into place in the
 *   given order (dependencies first), so an entry is either absent or complete.
 * - activate: arms the rollback timer (a transient systemd timer that returns the host
 *   to its previous generation unless cancelled), then runs the new output's
 *   `bin/switch-to-configuration switch`.
 * - rollback: points `system` back at the previous generation's link and activates it.
 * - confirm: checks the host is on the new generation and its autostart guests' units
 *   are active (waiting a bounded time), then cancels the rollback timer.
 */

/** The transient unit that rolls a host back unless the deployer confirms. */
export const ROLLBACK_UNIT = "tsden-deploy-rollback";

/** `probe ROOT PROFILES BASE...`: the current generation's path (or an empty line), then the missing bases. */
export const PROBE_SCRIPT = `set -eu
root=$1; profiles=$2; shift 2
readlink -f "$profiles/system" 2>/dev/null || echo
for base in "$@"; do
  [ -e "$root/$base" ] || printf '%s\\n' "$base"
done
`;

/** `receive ROOT BASE...` with a tar of BASE... and .refs/BASE... on stdin. */
export const RECEIVE_SCRIPT = `set -eu
root=$1; shift
mkdir -p "$root/.refs"
tmp=$(mktemp -d "$root/.tmp-receive-XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT
tar -C "$tmp" -xf -
for base in "$@"; do
  if [ -e "$tmp/.refs/$base" ]; then mv -f "$tmp/.refs/$base" "$root/.refs/$base"; fi
  if [ ! -e "$root/$base" ]; then mv "$tmp/$base" "$root/$base"; fi
done
`;

/** `rollback PROFILES PREVLINK PREVPATH`: back to the previous generation (run by the timer or the deployer). */
export const ROLLBACK_SCRIPT = `set -eu
profiles=$1; prevlink=$2; prev=$3
echo "tsden: returning to $prevlink ($prev)" >&2
ln -sfn "$prevlink" "$profiles/.system-rollback"
mv -T "$profiles/.system-rollback" "$profiles/system"
exec "$prev/bin/switch-to-configuration" switch
`;

/** `rollback-now PROFILES PREVLINK PREVPATH`: cancels the timer and rolls back at once (an activation that failed). */
export const ROLLBACK_NOW_SCRIPT = `systemctl stop ${ROLLBACK_UNIT}.timer >/dev/null 2>&1 || true
systemctl reset-failed ${ROLLBACK_UNIT}.timer ${ROLLBACK_UNIT}.service >/dev/null 2>&1 || true
${ROLLBACK_SCRIPT}`;

/**
 * `activate NEW PROFILES TIMEOUT ARM ROLLBACK-FILE ROLLBACK-TEXT BUDGET`: cancels an
 * older pending rollback; when ARM is 1 and a previous generation exists, writes the
 * rollback program to ROLLBACK-FILE (a file, because systemd would expand `$` in a
 * command line) and arms a timer running it after BUDGET + TIMEOUT seconds (the
 * activation may take BUDGET seconds: guests boot; a rollback firing during it would
 * wait for it and then undo it); switches; and after a successful switch re-arms the
 * timer for TIMEOUT seconds, the window for the deployer's confirmation. Prints
 * `previous <link> <path>` first so the deployer knows where a rollback goes.
 */
export const ACTIVATE_SCRIPT = `set -eu
new=$1; profiles=$2; timeout=$3; arm=$4; file=$5; text=$6; budget=$7
unit=${ROLLBACK_UNIT}
disarm() {
  systemctl stop "$unit.timer" "$unit.service" >/dev/null 2>&1 || true
  systemctl reset-failed "$unit.timer" "$unit.service" >/dev/null 2>&1 || true
}
disarm
prevlink=$(readlink "$profiles/system" 2>/dev/null || true)
prev=$(readlink -f "$profiles/system" 2>/dev/null || true)
echo "previous $prevlink $prev"
if [ ! -x "$new/bin/switch-to-configuration" ]; then
  echo "$new/bin/switch-to-configuration is missing: the output is not a host output" >&2
  exit 3
fi
armed=0
arm() {
  systemd-run --quiet --unit="$unit" --description="tsden: return to $prevlink unless the deployment is confirmed" \\
    --on-active="$1" --timer-property=AccuracySec=1s \\
    /bin/sh "$file" "$profiles" "$prevlink" "$prev"
}
if [ "$arm" = 1 ] && [ -n "$prevlink" ] && [ -n "$prev" ] && [ "$prev" != "$new" ]; then
  mkdir -p "$(dirname "$file")"
  printf '%s' "$text" > "$file.tmp"
  mv -f "$file.tmp" "$file"
  arm $((budget + timeout))
  armed=1
fi
"$new/bin/switch-to-configuration" switch
if [ "$armed" = 1 ]; then disarm; arm "$timeout"; fi
`;

/** `confirm NEW PROFILES WAIT VM...`: the host answers, is on NEW, its guests are up; cancels the rollback. */
export const CONFIRM_SCRIPT = `set -eu
new=$1; profiles=$2; wait=$3; shift 3
unit=${ROLLBACK_UNIT}
current=$(readlink -f "$profiles/system" 2>/dev/null || true)
if [ "$current" != "$new" ]; then
  echo "the host is on $current, not on the deployed $new" >&2
  exit 1
fi
for vm in "$@"; do
  waited=0
  until systemctl is-active --quiet "microvm@$vm.service"; do
    if [ "$waited" -ge "$wait" ]; then
      echo "the guest $vm is not running (microvm@$vm.service: $(systemctl is-active "microvm@$vm.service" || true))" >&2
      exit 1
    fi
    sleep 1; waited=$((waited + 1))
  done
done
systemctl stop "$unit.timer" >/dev/null 2>&1 || true
systemctl reset-failed "$unit.timer" "$unit.service" >/dev/null 2>&1 || true
echo confirmed
`;
