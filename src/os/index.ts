/** The OS layer's public API (re-exports only). */
export { osClassModule, osModules } from "./os-modules.js";
export * from "./options/index.js";
export { systemInitSpec, type SystemInitInput } from "./builders/system.js";
export { initialRamdiskPackage, kernelPackage, toplevelPackage } from "./builders/system-packages.js";
export {
  inspectUserKernel,
  readKernelOutput,
  userKernelDerivation,
  type UserKernelSource,
} from "./builders/user-kernel.js";
export {
  debianKernel,
  debianKernelDerivation,
  resolveDebianKernel,
  resolveDebianKernelCached,
  type Kernel,
  type DebianKernelFlavour,
} from "./builders/kernel.js";
export { buildInitramfs, initramfsDerivation, type Initramfs } from "./builders/initramfs.js";
export { EXIT_PORT, INIT_MARKERS, READY_PORT_NAME, renderInit } from "./builders/init-script.js";
export {
  validateAbsolutePath,
  validateInitSpec,
  type InitInterface,
  type InitMount,
  type InitSpec,
} from "./builders/init-spec.js";
export { shellCommand, shellQuote } from "./render/shell-quote.js";
export { debianPackage, debianPackageSet, debianCacheDir, type Pkgs } from "./pkgs/package-set.js";
export { pkgsModule } from "./pkgs/pkgs-module.js";
export { mergeProfile, systemPathPackage } from "./builders/rootfs-profile.js";
export { buildStoreImage, stableUuid, STORE_IMAGE_TYPES, type StoreImageType } from "./builders/rootfs-image.js";
export { renderServiceUnit, type RenderedService, type ResolvedService } from "./render/systemd-unit.js";
export {
  execLine,
  execWord,
  quoteEnvironment,
  raw,
  renderUnit,
  unitValue,
  type RawPart,
} from "./render/systemd-syntax.js";
export { renderAccounts, type BaseAccounts, type RenderedAccounts } from "./render/accounts.js";
export { renderNetworkdFiles } from "./render/networkd.js";
export { renderSshdConfig } from "./render/sshd-config.js";
export { renderDebianInit, DEBIAN_INIT_MARKERS, type DebianInitSpec } from "./render/debian-init.js";
export { debianBaseDerivation, basePackageList, type DebianBaseRequest } from "./builders/debian-base.js";
export { debianRootFiles, renderFstab, type DebianRootConfig, type RootFile } from "./builders/debian-base-files.js";
export {
  debianSystem,
  debianBaseRequest,
  type DebianOsConfig,
  type DebianSystem,
} from "./builders/debian-base-system.js";
