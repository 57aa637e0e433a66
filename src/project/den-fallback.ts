/**
 * A stand-in for Den's top-level module until `src/aspects` exports `denModule`: it
 * declares only `flake`, the outputs tree, as freeform attributes that any module
 * may set.
 */
import { mkOption, types } from "../modules/index.js";

/** The top-level module: `flake`, freeform outputs. */
export const denModule = {
  _file: "<tsden>/den-fallback.ts",
  key: "tsden:den-fallback",
  options: {
    flake: mkOption({
      type: types.submodule({ freeformType: types.lazyAttrsOf(types.anything) }),
      default: {},
      description: "The outputs of the project (`tsden eval <path>` reads them).",
    }),
  },
};
