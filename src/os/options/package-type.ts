/**
 * `types.package` as the OS layer declares it: the module system checks that a value
 * is a derivation (`type: "derivation"`); tsden's packages (`mkPackage`, `pkgs.<name>`,
 * the system's builds) are the values it holds, and the builders read them as such.
 */
import { type OptionType, types } from "../../modules/index.js";
import type { Package } from "../../store/index.js";

/**
 * A package option's type, its values typed as tsden's packages (in TypeScript, and in
 * the declarations `tsden types` writes: `Package`).
 */
export const packageType = { ...types.package, tsType: "Package" } as OptionType<unknown> as OptionType<Package>;
