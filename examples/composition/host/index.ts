/** Every host module of this example, with microvm's host module. */
import { microvmHostModule } from "tsden";
import { globalConfigHostModule } from "./global-config.js";
import { networkingHostModule } from "./networking.js";
import { virtualizationHostModule } from "./virtualization.js";

/** The host modules (class `os`): microvm's host, `ghaf.global-config`, `ghaf.virtualization.microvm`, `ghaf.networking.hosts`. */
export const ghafHostModules: readonly unknown[] = [
  microvmHostModule,
  globalConfigHostModule,
  virtualizationHostModule,
  networkingHostModule,
];
