import type { ErrorCode } from "./codes.js";

/** Where a definition or declaration came from, and what it said. */
export interface Origin {
  file: string;
  line?: number;
  value?: unknown;
}

/** What a {@link ModuleError} is built from: data first, rendering separately. */
export interface ModuleErrorData {
  code: ErrorCode;
  message: string;
  optionPath?: readonly string[];
  definitions?: readonly Origin[];
  hint?: string;
  /** Option paths that formed a cycle, outermost first. */
  trail?: readonly { path: string; files: readonly string[] }[];
}

/**
 * The one error class of the module system. `code` is stable, `optionPath` names the
 * option, `definitions` the definitions involved (with file and line), `hint` says how
 * to fix it.
 *
 * @example
 * try { evalModules({ modules }).config.a } catch (e) {
 *   if (e instanceof ModuleError && e.code === "UNKNOWN_OPTION") console.error(e.hint);
 * }
 */
export class ModuleError extends Error {
  readonly code: ErrorCode;
  readonly optionPath: readonly string[];
  readonly definitions: readonly Origin[];
  readonly hint?: string;
  readonly trail?: readonly { path: string; files: readonly string[] }[];
  /** Messages of the evaluations this error passed through ("while evaluating ..."). */
  readonly context: string[] = [];

  constructor(data: ModuleErrorData) {
    super(data.hint ? `${data.message}\n\n${data.hint}` : data.message);
    this.name = "ModuleError";
    this.code = data.code;
    this.optionPath = data.optionPath ?? [];
    this.definitions = data.definitions ?? [];
    this.hint = data.hint;
    this.trail = data.trail;
  }
}

/** Whether `e` is a {@link ModuleError}, optionally with the given code. */
export function isModuleError(e: unknown, code?: ErrorCode): e is ModuleError {
  return e instanceof ModuleError && (code === undefined || e.code === code);
}
