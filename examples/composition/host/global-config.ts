/** The host's `ghaf.global-config` (settings every VM shares) and `ghaf.users`. */
import { mkOption, types } from "tsden";

const { bool, str, port, submodule, listOf } = types;

/** The settings of `ghaf.global-config`. */
const globalConfigModule = {
  _file: "host/global-config.ts (ghaf.global-config)",
  options: {
    debug: {
      enable: mkOption({
        type: bool,
        default: false,
        description: "A debug build: tools and verbose logs in every VM.",
      }),
    },
    logging: {
      enable: mkOption({ type: bool, default: false, description: "Every VM ships its logs to the listener." }),
      listener: {
        address: mkOption({ type: str, default: "admin-vm", description: "The log listener's host." }),
        port: mkOption({ type: port, default: 9999, description: "The log listener's port." }),
      },
    },
    development: {
      ssh: { daemon: { enable: mkOption({ type: bool, default: false, description: "SSH daemons in every VM." }) } },
    },
  },
};

/** Host options: `ghaf.global-config`, `ghaf.users`. */
export const globalConfigHostModule = {
  _file: "host/global-config.ts",
  key: "host/global-config.ts",
  options: {
    ghaf: {
      "global-config": mkOption({
        type: submodule(globalConfigModule),
        default: {},
        description: "Settings shared by the host and every VM.",
      }),
      users: mkOption({
        type: listOf(str),
        default: ["ghaf"],
        description: "The users of the system (every VM knows them).",
      }),
    },
  },
};
