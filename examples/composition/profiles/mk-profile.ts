/**
 * Layer 2: a profile for a hardware family: read-only options
 * `ghaf.profiles.<family>.{guiVmBase, netVmBase, audioVmBase, adminVmBase}` whose
 * default is the VM's evaluated base (`evalModules` with `osModules`,
 * `microvmGuestModule`, the base module and the family's additions; specialArgs
 * `globalConfig` and `hostConfig` from the host), computed only when read; and
 * `mkAppVm`, a function making an application VM's evaluated base.
 */
import { lazy, mkOption, types, type EvalResult } from "tsden";
import { evalVm } from "../lib/eval-vm.js";
import { mkAppVm, type AppVmSpec } from "../lib/mk-app-vm.js";
import { mkSpecialArgs, type HostView } from "../lib/special-args.js";
import { adminVmBase } from "../vms/admin-vm-base.js";
import { audioVmBase } from "../vms/audio-vm-base.js";
import { guiVmBase } from "../vms/gui-vm-base.js";
import { netVmBase } from "../vms/net-vm-base.js";

/** The system VMs of every profile: option name, VM name, base module. */
export const systemVms = [
  ["guiVmBase", "gui-vm", guiVmBase],
  ["netVmBase", "net-vm", netVmBase],
  ["audioVmBase", "audio-vm", audioVmBase],
  ["adminVmBase", "admin-vm", adminVmBase],
] as const;

/** What a profile holds (`config.ghaf.profiles.<family>`). */
export interface Profile {
  readonly guiVmBase: EvalResult;
  readonly netVmBase: EvalResult;
  readonly audioVmBase: EvalResult;
  readonly adminVmBase: EvalResult;
  readonly mkAppVm: (spec: AppVmSpec) => EvalResult;
}

/** The family's additions to a VM, by VM name. */
export type FamilyModules = (vmName: string) => readonly unknown[];

/** The profile module of a hardware family. */
export function mkProfile(family: string, additions: FamilyModules) {
  const file = `profiles/${family}.ts`;
  return ({ config }: { config: HostView }) => {
    const base = (vmName: string, module: unknown): EvalResult =>
      evalVm(mkSpecialArgs(config, vmName), [
        module,
        ...additions(vmName).map((m, i) => ({ _file: `${file} (${vmName} #${i})`, imports: [m] })),
      ]);
    const options: Record<string, unknown> = {};
    for (const [option, vmName, module] of systemVms) {
      options[option] = mkOption({
        type: types.unspecified,
        readOnly: true,
        default: lazy(() => base(vmName, module)),
        defaultText: `evalModules { modules = [ ${vmName}-base ... ]; }`,
        description: `The evaluated base of ${vmName} for ${family}.`,
      });
    }
    options.mkAppVm = mkOption({
      type: types.raw,
      readOnly: true,
      default: (spec: AppVmSpec): EvalResult => base(spec.name, mkAppVm(spec)),
      description: `Makes the evaluated base of an application VM for ${family}.`,
    });
    return { _file: file, key: file, options: { ghaf: { profiles: { [family]: options } } } };
  };
}
