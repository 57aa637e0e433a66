/** `services.openssh` (the OpenSSH daemon: Debian's openssh-server on the Debian base) and `services.getty` (the login program of gettys). */
import { mkOption, types } from "../../modules/index.js";
import { attrsOfKeyed, checkedStr } from "./names.js";
import type { OsConfig } from "./os-config.js";

const FILE = "tsden/os/options/services.ts";

const settingLine = checkedStr("sshdSetting", "one line without NUL", (v) => !/[\n\r\0]/.test(v) && v.trim() !== "");
const settingValue = types.nullOr(types.oneOf([types.bool, types.int, settingLine, types.listOf(settingLine)]));

const settingsModule = {
  _file: FILE,
  freeformType: attrsOfKeyed(settingValue, "sshd_config keywords (A-Z a-z 0-9)", (k) =>
    /^[A-Za-z][A-Za-z0-9]*$/.test(k),
  ),
  options: {
    PasswordAuthentication: mkOption({
      type: types.bool,
      default: true,
      description: "Whether password authentication is allowed.",
    }),
    PermitRootLogin: mkOption({
      type: types.enum(["yes", "without-password", "prohibit-password", "forced-commands-only", "no"] as const),
      default: "prohibit-password",
      description: "Whether root can log in over SSH, and how.",
    }),
    KbdInteractiveAuthentication: mkOption({
      type: types.bool,
      default: true,
      description: "Whether keyboard-interactive authentication is allowed.",
    }),
  },
};

/** The `services` options. */
export const servicesModule = {
  _file: FILE,
  key: FILE,
  options: {
    services: {
      getty: {
        loginProgram: mkOption({
          type: checkedStr("loginProgram", "absolute path without spaces", (v) => /^\/[^\s\0]+$/.test(v)),
          default: "/bin/login",
          description:
            "The program agetty runs to log a user in (--login-program), for gettys the configuration writes (such as Den's tty-autologin); Debian's is /bin/login.",
        }),
      },
      openssh: {
        enable: mkOption({
          type: types.bool,
          default: false,
          description: 'Whether to run the OpenSSH daemon (needs system.base = "debian").',
        }),
        ports: mkOption({
          type: types.nonEmptyListOf(types.port),
          default: [22],
          description: "Ports sshd listens on.",
        }),
        settings: mkOption({
          type: types.submodule(settingsModule),
          default: {},
          example: { PasswordAuthentication: false, PermitRootLogin: "no" },
          description: "sshd_config settings (bools become yes/no, lists repeat the keyword).",
        }),
      },
    },
  },
};

/** `services.openssh` after evaluation. */
export type OsOpenssh = OsConfig["services"]["openssh"];
