/**
 * Unit files of `systemd.services.<name>`, as NixOS writes them: `[Unit]` and
 * `[Service]` with keys in sorted order, lists of units joined by spaces, `script`,
 * `preStart` and `postStart` as `#!/bin/sh -e` scripts run by Exec lines, PATH and the
 * environment as quoted `Environment=` lines, `wantedBy`/`requiredBy` as links. A pure
 * function: values we generate are escaped (`%` doubled, quotes and backslashes and
 * control characters escaped); `serviceConfig`/`unitConfig` values are systemd syntax,
 * checked to be single lines. With `overrideStrategy = "asDropin"` the text is a drop-in
 * (`<name>.service.d/overrides.conf`) over the base system's unit, so it may run nothing
 * of its own (an empty `ExecStart=` first clears the unit's).
 */
import type { OsService, UnitValue } from "../options/systemd.js";
import { isUnitLine } from "../options/systemd.js";
import { execWord, quoteEnvironment } from "./systemd-syntax.js";

/** Where a service's scripts live in the guest: `<dir>/<name>/start` etc. */
export const SERVICE_SCRIPT_DIR = "/etc/tsden/services";
/** Where the base system's units are (a drop-in's unit, the target of its links). */
export const BASE_UNIT_DIR = "/lib/systemd/system";
/** The PATH tail of every service (Debian's default). */
export const DEFAULT_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** A service with `path` entries resolved to directories. */
export type ResolvedService = Omit<OsService, "path"> & { readonly path: readonly string[] };

/** The files of one service: the unit, its scripts, and the links enabling it. */
export interface RenderedService {
  /** Where the unit goes, relative to /etc/systemd/system: `<name>.service`, or `<name>.service.d/overrides.conf` for a drop-in. */
  readonly file: string;
  /** The unit's (or drop-in's) text. */
  readonly unit: string;
  /** Absolute path in the guest → script text (mode 0555). */
  readonly scripts: Readonly<Record<string, string>>;
  /** `<target>.wants/<name>.service` (relative to /etc/systemd/system) → link target. */
  readonly links: Readonly<Record<string, string>>;
}

/** A free-text setting (Description=): one line, `%` doubled, surrounding blanks dropped. */
export function verbatimValue(value: string, where: string): string {
  if (!isUnitLine(value))
    throw new Error(`${where}: ${JSON.stringify(value)} must be one line without a trailing backslash`);
  return value.trim().replace(/%/g, "%%");
}

function rawLines(key: string, value: UnitValue, where: string): string[] {
  const items = Array.isArray(value)
    ? (value as readonly (boolean | number | string)[])
    : [value as boolean | number | string];
  return items.map((item) => {
    const text = typeof item === "boolean" ? (item ? "true" : "false") : String(item);
    if (!isUnitLine(text))
      throw new Error(`${where}.${key}: ${JSON.stringify(text)} must be one line without a trailing backslash`);
    return `${key}=${text}`;
  });
}

function section(name: string, lines: readonly string[]): string {
  return `[${name}]\n${lines.join("\n")}\n`;
}

function sortedLines(entries: Record<string, readonly string[]>): string[] {
  return Object.keys(entries)
    .sort()
    .flatMap((key) => entries[key]!);
}

/** The unit, scripts and links of service `name` (the `systemd.services` attribute name). */
export function renderServiceUnit(name: string, service: ResolvedService): RenderedService {
  const where = `systemd.services.${JSON.stringify(name)}`;
  const unit: Record<string, string[]> = {};
  if (service.description.trim() !== "")
    unit.Description = [`Description=${verbatimValue(service.description, `${where}.description`)}`];
  const deps = {
    After: service.after,
    Before: service.before,
    BindsTo: service.bindsTo,
    Conflicts: service.conflicts,
    PartOf: service.partOf,
    Requires: service.requires,
    Wants: service.wants,
  };
  for (const [key, list] of Object.entries(deps))
    if (list.length > 0) unit[key] = [`${key}=${[...new Set(list)].join(" ")}`];
  for (const [key, value] of Object.entries(service.unitConfig))
    unit[key] = [...(unit[key] ?? []), ...rawLines(key, value, `${where}.unitConfig`)];

  const svc: Record<string, string[]> = {};
  const env: Record<string, string> = {
    PATH: [...service.path.flatMap((p) => [`${p}/bin`, `${p}/sbin`]), ...DEFAULT_PATH].join(":"),
  };
  for (const [key, value] of Object.entries(service.environment)) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  svc.Environment = Object.keys(env)
    .sort()
    .map((key) => `Environment=${quoteEnvironment(`${key}=${env[key]}`)}`);
  for (const [key, value] of Object.entries(service.serviceConfig))
    svc[key] = rawLines(key, value, `${where}.serviceConfig`);

  const scripts: Record<string, string> = {};
  const scriptFor = (
    kind: "start" | "pre-start" | "post-start",
    text: string,
    key: "ExecStart" | "ExecStartPre" | "ExecStartPost",
  ) => {
    if (text.trim() === "") return;
    const path = `${SERVICE_SCRIPT_DIR}/${name}/${kind}`;
    scripts[path] = `#!/bin/sh -e\n${text.endsWith("\n") ? text : `${text}\n`}`;
    svc[key] = [...(svc[key] ?? []), `${key}=${execWord(path)}`];
  };
  if (service.script.trim() !== "" && service.serviceConfig.ExecStart !== undefined) {
    throw new Error(`${where}: set either script or serviceConfig.ExecStart, not both`);
  }
  scriptFor("pre-start", service.preStart, "ExecStartPre");
  scriptFor("start", service.script, "ExecStart");
  scriptFor("post-start", service.postStart, "ExecStartPost");
  const dropIn = service.overrideStrategy === "asDropin";
  // a drop-in adds to the base system's unit, which has its own ExecStart
  if (!dropIn && svc.ExecStart === undefined && service.serviceConfig.Type !== "oneshot") {
    throw new Error(`${where}: the service runs nothing; set script or serviceConfig.ExecStart`);
  }

  const links: Record<string, string> = {};
  // a drop-in's unit is the base system's (an instance's is its template's: getty@tty1 → getty@.service)
  const linkTarget = dropIn ? `${BASE_UNIT_DIR}/${name.replace(/@.*$/, "@")}.service` : `../${name}.service`;
  for (const target of service.wantedBy) links[`${target}.wants/${name}.service`] = linkTarget;
  for (const target of service.requiredBy) links[`${target}.requires/${name}.service`] = linkTarget;
  const sections = [section("Unit", sortedLines(unit)), section("Service", sortedLines(svc))];
  if (sortedLines(unit).length === 0) sections.shift();
  const file = dropIn ? `${name}.service.d/overrides.conf` : `${name}.service`;
  return { file, unit: sections.join("\n"), scripts, links };
}
