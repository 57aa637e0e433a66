/**
 * The module arguments the OS layer gives Den's per-system output classes (`packages`,
 * `apps`, `checks`, `devShells`, `legacyPackages`): `pkgs`, Debian's package set, over
 * the module argument `store` (default: the default store; set `_module.args.store` in
 * `den.classes.<output>` to use another), as the `os` class has them. So an aspect's
 * `packages: ({ pkgs }) => ({ cowsay: pkgs.cowsay })` is the output
 * `packages.<system>.cowsay`, which `tsden build` and `tsden run` build.
 */
import { mkDefault } from "../../modules/index.js";
import { Store } from "../../store/index.js";
import { pkgsModule } from "./pkgs-module.js";

/** `_module.args.store`, by default the default store. */
const storeModule = () => ({
  _file: "tsden/os/pkgs/output-pkgs.ts",
  key: "tsden/os/pkgs/output-pkgs.ts#store",
  config: { _module: { args: { store: mkDefault(new Store()) } } },
});

/** The modules of each per-system output class: `store` and `pkgs`. */
export const outputPkgsModules: readonly unknown[] = Object.freeze([storeModule, pkgsModule]);
