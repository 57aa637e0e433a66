/** Evaluating a VM the way profiles do: the OS vocabulary, microvm's guest options, the base. */
import { evalModules, microvmGuestModule, osModules, type EvalResult } from "tsden";
import type { GlobalConfig, HostConfig } from "./types.js";

/** The specialArgs of a VM evaluation. */
export interface VmSpecialArgs {
  readonly globalConfig: GlobalConfig;
  readonly hostConfig: HostConfig;
  readonly [name: string]: unknown;
}

/** Evaluates a VM (lazily: option values are computed when read) from its base and extra modules. */
export function evalVm(specialArgs: VmSpecialArgs, modules: readonly unknown[]): EvalResult {
  return evalModules({
    modules: [...osModules, microvmGuestModule, ...modules],
    specialArgs: { ...specialArgs },
    class: "os",
  });
}
