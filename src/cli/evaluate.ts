/**
 * The project a command works on, loaded and evaluated: the steps that the commands
 * reading a project share (load the project of `--project`, else of the current
 * folder; evaluate it; read an output path), with a progress line while they run.
 */
import { type EvalResult, keepSubmoduleEvaluations } from "../modules/index.js";
import { evalProject, getOutput, loadProject, type Project, recordLoadedFiles } from "../project/index.js";
import type { CommandIO } from "./command.js";

/** What evaluating needs of a command: its `--project` flag and its streams. */
export interface ProjectCommandContext {
  readonly flags: { readonly project?: string | undefined };
  readonly io: CommandIO;
}

/** How to evaluate. */
export interface EvaluateOptions {
  /** The progress line shown while the project loads and evaluates (`evaluating the hosts`). */
  readonly progress?: string;
  /** Keep the evaluations of submodule values (to read the definitions inside them). */
  readonly keepSubmodules?: boolean;
  /** Record every file the evaluation imports (`loadedFiles()`), for a cache to check. */
  readonly recordFiles?: boolean;
}

/** A loaded project and its top-level evaluation. */
export interface Evaluated {
  readonly project: Project;
  readonly result: EvalResult;
}

/** The project folder of a command: `--project`, else the current folder. */
export function projectDir(ctx: ProjectCommandContext): string {
  return ctx.flags.project ?? ctx.io.cwd;
}

/** Loads and evaluates the command's project. */
export async function evaluate(ctx: ProjectCommandContext, opts: EvaluateOptions = {}): Promise<Evaluated> {
  if (opts.progress !== undefined) ctx.io.progress?.(opts.progress);
  if (opts.keepSubmodules) keepSubmoduleEvaluations();
  if (opts.recordFiles) recordLoadedFiles();
  const project = await loadProject(projectDir(ctx));
  return { project, result: evalProject(project) };
}

/** The value at an output path of the command's project (UNKNOWN_OUTPUT when there is none). */
export async function outputAt(
  ctx: ProjectCommandContext,
  path: readonly string[],
  opts: EvaluateOptions = {},
): Promise<unknown> {
  return getOutput((await evaluate(ctx, opts)).result, path);
}

/** The project's host configurations (`osConfigurations`), evaluated with a progress line. */
export async function hostConfigurations(
  ctx: ProjectCommandContext,
  progress: string,
): Promise<Record<string, unknown>> {
  return (await outputAt(ctx, ["osConfigurations"], { progress })) as Record<string, unknown>;
}
