/**
 * WSL hosts (Den's wsl battery): a host with `wsl.enable` gets the stage `wsl-host`,
 * which imports `host.wsl.module` into the host's class, sets `wsl.enable`, and
 * forwards the `wsl` class of the host's whole pipeline (so `primary-user` sets
 * `wsl.defaultUser` from a user) into the host's `wsl` option, where the class has one.
 * tsden runs no WSL itself: the default module only declares `wsl.enable` and
 * `wsl.defaultUser`; give the real one as `host.wsl.module`.
 */
import { mkOption, mkOptionDefault, types } from "../../modules/index.js";
import { forward } from "../forward.js";
import type { Host } from "../entities.js";

/** The default `host.wsl.module`: the options `wsl.enable` and `wsl.defaultUser`. */
export const wslModule = {
  _file: "den (wsl)",
  key: "den/wsl#module",
  options: {
    wsl: {
      enable: mkOption({ type: types.bool, default: false, description: "Whether the system runs under WSL." }),
      defaultUser: mkOption({ type: types.nullOr(types.str), default: null, description: "The WSL default user." }),
    },
  },
};

/** The host fields `wsl.enable` (default false) and `wsl.module`. */
export const wslHostOptions = {
  _file: "den (wsl host options)",
  options: {
    wsl: {
      enable: mkOption({
        type: types.bool,
        default: false,
        description: "Whether the host is a WSL system (the wsl-host stage).",
      }),
      module: mkOption({ type: types.deferredModule, description: "The WSL module imported into the host's class." }),
    },
  },
  config: { wsl: { module: mkOptionDefault(wslModule) } },
};

/** `host.into.wsl-host`: the host, when `host.wsl.enable`. */
export const wslInto = ({ host }: { host: Host }) => ({
  "wsl-host": (host.wsl as { enable?: boolean } | undefined)?.enable ? [{ host }] : [],
});

/** The `wsl-host` stage. */
export const wslStage = {
  description: "A WSL host: imports host.wsl.module, sets wsl.enable and forwards the wsl class.",
  provides: {
    "wsl-host": ({ host }: { host: Host }) => ({
      [host.class]: { imports: [(host.wsl as { module: unknown }).module], wsl: { enable: true } },
      includes: [
        forward({
          each: [true],
          fromClass: () => "wsl",
          intoClass: () => host.class,
          intoPath: () => ["wsl"],
          fromAspect: () => host.resolved,
          guard: ({ options }) => "wsl" in (options as object),
        }),
      ],
    }),
  },
};
