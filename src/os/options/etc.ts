/**
 * `environment.etc.<path>`: files under /etc from `text` or a host file `source`.
 * `mode` "symlink" (NixOS's default) installs a read-only copy (0444): the guest's /etc
 * is part of its image, not links into a store.
 */
import { mkOption, mkOptionDefault, types } from "../../modules/index.js";
import { attrsOfKeyed, checkedStr, isCleanAbsolutePath } from "./names.js";
import type { OsConfig } from "./os-config.js";

const FILE = "tsden/os/options/etc.ts";

/** True when `path` is a clean relative path under /etc (no "..", ".", "//", leading "/"). */
export function isEtcPath(path: unknown): path is string {
  return (
    typeof path === "string" &&
    path !== "" &&
    !path.startsWith("/") &&
    isCleanAbsolutePath(`/${path}`) &&
    !/[\s\\]/.test(path)
  );
}

const etcPathType = checkedStr("etcPath", 'relative path under /etc (no "..", ".", "//", spaces)', isEtcPath);
const owner = checkedStr("etcOwner", "user or group name, or +<id>", (v) =>
  /^([a-z_][a-z0-9_-]{0,31}|\+[0-9]{1,10})$/.test(v),
);

const etcFileModule = [
  {
    _file: FILE,
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this file is created." }),
      target: mkOption({
        type: etcPathType,
        defaultText: "the attribute name",
        description: "Path of the file relative to /etc.",
      }),
      text: mkOption({ type: types.nullOr(types.lines), default: null, description: "Text of the file." }),
      source: mkOption({
        type: types.nullOr(types.path),
        default: null,
        description: "A host file copied into /etc (read when the system is built).",
      }),
      mode: mkOption({
        type: types.strMatching("^(symlink|direct-symlink|0?[0-7]{3})$"),
        default: "symlink",
        description: 'Permissions, e.g. "0600"; "symlink" installs a read-only copy (0444).',
      }),
      user: mkOption({ type: owner, default: "+0", description: "Owner of the file (a name, or +<uid>)." }),
      group: mkOption({ type: owner, default: "+0", description: "Group of the file (a name, or +<gid>)." }),
    },
  },
  ({ name }: { name: string }) => ({ _file: FILE, config: { target: mkOptionDefault(name) } }),
];

/** The `environment.etc` option. */
export const etcModule = {
  _file: FILE,
  key: FILE,
  options: {
    environment: {
      etc: mkOption({
        type: attrsOfKeyed(
          types.submodule(etcFileModule),
          'relative paths under /etc (no "..", ".", "//", spaces)',
          isEtcPath,
        ),
        default: {},
        example: { motd: { text: "welcome" } },
        description: "Files to put under /etc.",
      }),
    },
  },
};

/** `environment.etc.<path>` after evaluation. */
export type OsEtcFile = OsConfig["environment"]["etc"][string];
