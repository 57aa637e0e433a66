/**
 * Layer 3: a target (a device): the host modules, one profile, and for each VM
 * `ghaf.virtualization.microvm.<vm>.{enable, evaluatedConfig}` where the evaluated
 * configuration is the profile's base extended (`extendModules`) by the device's
 * modules. Nothing is evaluated until the host reads a VM.
 */
import { lazy, type EvalResult } from "tsden";
import { ghafHostModules } from "../host/index.js";
import type { AppVmSpec } from "../lib/mk-app-vm.js";
import type { GlobalConfig } from "../lib/types.js";
import { systemVms, type Profile } from "../profiles/mk-profile.js";

/** A system VM of a target: whether it runs, and the device's modules. */
export interface TargetVm {
  readonly enable?: boolean;
  readonly modules?: readonly unknown[];
}

/** What a target is made of. */
export interface TargetSpec {
  /** The device's (host's) name. */
  readonly name: string;
  /** The profile module (`laptopX86Profile`, `vmProfile`) and its family name. */
  readonly profile: unknown;
  readonly family: string;
  /** Settings every VM shares (`ghaf.global-config`). */
  readonly globalConfig?: { readonly [K in keyof GlobalConfig]?: unknown };
  /** The system VMs by name (`gui-vm`, ...); a VM not listed is disabled. */
  readonly vms: Readonly<Record<string, TargetVm>>;
  /** Application VMs, made with the profile's `mkAppVm`. */
  readonly appVms?: readonly (AppVmSpec & TargetVm)[];
}

/** The target's module (class `os`, the host's configuration). */
export function mkTarget(spec: TargetSpec) {
  const file = `targets/${spec.name}.ts`;
  return ({ config }: { config: { ghaf: { profiles: Record<string, Profile> } } }) => {
    const profile = () => config.ghaf.profiles[spec.family]!;
    const extended = (vm: string, base: () => EvalResult, modules: readonly unknown[] = []): EvalResult =>
      base().extendModules({ modules: modules.map((m, i) => ({ _file: `${file} (${vm} #${i})`, imports: [m] })) });
    const microvm: Record<string, unknown> = {};
    for (const [option, vmName] of systemVms) {
      const vm = spec.vms[vmName];
      microvm[vmName] = {
        enable: vm?.enable ?? vm !== undefined,
        evaluatedConfig: lazy(() => extended(vmName, () => profile()[option], vm?.modules)),
      };
    }
    for (const app of spec.appVms ?? []) {
      microvm[app.name] = {
        enable: app.enable ?? true,
        kind: "app",
        evaluatedConfig: lazy(() => extended(app.name, () => profile().mkAppVm(app), app.modules)),
      };
    }
    return {
      _file: file,
      key: file,
      imports: [...ghafHostModules, spec.profile],
      networking: { hostName: spec.name },
      ghaf: { "global-config": spec.globalConfig ?? {}, virtualization: { microvm } },
    };
  };
}
