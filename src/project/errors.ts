/** Failures of the project layer: finding, importing and reading a project's outputs. */

/** The stable codes of {@link ProjectError}. */
export const projectErrorCodes = [
  "PROJECT_NOT_FOUND",
  "MODULE_IMPORT_FAILED",
  "INVALID_PROJECT_MODULE",
  "INVALID_OUTPUT_PATH",
  "UNKNOWN_OUTPUT",
] as const;

/** One of {@link projectErrorCodes}. */
export type ProjectErrorCode = (typeof projectErrorCodes)[number];

/** What a {@link ProjectError} is built from. */
export interface ProjectErrorData {
  code: ProjectErrorCode;
  message: string;
  /** The project file involved, relative to the project folder. */
  file?: string;
  /** The output path involved, as segments. */
  outputPath?: readonly string[];
  hint?: string;
  cause?: unknown;
}

/**
 * An error of the project layer, with a stable `code`, the file or output path
 * involved, and a hint. Errors of the module system stay `ModuleError`s.
 */
export class ProjectError extends Error {
  readonly code: ProjectErrorCode;
  readonly file?: string;
  readonly outputPath?: readonly string[];
  readonly hint?: string;

  constructor(data: ProjectErrorData) {
    super(data.message, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = "ProjectError";
    this.code = data.code;
    this.file = data.file;
    this.outputPath = data.outputPath;
    this.hint = data.hint;
  }
}

/** Whether `e` is a {@link ProjectError}, optionally with the given code. */
export function isProjectError(e: unknown, code?: ProjectErrorCode): e is ProjectError {
  return e instanceof ProjectError && (code === undefined || e.code === code);
}
