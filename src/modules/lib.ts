/** The `lib` argument every module function receives: the module system's own API. */
import * as properties from "./properties.js";
import { lazy } from "./lazy.js";
import { deepSeq } from "./deep-seq.js";
import { setAttrByPath } from "./attrsets.js";
import { mkEnableOption, mkOption } from "./option.js";
import { types } from "./types/index.js";

/** What modules find in their `lib` argument. */
export const lib = {
  ...properties,
  lazy,
  deepSeq,
  setAttrByPath,
  mkOption,
  mkEnableOption,
  types,
};
