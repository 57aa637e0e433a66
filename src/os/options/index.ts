/** The option modules of the OS class, in the order `osModules` lists them. */
export { bootModule } from "./boot.js";
export { environmentModule } from "./environment.js";
export { fileSystemsModule } from "./file-systems.js";
export { networkingModule, ipAddressType } from "./networking.js";
export { systemBuildModule } from "./system-build.js";
export {
  attrsOfKeyed,
  checkedStr,
  hostNameType,
  interfaceNameType,
  isCleanAbsolutePath,
  isInterfaceName,
  mountPointType,
} from "./names.js";
export type { KernelFlavour, OsAddress, OsConfig, OsFileSystem, OsGateway, OsInterface } from "./os-config.js";
export { packageType } from "./package-type.js";
export { systemBaseModule, DEBIAN_PACKAGE } from "./system-base.js";
export { usersModule, isAccountName, type OsUser, type OsGroup, type OsUsers } from "./users.js";
export { systemdModule, isServiceName, type OsService, type UnitValue } from "./systemd.js";
export { servicesModule, type OsOpenssh } from "./services.js";
export { programsModule, SHELL_PROGRAMS } from "./programs.js";
export { timeModule, isTimeZoneName } from "./time.js";
export { etcModule, isEtcPath, type OsEtcFile } from "./etc.js";
export { deploymentModule, isDeploymentTag, isTargetHost, isTargetUser, type OsDeployment } from "./deployment.js";
