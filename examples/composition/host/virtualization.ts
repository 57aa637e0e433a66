/**
 * `ghaf.virtualization.microvm.<vm>`: `enable` and `evaluatedConfig` (set by targets),
 * handed to microvm's `microvm.vms.<vm>.evaluatedConfig` for the enabled VMs only. The
 * evaluated configuration is held in an opaque option type (`nullOr unspecified`), so
 * merging never looks inside it: a disabled VM's configuration is never evaluated.
 */
import { lazy, mkOption, ModuleError, types, type EvalResult } from "tsden";

const vmModule = {
  _file: "host/virtualization.ts (vm)",
  options: {
    enable: mkOption({ type: types.bool, default: false, description: "Whether the host runs this VM." }),
    kind: mkOption({
      type: types.enum(["system", "app"]),
      default: "system",
      description: "A system VM or an application VM.",
    }),
    evaluatedConfig: mkOption({
      type: types.nullOr(types.unspecified),
      default: null,
      description: "The VM's evaluated configuration (a profile base extended by the target).",
    }),
    autostart: mkOption({ type: types.bool, default: true, description: "Start the VM with the host." }),
  },
};

interface VmEntry {
  readonly enable: boolean;
  readonly evaluatedConfig: EvalResult | null;
  readonly autostart: boolean;
}

/** The evaluated configuration of an enabled VM, or a clear error when the target gave none. */
export function vmEvaluation(name: string, vm: VmEntry): EvalResult {
  if (vm.evaluatedConfig === null) {
    throw new ModuleError({
      code: "NO_VALUE",
      message: `The VM \`${name}' is enabled but \`ghaf.virtualization.microvm.${name}.evaluatedConfig' is not set.`,
      optionPath: ["ghaf", "virtualization", "microvm", name, "evaluatedConfig"],
      definitions: [],
      hint: "Set it in the target: a profile base extended with extendModules.",
    });
  }
  return vm.evaluatedConfig;
}

/** The enabled VMs' names, sorted. */
export function enabledVms(vms: Readonly<Record<string, { readonly enable: boolean }>>): string[] {
  return Object.keys(vms)
    .sort()
    .filter((n) => vms[n]!.enable);
}

/** Host options `ghaf.virtualization.microvm.<vm>`, and `microvm.vms` from them. */
export const virtualizationHostModule = ({ config }: { config: any }) => ({
  _file: "host/virtualization.ts",
  key: "host/virtualization.ts",
  options: {
    ghaf: {
      virtualization: {
        microvm: mkOption({
          type: types.lazyAttrsOf(types.submodule(vmModule)),
          default: {},
          description: "The VMs of this host, by name.",
        }),
      },
    },
  },
  config: {
    microvm: {
      vms: lazy(() => {
        const vms = config.ghaf.virtualization.microvm as Record<string, VmEntry>;
        const out: Record<string, unknown> = {};
        for (const name of enabledVms(vms)) {
          out[name] = {
            get evaluatedConfig() {
              return vmEvaluation(name, vms[name]!);
            },
            autostart: vms[name]!.autostart,
          };
        }
        return out;
      }),
    },
  },
});
