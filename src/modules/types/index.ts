/** The option types, under their nixpkgs names (`types.listOf`, `types.ints.u16` ...). */
import * as compound from "./compound.js";
import * as prim from "./primitives.js";
import * as sub from "./submodule.js";
import * as paths from "./path.js";
import { attrTag } from "./attr-tag.js";
import { defaultFunctor as functorNamed, defaultTypeMerge as mergeByFunctor } from "./option-type.js";
export {
  defaultFunctor,
  defaultTypeMerge,
  mkOptionType,
  isOptionType,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
  type OptionType,
  type OptionTypeSpec,
  type TypeFunctor,
} from "./option-type.js";
export type { DerivationValue } from "./primitives.js";

/** The types catalogue. */
export const types = {
  raw: prim.raw,
  unspecified: prim.unspecified,
  anything: prim.anything,
  bool: prim.bool,
  boolByOr: prim.boolByOr,
  int: prim.int,
  ints: prim.ints,
  port: prim.port,
  float: prim.float,
  number: prim.number,
  str: prim.str,
  nonEmptyStr: prim.nonEmptyStr,
  singleLineStr: prim.singleLineStr,
  strMatching: prim.strMatching,
  separatedString: prim.separatedString,
  lines: prim.lines,
  commas: prim.commas,
  envVar: prim.envVar,
  attrs: prim.attrs,
  path: paths.path,
  pathInStore: paths.pathInStore,
  pathWith: paths.pathWith,
  package: prim.packageType,
  enum: prim.enumType,
  listOf: compound.listOf,
  nonEmptyListOf: compound.nonEmptyListOf,
  attrsOf: compound.attrsOf,
  lazyAttrsOf: compound.lazyAttrsOf,
  attrsWith: compound.attrsWith,
  nullOr: compound.nullOr,
  either: compound.either,
  oneOf: compound.oneOf,
  coercedTo: compound.coercedTo,
  addCheck: compound.addCheck,
  uniq: compound.uniq,
  unique: compound.unique,
  functionTo: compound.functionTo,
  submodule: sub.submodule,
  submoduleWith: sub.submoduleWith,
  deferredModule: sub.deferredModule,
  deferredModuleWith: sub.deferredModuleWith,
  optionType: sub.optionType,
  attrTag,
  /** nixpkgs `types.defaultFunctor`. */
  defaultFunctor: functorNamed,
  /** nixpkgs `types.defaultTypeMerge`. */
  defaultTypeMerge: mergeByFunctor,
} as const;
