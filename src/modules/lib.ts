/** The `lib` argument every module function receives: the module system's own API. */
import * as properties from "./properties.js";
import { lazy } from "./lazy.js";
import { deepSeq } from "./deep-seq.js";
import { setAttrByPath } from "./attrsets.js";
import { mkDefinition } from "./definition.js";
import { mkEnableOption, mkOption } from "./option.js";
import {
  defaultOverridePriority,
  importApply,
  mergeAttrDefinitionsWithPrio,
  mkDerivedConfig,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  setDefaultModuleLocation,
  showAttrPath,
} from "./module-helpers.js";
import * as renames from "./renames.js";
import { types } from "./types/index.js";

/** The helpers nixpkgs keeps under `lib.modules`. */
const modules = {
  defaultOverridePriority,
  importApply,
  mergeAttrDefinitionsWithPrio,
  mkDefinition,
  mkDerivedConfig,
  setDefaultModuleLocation,
  ...renames,
};

/** The helpers nixpkgs keeps under `lib.options`. */
const options = { mkOption, mkEnableOption, mkPackageOption, mkSinkUndeclaredOptions, showAttrPath };

/** What modules find in their `lib` argument. */
export const lib = {
  ...properties,
  ...modules,
  ...options,
  lazy,
  deepSeq,
  setAttrByPath,
  types,
  modules,
  options,
};
