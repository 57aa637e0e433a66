/** The project layer's public API (re-exports only). */
export { loadProject, withFile, type Project, type ProjectFile } from "./load.js";
export { listModuleFiles, isModulePath, modulesFolder } from "./module-files.js";
export { evalProject, getOutput, outputsOf } from "./outputs.js";
export { parseOutputPath, showOutputPath } from "./output-path.js";
export { ProjectError, isProjectError, projectErrorCodes, type ProjectErrorCode } from "./errors.js";
export {
  defineAspect,
  defineModule,
  defineOsModule,
  type AspectFields,
  type AspectValue,
  type DefaultClasses,
  type DefaultDen,
  type DefaultProjectConfig,
  type DenContext,
  type DenHostEntry,
  type ModuleAttributes,
  type ModuleBody,
  type ModuleDefinitions,
  type OpenConfig,
  type OsModule,
  type OsModuleArgs,
  type ProjectAspect,
  type ProjectConfig,
  type ProjectModule,
  type ProjectOsConfig,
  type ProjectTypes,
  type TypedModule,
  type TypedModuleArgs,
} from "./types/typed-modules.js";
export { recordLoadedFiles, loadedFiles } from "./loaded-files.js";
export { packageAt } from "./package-at.js";
export { runnablePath, runnables, type Runnable } from "./runnables.js";
export {
  explainOption,
  type DefinitionReport,
  type ElementReport,
  type Explanation,
  type Place,
} from "./explain/option.js";
export { definitionSites } from "./locate/source.js";
export { optionsJsonSchema, type JsonSchema, type JsonSchemaOptions } from "./schema/json.js";
export { optionReference, optionReferenceSchema, type ReferenceOptions } from "./schema/reference.js";
export { hostConfiguration, schemaSource, type SchemaSelector, type SchemaSource } from "./schema/target.js";
export { classOptions, type ClassOptions } from "./types/classes.js";
export { configDeclarations, type TypegenSource } from "./types/declarations.js";
