/**
 * tsden's microVM host module and Den integration: microvm's host module (options,
 * units, runners) whose host output also holds `bin/switch-to-configuration`, the
 * activation program that brings the running guests and the host's own settings in
 * line with it.
 */
import {
  guestModules,
  type HostOutputExtras,
  makeMicrovmHostModule,
  makeMicrovmIntegration,
} from "../microvm/index.js";
import { hostOsSection } from "./activation/host-os-section.js";
import { hostOsSpec, SYSTEM_PATH_LINK, type HostOsConfig } from "./activation/host-os.js";
import { insertSection } from "./activation/sections.js";
import { hostActivationSections, renderSwitchToConfiguration } from "./activation/switch-script.js";
import { SWITCH_PROGRAM } from "./paths.js";
import { isPackage, type Package } from "../store/index.js";

/** The system profile (`system.build.systemPath`) when the host has `environment.systemPackages`. */
function systemProfileOf(config: HostOsConfig): Package | undefined {
  if ((config.environment.systemPackages ?? []).length === 0) return undefined;
  const profile = (config as { system?: { build?: { systemPath?: unknown } } }).system?.build?.systemPath;
  if (!isPackage(profile))
    throw new Error(
      "environment.systemPackages is set, but system.build.systemPath is not a package: give the host the OS class (osClassModule)",
    );
  return profile;
}

/**
 * The activation program of a host output, from its VMs and the host's own settings
 * (services, /etc files, users, ...; see `activation/host-os.ts`), with the files
 * those settings install.
 */
export const hostActivationFiles: HostOutputExtras = (spec, vms, config) => {
  const microvms = {
    stateDir: spec.stateDir,
    vms: vms.map((vm) => ({
      name: vm.name,
      runner: vm.runner,
      autostart: vm.autostart,
      restartIfChanged: vm.restartIfChanged,
      shareSources: vm.shareSources,
      volumeImages: vm.volumeImages ?? [],
    })),
  };
  const own = config === undefined ? undefined : hostOsSpec(config as HostOsConfig);
  const sections =
    own === undefined
      ? hostActivationSections(microvms)
      : insertSection(hostActivationSections(microvms), "units", hostOsSection(own.spec));
  const profile = config === undefined ? undefined : systemProfileOf(config as HostOsConfig);
  return {
    ...(own?.contents ?? {}),
    ...(profile === undefined ? {} : { [SYSTEM_PATH_LINK]: { link: profile } }),
    [SWITCH_PROGRAM]: { text: renderSwitchToConfiguration(microvms, sections), mode: 0o555 },
  };
};

/**
 * The host module (class `os`): `microvm.vms.<name>`, `microvm.host.*`,
 * `microvm.stateDir`, `microvm.autostart`, `system.build.microvmHost` (units, runners
 * and `bin/switch-to-configuration`).
 *
 * @example
 * evalModules({ modules: [...osModules, microvmHostModule,
 *   { microvm: { vms: { web: { config: { microvm: { mem: 256 } } } } } }] })
 */
export const microvmHostModule = makeMicrovmHostModule(guestModules, hostActivationFiles);

/**
 * The Den integration of microVMs (a top-level module: add it to a project's modules).
 *
 * @example
 * // modules/microvm-integration.ts
 * export { microvmIntegration as default } from "tsden";
 */
export const microvmIntegration = makeMicrovmIntegration(microvmHostModule);
