/**
 * The microVMs a host's configuration declares (`microvm.vms.<name>`), for `tsden
 * graph`: those that do not come through Den's pipeline as guests, such as VMs given
 * as evaluated configurations (`microvm.vms.<name>.evaluatedConfig`, Ghaf's way) or as
 * modules set in the host's own configuration. The names are read from the host's
 * configuration; how each VM is given, from which of its options is defined.
 */
import { type EvalResult, submoduleEvaluation } from "../../modules/index.js";

/** A VM of a host's configuration. */
export interface ConfiguredVm {
  readonly name: string;
  /** The option of `microvm.vms.<name>` that gives the VM: `evaluatedConfig` or `config`. */
  readonly via: "evaluatedConfig" | "config";
  readonly autostart?: boolean;
}

/** The VMs of `configuration` (`microvm.vms`), sorted by name; none when the host has no such option. */
export function configuredVms(configuration: EvalResult): ConfiguredVm[] {
  const options = configuration.options as { microvm?: { vms?: unknown } };
  if (options.microvm?.vms === undefined) return [];
  const vms = (configuration.config as { microvm: { vms: Record<string, unknown> } }).microvm.vms;
  return Object.keys(vms)
    .sort()
    .map((name) => {
      const entry = vms[name];
      const inner = submoduleEvaluation(entry)?.options as { evaluatedConfig?: { isDefined?: boolean } } | undefined;
      const via = inner?.evaluatedConfig?.isDefined === true ? "evaluatedConfig" : "config";
      const autostart = (entry as { autostart?: unknown }).autostart;
      return { name, via, ...(typeof autostart === "boolean" ? { autostart } : {}) };
    });
}
