/** `osModules`: the option vocabulary of the OS class `os`, and its Den registration. */
import { assertionsModule } from "../modules/index.js";
import { bootModule } from "./options/boot.js";
import { deploymentModule } from "./options/deployment.js";
import { environmentModule } from "./options/environment.js";
import { fileSystemsModule } from "./options/file-systems.js";
import { networkingModule } from "./options/networking.js";
import { systemBuildModule } from "./options/system-build.js";
import { pkgsModule } from "./pkgs/pkgs-module.js";
import { outputPkgsModules } from "./pkgs/output-pkgs.js";
import { systemOutputs } from "../aspects/index.js";
import { etcModule } from "./options/etc.js";
import { programsModule } from "./options/programs.js";
import { servicesModule } from "./options/services.js";
import { systemBaseModule } from "./options/system-base.js";
import { systemdModule } from "./options/systemd.js";
import { timeModule } from "./options/time.js";
import { usersModule } from "./options/users.js";

/** Every option module of the `os` class (NixOS names); give them to `evalModules` with the configuration's modules. */
export const osModules: readonly unknown[] = Object.freeze([
  assertionsModule,
  networkingModule,
  bootModule,
  fileSystemsModule,
  environmentModule,
  systemBuildModule,
  pkgsModule,
  systemBaseModule,
  usersModule,
  systemdModule,
  servicesModule,
  programsModule,
  timeModule,
  etcModule,
  deploymentModule,
]);

/**
 * A top-level Den module registering `osModules` as `den.classes.os`, so Den
 * instantiates `os` hosts with them, and giving the per-system output classes
 * (`packages`, ...) `pkgs` (output-pkgs.ts).
 */
export const osClassModule = {
  _file: "tsden/os/os-modules.ts",
  key: "tsden/os/os-modules.ts#osClassModule",
  config: {
    den: {
      classes: {
        os: [...osModules],
        ...Object.fromEntries(systemOutputs.map((output) => [output, [...outputPkgsModules]])),
      },
    },
  },
};
