/** The host layer's public API (re-exports only). */
export { microvmHostModule, microvmIntegration, hostActivationFiles } from "./microvm-host.js";
export { assembleActivation, insertSection, generationSection, type ActivationSection } from "./activation/sections.js";
export { hostActivationSections, renderSwitchToConfiguration } from "./activation/switch-script.js";
export {
  microvmSection,
  microvmRemovedSection,
  type ActivationVm,
  type MicrovmActivationSpec,
} from "./activation/microvm-section.js";
export { unitsSection } from "./activation/units-section.js";
export { listGenerations, type Generation } from "./generations.js";
export * from "./paths.js";
export { switchToConfiguration, type SwitchAction, type SwitchOptions } from "./switch.js";
export { hostStatus, type HostStatus, type VmStatus, type VmFile } from "./status.js";
export { assertCanActivate } from "./systemd.js";
export { remoteHostStatus } from "./status.js";
export { gc, type GcOptions } from "./gc.js";
export { deploy, type DeployOptions, type HostDeployResult } from "./deploy/deploy.js";
export { selectTargets, sshTargetOf, type DeployTarget } from "./deploy/targets.js";
export { gcTargets, type HostGcResult } from "./deploy/remote-gc.js";
