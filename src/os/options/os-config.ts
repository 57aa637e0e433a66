/**
 * The evaluated shape of an `os` configuration: the type its option declarations give
 * (`ModuleConfigOf` of the OS class's option modules), with names for the parts the
 * builders take on their own.
 */
import type { ModuleConfigOf } from "../../modules/index.js";
import type { assertionsModule } from "../../modules/index.js";
import type { bootModule } from "./boot.js";
import type { deploymentModule } from "./deployment.js";
import type { environmentModule } from "./environment.js";
import type { etcModule } from "./etc.js";
import type { fileSystemsModule } from "./file-systems.js";
import type { networkingModule } from "./networking.js";
import type { programsModule } from "./programs.js";
import type { servicesModule } from "./services.js";
import type { systemBaseModule } from "./system-base.js";
import type { systemBuildOptions } from "./system-build.js";
import type { systemdModule } from "./systemd.js";
import type { timeModule } from "./time.js";
import type { usersModule } from "./users.js";

/** The option modules of the `os` class (as `osModules` lists them). */
type OsOptionModules = [
  typeof assertionsModule,
  typeof networkingModule,
  typeof bootModule,
  typeof fileSystemsModule,
  typeof environmentModule,
  { options: typeof systemBuildOptions },
  typeof systemBaseModule,
  typeof usersModule,
  typeof systemdModule,
  typeof servicesModule,
  typeof programsModule,
  typeof timeModule,
  typeof etcModule,
  typeof deploymentModule,
];

/** An evaluated `os` configuration, as its options declare it. */
export type OsConfig = ModuleConfigOf<OsOptionModules>;

/** `networking.interfaces.<name>`. */
export type OsInterface = OsConfig["networking"]["interfaces"][string];

/** One IPv4 address of an interface. */
export type OsAddress = OsInterface["ipv4"]["addresses"][number];

/** `networking.defaultGateway` after coercion from a string. */
export type OsGateway = NonNullable<OsConfig["networking"]["defaultGateway"]>;

/** `fileSystems.<mountPoint>`. */
export type OsFileSystem = OsConfig["fileSystems"][string];

/** The Debian kernel flavours. */
export type KernelFlavour = OsConfig["boot"]["kernel"]["flavour"];
