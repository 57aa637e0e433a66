/** The microVM layer's public API (re-exports only). */
export { microvmGuestModule, type GuestModuleArgs } from "./guest-module.js";
export { microvmOptions, type MicrovmOptions, type MicrovmOptionsContext } from "./options.js";
export { HYPERVISORS, IMPLEMENTED_HYPERVISORS, type Hypervisor, type Guest } from "./guest.js";
export { probeKvm, chooseQemuAccel, type KvmProbe, type QemuAccel } from "./runners/capabilities.js";
export { guestModules } from "./host.js";
export { makeMicrovmHostModule, evaluatedConfigType, type MicrovmHostConfig, type MicrovmVm } from "./host-module.js";
export {
  microvmHostPackage,
  HOST_MANIFEST,
  UNITS_DIR,
  type HostManifest,
  type HostOutputExtras,
  type HostPackageVm,
} from "./host-package.js";
export { renderHostUnits, validateVmName, type HostUnitsSpec, type HostUnitsVm } from "./render/host-units.js";
export { makeMicrovmIntegration, STORE_SHARE_TAG, type MicrovmHost } from "./den.js";
export { HYPERVISOR_GROUP, HYPERVISOR_USER } from "./render/unit-sandbox.js";
export { storeDiskPackage, toplevelClosure } from "./store-disk.js";
export { findVirtiofsd, storeShareProto } from "./store-share.js";
