/**
 * `systemd.services.<name>`: NixOS's service options, rendered to unit files by
 * `renderServiceUnit` (src/os/render/systemd-unit.ts). Unit names, dependency names and
 * option values are checked here so a bad one is a type error naming option and file.
 */
import { mkOption, types } from "../../modules/index.js";
import { optionsByName } from "./options-by-name.js";
import { packageType } from "./package-type.js";
import { attrsOfKeyed, checkedStr } from "./names.js";
import type { OsConfig } from "./os-config.js";

const FILE = "tsden/os/options/systemd.ts";

/** A service name (the part before `.service`): systemd's unit name characters, templates allowed. */
export const SERVICE_NAME = /^[A-Za-z0-9:_.\\-]+(@[A-Za-z0-9:_.\\-]*)?$/;
/** A full unit name: `name.type`. */
export const UNIT_NAME =
  /^[A-Za-z0-9:_.\\-]+(@[A-Za-z0-9:_.\\-]*)?\.(service|socket|target|mount|automount|swap|timer|path|device|slice|scope)$/;

/** True when `name` can name a service (`<name>.service`). */
export function isServiceName(name: unknown): name is string {
  return typeof name === "string" && name.length <= 240 && SERVICE_NAME.test(name) && !name.startsWith(".");
}

/** True when `value` is a single line a unit file can hold: no newline, NUL, or trailing backslash. */
export function isUnitLine(value: string): boolean {
  return !/[\n\r\0]/.test(value) && !value.endsWith("\\");
}

const unitNameType = checkedStr(
  "unitName",
  "unit name like foo.service or multi-user.target",
  (v) => v.length <= 255 && UNIT_NAME.test(v),
);
const unitLineType = checkedStr("unitLine", "one line (no newline, NUL or trailing backslash)", isUnitLine);
/** A value of a unit option: a bool, an integer, a line, or a list of them (one directive each). */
const unitValueType = types.oneOf([
  types.bool,
  types.int,
  unitLineType,
  types.listOf(types.oneOf([types.bool, types.int, unitLineType])),
]);
const unitSectionType = attrsOfKeyed(unitValueType, "unit option names (A-Z a-z 0-9)", (k) =>
  /^[A-Za-z][A-Za-z0-9]*$/.test(k),
);
const envNameType = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envValueType = types.nullOr(checkedStr("envValue", "string without NUL", (v) => !v.includes("\0")));
const pathEntryType = types.either(
  packageType,
  checkedStr("pathEntry", "absolute directory without ':' or spaces", (v) => /^\/[^\s:\0]*$/.test(v)),
);

const dependencyDescriptions = {
  wantedBy: "Units that want this one (links in <unit>.wants/).",
  requiredBy: "Units that require this one (links in <unit>.requires/).",
  wants: "Units this one wants started (Wants=).",
  requires: "Units this one requires (Requires=).",
  after: "Units this one starts after (After=).",
  before: "Units this one starts before (Before=).",
  bindsTo: "Units this one is bound to (BindsTo=).",
  partOf: "Units whose stop or restart this one follows (PartOf=).",
  conflicts: "Units this one conflicts with (Conflicts=).",
} as const;

const dependencyOptions = optionsByName(
  Object.keys(dependencyDescriptions) as (keyof typeof dependencyDescriptions)[],
  (key) => mkOption({ type: types.listOf(unitNameType), default: [], description: dependencyDescriptions[key] }),
);

const serviceModule = {
  _file: FILE,
  options: {
    enable: mkOption({ type: types.bool, default: true, description: "Whether the unit is installed." }),
    overrideStrategy: mkOption({
      type: types.enum(["asDropinIfExists", "asDropin"] as const),
      default: "asDropinIfExists",
      description:
        'How the unit is written: "asDropin" as a drop-in (/etc/systemd/system/<name>.service.d/overrides.conf) over the unit the base system ships (for getty@tty1, its getty@.service); "asDropinIfExists" as a unit file of its own.',
    }),
    description: mkOption({ type: unitLineType, default: "", description: "Description of the unit (Description=)." }),
    ...dependencyOptions,
    unitConfig: mkOption({
      type: unitSectionType,
      default: {},
      description: "Options of the [Unit] section, in systemd syntax.",
    }),
    serviceConfig: mkOption({
      type: unitSectionType,
      default: {},
      example: { Type: "simple", User: "www", Restart: "always" },
      description: "Options of the [Service] section, in systemd syntax (a list gives one directive per item).",
    }),
    environment: mkOption({
      type: attrsOfKeyed(envValueType, "environment variable names", (k) => envNameType.test(k)),
      default: {},
      description: "Environment variables of the service (Environment=, quoted); null leaves one unset.",
    }),
    path: mkOption({
      type: types.listOf(pathEntryType),
      default: [],
      description: "Packages or directories whose bin/ and sbin/ go first on the service's PATH.",
    }),
    script: mkOption({
      type: types.lines,
      default: "",
      description: "Shell commands run as the service's main process (ExecStart=).",
    }),
    preStart: mkOption({
      type: types.lines,
      default: "",
      description: "Shell commands run before the main process (ExecStartPre=).",
    }),
    postStart: mkOption({
      type: types.lines,
      default: "",
      description: "Shell commands run after the main process started (ExecStartPost=).",
    }),
  },
};

/** The `systemd` options. */
export const systemdModule = {
  _file: FILE,
  key: FILE,
  options: {
    systemd: {
      services: mkOption({
        type: attrsOfKeyed(
          types.submodule(serviceModule),
          "service names (A-Z a-z 0-9 : _ . \\ -, optionally name@instance)",
          isServiceName,
        ),
        default: {},
        example: { hello: { wantedBy: ["multi-user.target"], script: "echo hello" } },
        description: "The services of the system: each becomes /etc/systemd/system/<name>.service.",
      }),
    },
  },
};

/** A unit option value after evaluation. */
export type UnitValue = boolean | number | string | readonly (boolean | number | string)[];

/** `systemd.services.<name>` after evaluation. */
export type OsService = OsConfig["systemd"]["services"][string];
