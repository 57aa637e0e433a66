/** The OS layer's public API (re-exports only). */
export { osClassModule, osModules } from "./os-modules.js";
export * from "./options/index.js";
export { systemInitSpec, type SystemInitInput } from "./build/system.js";
export { initialRamdiskPackage, kernelPackage, toplevelPackage } from "./build/system-packages.js";
export {
  inspectUserKernel,
  readKernelOutput,
  userKernelDerivation,
  type UserKernelSource,
} from "./build/user-kernel.js";
export {
  debianKernel,
  debianKernelDerivation,
  resolveDebianKernel,
  resolveDebianKernelCached,
  type Kernel,
  type DebianKernelFlavour,
} from "./build/kernel.js";
export { buildInitramfs, initramfsDerivation, type Initramfs } from "./build/initramfs.js";
export { INIT_MARKERS, renderInit } from "./build/init-script.js";
export { validateInitSpec, type InitInterface, type InitMount, type InitSpec } from "./build/init-spec.js";
export { shellCommand, shellQuote } from "./render/shell-quote.js";
export { debianPackage, debianPackageSet, debianCacheDir, type Pkgs } from "./pkgs/package-set.js";
export { pkgsModule } from "./pkgs/pkgs-module.js";
export { mergeProfile, systemPathPackage } from "./build/rootfs-profile.js";
export { buildStoreImage, stableUuid, STORE_IMAGE_TYPES, type StoreImageType } from "./build/rootfs-image.js";
export {
  renderServiceUnit,
  quoteEnvironment,
  type RenderedService,
  type ResolvedService,
} from "./render/systemd-unit.js";
export { renderAccounts, type BaseAccounts, type RenderedAccounts } from "./render/accounts.js";
export { renderNetworkdFiles } from "./render/networkd.js";
export { renderSshdConfig } from "./render/sshd-config.js";
export { renderDebianInit, DEBIAN_INIT_MARKERS, type DebianInitSpec } from "./render/debian-init.js";
export { debianBaseDerivation, basePackageList, type DebianBaseRequest } from "./build/debian-base.js";
export { debianRootFiles, renderFstab, type DebianRootConfig, type RootFile } from "./build/debian-base-files.js";
export { debianSystem, debianBaseRequest, type DebianOsConfig, type DebianSystem } from "./build/debian-base-system.js";
