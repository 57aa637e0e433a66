/** `environment.systemPackages`: packages of the system (recorded in the top level). */
import { mkOption, types } from "../../modules/index.js";
import { packageType } from "./package-type.js";

/** The `environment` options. */
export const environmentModule = {
  _file: "tsden/os/options/environment.ts",
  key: "tsden/os/options/environment.ts",
  options: {
    environment: {
      systemPackages: mkOption({
        type: types.listOf(packageType),
        default: [],
        description: "Packages of the system; each is realised with the system's top level.",
      }),
    },
  },
};
