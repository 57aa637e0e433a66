/**
 * What `tsden status` reads on a host, as one POSIX shell program, so the same reading
 * runs on this machine and on a remote host over SSH (which needs no Node and no
 * tsden: only sh, coreutils, sed and systemd). The program takes the profiles folder and
 * the activation's state folder as its arguments (`sh -c STATUS_SCRIPT sh PROFILES
 * STATE`; nothing is spliced into its text), reads only, and prints one record per
 * line, fields separated by tabs (the last field is free text):
 * - `output PATH`: the current generation's output (empty: none);
 * - `manifest JSON`: that output's microVM manifest, on one line (JSON escapes the
 *   newlines inside its strings, so joining its lines changes nothing);
 * - `statedir PATH`: the VMs' state folder (the manifest's, else /var/lib/microvms);
 * - `current LINK`: what `system` points at; `generation LINK MTIME TARGET` per
 *   `system-N-link` (MTIME in seconds since the epoch, with decimals);
 * - per VM (those of the output's `vms/` and those an activation managed):
 *   `vm NAME CURRENT BOOTED` (link targets, empty when absent), `prop NAME KEY=VALUE`
 *   (systemd's ActiveState, SubState and StateChangeTimestamp of `microvm@NAME`), and
 *   `file NAME SIZE BLOCKS BLOCKSIZE PATH` per regular file of its folder.
 */

/** The reading program (see the file comment). */
export const STATUS_SCRIPT = `set -u
profiles=$1; state=$2
tab=$(printf '\\t')
out=$(readlink -f "$profiles/system" 2>/dev/null || true)
if [ -n "$out" ] && [ ! -e "$out" ]; then out=; fi
printf 'output\\t%s\\n' "$out"
base=/var/lib/microvms
manifest="$out/share/microvm/host.json"
if [ -n "$out" ] && [ -f "$manifest" ]; then
  printf 'manifest\\t%s\\n' "$(tr '\\n' ' ' < "$manifest")"
  dir=$(sed -n 's/^ *"stateDir": *"\\([^"\\\\]*\\)",\\{0,1\\} *$/\\1/p' "$manifest")
  if [ -n "$dir" ]; then base=$dir; fi
fi
printf 'statedir\\t%s\\n' "$base"
printf 'current\\t%s\\n' "$(readlink "$profiles/system" 2>/dev/null || true)"
for l in "$profiles"/system-*-link; do
  [ -L "$l" ] || continue
  printf 'generation\\t%s\\t%s\\t%s\\n' "\${l##*/}" "$(stat -c %.3Y "$l")" "$(readlink "$l")"
done
names=$({ if [ -n "$out" ] && [ -d "$out/vms" ]; then ls -A "$out/vms"; fi; cat "$state/microvms" 2>/dev/null || true; } | sed '/^$/d' | sort -u)
for n in $names; do
  d="\${base%/}/$n"
  printf 'vm\\t%s\\t%s\\t%s\\n' "$n" "$(readlink "$d/current" 2>/dev/null || true)" "$(readlink "$d/booted" 2>/dev/null || true)"
  systemctl show "microvm@$n.service" -p ActiveState -p SubState -p StateChangeTimestamp 2>/dev/null | sed "s/^/prop$tab$n$tab/" || true
  for f in "$d"/* "$d"/.[!.]*; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then printf 'file\\t%s\\t%s\\n' "$n" "$(stat -c "%s$tab%b$tab%B$tab%n" "$f")"; fi
  done
done
`;
