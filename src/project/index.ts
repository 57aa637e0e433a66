/** The project layer's public API (re-exports only). */
export { loadProject, withFile, type Project, type ProjectFile } from "./load.js";
export { listModuleFiles, isModulePath, modulesFolder } from "./module-files.js";
export { evalProject, getOutput, outputsOf } from "./outputs.js";
export { parseOutputPath, showOutputPath } from "./output-path.js";
export { ProjectError, isProjectError, projectErrorCodes, type ProjectErrorCode } from "./errors.js";
export {
  defineModule,
  type TypedModule,
  type TypedModuleArgs,
  type ModuleBody,
  type ModuleDefinitions,
  type ModuleAttributes,
} from "./typegen-module.js";
export { recordLoadedFiles, loadedFiles } from "./loaded-files.js";
