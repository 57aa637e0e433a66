/** The `lib` argument every module function receives: the module system's own API. */
import * as properties from "./properties.js";
import { lazy } from "./lazy.js";
import { deepSeq } from "./deep-seq.js";
import { setAttrByPath } from "./attrsets.js";
import { mkDefinition } from "./definition.js";
import { isOption, mkEnableOption, mkOption } from "./option.js";
import { literalExpression, literalMD, optionsToDocList } from "./docs.js";
import { showOption } from "./errors/render.js";
import { evalModules } from "./eval.js";
import { warn } from "./warn.js";
import { mergeDefaultOption, mergeEqualOption, mergeOneOption, mkOptionType } from "./types/option-type.js";
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
const options = {
  mkOption,
  mkEnableOption,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  showAttrPath,
  showOption,
  isOption,
  literalExpression,
  literalMD,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  /** nixpkgs `optionAttrSetToDocList`. */
  optionAttrSetToDocList: optionsToDocList,
};

/** What modules find in their `lib` argument. */
export const lib = {
  ...properties,
  ...modules,
  ...options,
  lazy,
  deepSeq,
  setAttrByPath,
  types,
  mkOptionType,
  warn,
  modules,
  options,
  /** `lib.evalModules` (a getter: eval.ts imports this file). */
  get evalModules(): typeof evalModules {
    return evalModules;
  },
};
