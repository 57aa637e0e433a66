/**
 * The module argument `pkgs` of the `os` class: Debian's package set over the
 * configuration's `store` (as `store`, a default; set `_module.args.pkgs` to replace it).
 */
import { mkDefault } from "../../modules/index.js";
import { Store } from "../../store/index.js";
import { debianPackageSet } from "./package-set.js";

/** Provides `pkgs` to every module of the configuration. */
export const pkgsModule = ({ store }: { store?: Store }) => ({
  _file: "tsden/os/pkgs/pkgs-module.ts",
  key: "tsden/os/pkgs/pkgs-module.ts",
  config: { _module: { args: { pkgs: mkDefault(debianPackageSet(() => store ?? new Store())) } } },
});
