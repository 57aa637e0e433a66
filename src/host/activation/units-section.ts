/**
 * The units section: installs the host output's unit files (`etc/systemd/system/**`,
 * files and symlinks) into /etc/systemd/system, copying only what differs, and removes
 * the ones an earlier activation installed that this output no longer has. What tsden
 * installed is listed in a manifest (`<state>/units`); a file there that tsden did not
 * install is never overwritten (a check stops the activation first). The manifest
 * holds the union of old and new before anything is copied, so a run killed midway
 * leaves nothing untracked. `systemctl daemon-reload` runs when anything changed.
 */
import { shellQuote } from "../../os/index.js";
import { SYSTEMD_UNITS_DIR } from "../paths.js";
import type { ActivationSection } from "./sections.js";

/** Where unit files are in a host output. */
export const OUTPUT_UNITS_DIR = "etc/systemd/system";

const UNITS = shellQuote(SYSTEMD_UNITS_DIR);

/** The units section (see the file comment). */
export const unitsSection: ActivationSection = {
  name: "units",
  check: `units_dir=${UNITS}
units_new=$(if [ -d "$out/${OUTPUT_UNITS_DIR}" ]; then cd "$out/${OUTPUT_UNITS_DIR}" && find . \\( -type f -o -type l \\) | sed 's|^\\./||' | sort; fi)
for rel in $units_new; do
  dst="$units_dir/$rel"
  if { [ -e "$dst" ] || [ -L "$dst" ]; } && ! listed "$rel" "$state/units"; then
    src="$out/${OUTPUT_UNITS_DIR}/$rel"
    if [ -L "$src" ]; then [ -L "$dst" ] && [ "$(readlink "$dst")" = "$(readlink "$src")" ] && continue
    else [ -f "$dst" ] && [ ! -L "$dst" ] && cmp -s "$src" "$dst" && continue; fi
    problem "$dst exists and was not installed by tsden: move it away (or remove it) so tsden can manage it"
  fi
done`,
  activate: `units_changed=0
if [ "$dry" = 0 ]; then { cat "$state/units" 2>/dev/null || true; printf '%s\\n' $units_new; } | sed '/^$/d' | sort -u | write_file "$state/units"; fi
for rel in $units_new; do
  src="$out/${OUTPUT_UNITS_DIR}/$rel"
  dst="$units_dir/$rel"
  if [ -L "$src" ]; then
    if [ -L "$dst" ] && [ "$(readlink "$dst")" = "$(readlink "$src")" ]; then continue; fi
  elif [ -f "$dst" ] && [ ! -L "$dst" ] && cmp -s "$src" "$dst"; then continue; fi
  if [ -e "$dst" ] || [ -L "$dst" ]; then say "unit $rel: updated"; else say "unit $rel: installed"; fi
  run mkdir -p "\${dst%/*}"
  run cp -P "$src" "$dst.tsden-tmp"
  if [ ! -L "$src" ]; then run chmod 0644 "$dst.tsden-tmp"; fi
  run mv -Tf "$dst.tsden-tmp" "$dst"
  units_changed=1
done
if [ -f "$state/units" ]; then
  for rel in $(cat "$state/units"); do
    case " $(printf '%s ' $units_new)" in *" $rel "*) continue ;; esac
    dst="$units_dir/$rel"
    if [ -e "$dst" ] || [ -L "$dst" ]; then
      say "unit $rel: removed"
      run rm -f "$dst"
      case "$rel" in */*) run rmdir "\${dst%/*}" 2>/dev/null || true ;; esac
      units_changed=1
    fi
  done
fi
if [ "$units_changed" = 1 ]; then run systemctl daemon-reload; fi
if [ "$dry" = 0 ]; then printf '%s\\n' $units_new | sed '/^$/d' | write_file "$state/units"; fi`,
};
