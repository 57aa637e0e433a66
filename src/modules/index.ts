/** The module system's public API (re-exports only). */
export {
  evalModules,
  evaluationStats,
  type EvalModulesArgs,
  type EvalResult,
  type ExtendModulesArgs,
  type OptionInfo,
} from "./eval.js";
export { mkOption, mkEnableOption, isOption, type OptionDecl, type OptionSpec } from "./option.js";
export type { ConfigOf, DefinitionOf, ModuleConfigOf, SubmoduleValue, ValueOf } from "./config-of.js";
export { isOptionInfo } from "./options-view.js";
export {
  mkIf,
  mkMerge,
  mkOverride,
  mkForce,
  mkDefault,
  mkOptionDefault,
  mkVMOverride,
  mkImageMediaOverride,
  mkOrder,
  mkBefore,
  mkAfter,
  isProperty,
} from "./properties.js";
export { priorities, orderPriorities } from "./priority.js";
export { lazy, isLazy } from "./lazy.js";
export { force } from "./force.js";
export { deepSeq } from "./deep-seq.js";
export { setAttrByPath } from "./attrsets.js";
export {
  types,
  mkOptionType,
  isOptionType,
  mergeEqualOption,
  mergeOneOption,
  mergeDefaultOption,
  type OptionType,
  type DerivationValue,
} from "./types/index.js";
export { deepEqual, isPlainObject } from "./types/option-type.js";
export { keepSubmoduleEvaluations, submoduleEvaluation } from "./types/submodule.js";
export type { NormalModule } from "./normalize.js";
export { noteModuleFile } from "./collect.js";
export { closest, editDistance } from "./errors/suggest.js";
export { ModuleError, isModuleError, type Origin } from "./errors/module-error.js";
export { errorCodes, type ErrorCode } from "./errors/codes.js";
export { showOption } from "./errors/render.js";
export { isStackOverflow, stackOverflowError } from "./errors/stack-overflow.js";
export { mkDefinition, type Definition } from "./definition.js";
export {
  defaultOverridePriority,
  importApply,
  mergeAttrDefinitionsWithPrio,
  mkDerivedConfig,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  setDefaultModuleLocation,
  showAttrPath,
  type PackageOptionArgs,
} from "./module-helpers.js";
export { warn } from "./warn.js";
export { storeDir, storeDirs } from "./store-dir.js";
export {
  doRename,
  mkAliasOptionModule,
  mkRenamedOptionModule,
  mkRemovedOptionModule,
  mkChangedOptionModule,
  mkMergedOptionModule,
  mkRenamedOptionModuleWith,
  oldestSupportedRelease,
  mkAliasDefinitions,
  mkAliasAndWrapDefinitions,
  mkAliasAndWrapDefsWithPriority,
  mkAliasIfDef,
  type DoRenameArgs,
  type OptionPath,
  type RenameModule,
} from "./renames.js";
export { assertionsModule, checkAssertions, type Assertion } from "./assertions.js";
export {
  optionsToDocList,
  renderOptionsMarkdown,
  renderOptionValue,
  toPretty,
  literalExpression,
  literalMD,
  showOptionPath,
  type DocOption,
  type DocText,
  type MarkdownOptions,
} from "./docs.js";
export {
  explainDefinitions,
  listElementsOf,
  plainDefinitionData,
  priorityName,
  rawDefinitions,
  type DefinitionStatus,
  type DefinitionsQuery,
  type ExplainedDefinition,
  type ListElement,
  type RawDefinition,
} from "./explain-definitions.js";
