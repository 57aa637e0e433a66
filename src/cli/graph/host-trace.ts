/**
 * What `tsden graph` draws for a host: its context pipeline traced through den.ctx
 * (stages, providers, forwards, Den guests), with the microVMs of the host's
 * configuration that come from no Den guest added.
 */
import { type Aspect, isHostEntity, tracePipeline } from "../../aspects/index.js";
import { closest, type EvalResult } from "../../modules/index.js";
import { hostConfiguration, ProjectError } from "../../project/index.js";
import { escapeControls } from "../control-chars.js";
import { configuredVms, type ConfiguredVm } from "./host-vms.js";
import type { HostTrace } from "./pipeline-graph.js";

/** The host named `name` in `den.hosts` (any system); throws UNKNOWN_OUTPUT listing the hosts. */
export function findHost(hosts: Readonly<Record<string, Readonly<Record<string, unknown>>>>, name: string): unknown {
  const all: string[] = [];
  for (const system of Object.keys(hosts)) {
    const bySystem = hosts[system]!;
    if (Object.hasOwn(bySystem, name)) return bySystem[name];
    all.push(...Object.keys(bySystem));
  }
  const near = closest(name, all);
  throw new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `The project has no host \`${escapeControls(name)}'.${near.length > 0 ? ` Did you mean ${near.map((n) => `\`${escapeControls(n)}'`).join(", ")}?` : ""}`,
    hint: `Hosts: ${all.length > 0 ? all.sort().map(escapeControls).join(", ") : "(none: declare den.hosts.<system>.<name>)"}`,
  });
}

/** The VMs of the host's configuration; none when it cannot be evaluated (the pipeline is drawn all the same). */
function vmsOf(result: EvalResult, name: string): ConfiguredVm[] {
  try {
    return configuredVms(hostConfiguration(result, name));
  } catch {
    return [];
  }
}

/** The trace of the host `name` of the evaluated project. */
export function hostTrace(result: EvalResult, name: string): HostTrace {
  const den = (
    result.config as { den: { hosts: Record<string, Record<string, unknown>>; ctx: Record<string, Aspect> } }
  ).den;
  const host = findHost(den.hosts, name);
  if (!isHostEntity(host)) throw new Error(`den.hosts: \`${name}' is not a host`);
  const traced = tracePipeline(den.ctx, host);
  // the VMs of the host's configuration that come from no Den guest (evaluated configurations, modules)
  const guests = new Set(traced.guests.map((g) => g.host));
  const vms = vmsOf(result, host.name).filter((vm) => !guests.has(vm.name));
  return vms.length > 0 ? { ...traced, vms } : traced;
}
