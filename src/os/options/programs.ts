/**
 * `programs.<shell>.enable` for the login shells Den's `user-shell` battery enables
 * (`bash`, `fish`, `zsh`, `dash`): the shell's Debian package goes into the Debian base
 * (`system.debian.packages`), whose installation registers it in /etc/shells. A user's
 * `shell` is then `/usr/bin/<shell>`.
 */
import { lazy, mkOption, types } from "../../modules/index.js";
import { optionsByName } from "./options-by-name.js";

const FILE = "tsden/os/options/programs.ts";

/** The shells `programs.<shell>.enable` installs, by the Debian package of the same name. */
export const SHELL_PROGRAMS = ["bash", "dash", "fish", "zsh"] as const;

type Cfg = { programs: Record<string, { enable: boolean }> };

/** The `programs` options. */
export const programsModule = ({ config }: { config: Cfg }) => ({
  _file: FILE,
  key: FILE,
  options: {
    programs: optionsByName(SHELL_PROGRAMS, (shell) => ({
      enable: mkOption({
        type: types.bool,
        default: false,
        description: `Whether to install the ${shell} shell (the Debian package ${shell}; its path is /usr/bin/${shell}).`,
      }),
    })),
  },
  config: {
    system: {
      debian: {
        packages: lazy(() => SHELL_PROGRAMS.filter((s) => config.programs[s]!.enable)),
      },
    },
  },
});
