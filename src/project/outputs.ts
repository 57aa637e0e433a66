/**
 * The top-level evaluation of a project and its outputs: `[denModule,
 * ...projectModules]` are evaluated together; `config.flake` is the outputs tree, read
 * by dotted output paths (`osConfigurations.server.config.networking.hostName`).
 */
import { closest, evalModules, type EvalResult } from "../modules/index.js";
import { denModule } from "../aspects/index.js";
import { ProjectError } from "./errors.js";
import type { Project } from "./load.js";
import { parseOutputPath, showOutputPath } from "./output-path.js";

/** How many available names an error lists before it abbreviates. */
const listedNames = 30;

/** Evaluates a project (or its modules) together with the top-level module of Den. */
export function evalProject(project: Project | readonly unknown[]): EvalResult {
  const modules = Array.isArray(project) ? project : (project as Project).modules;
  return evalModules({ modules: [denModule, ...modules] });
}

/** The outputs tree of an evaluated project (`config.flake`). */
export function outputsOf(result: EvalResult): unknown {
  return (result.config as { flake?: unknown }).flake ?? {};
}

function isAttrs(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function has(o: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(o, name) || (name in o && !(name in Object.prototype));
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "function") return "a function";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function listNames(names: readonly string[]): string {
  if (names.length === 0) return "(none)";
  const shown = names
    .slice(0, listedNames)
    .map((n) => showOutputPath([n]))
    .join(", ");
  return names.length > listedNames ? `${shown}, and ${names.length - listedNames} more` : shown;
}

function unknownName(segments: readonly string[], i: number, here: Record<string, unknown>): ProjectError {
  const name = segments[i]!;
  const names = Object.keys(here).sort();
  const parent =
    i === 0 ? "The project has no output" : `The output \`${showOutputPath(segments.slice(0, i))}' has no attribute`;
  const near = closest(name, names);
  const suggestion =
    near.length > 0
      ? ` Did you mean ${near.map((n) => `\`${showOutputPath([...segments.slice(0, i), n])}'`).join(", ")}?`
      : "";
  return new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `${parent} \`${showOutputPath([name])}'.${suggestion}`,
    outputPath: segments,
    hint: `Available ${i === 0 ? "outputs" : "names"}: ${listNames(names)}`,
  });
}

/**
 * The value at an output path of an evaluated project, e.g.
 * `getOutput(result, "osConfigurations.server.config.networking.hostName")`. Throws a
 * ProjectError (UNKNOWN_OUTPUT, listing the names available where the walk stopped)
 * when the path leads nowhere; errors of the evaluation itself stay ModuleErrors.
 */
export function getOutput(result: EvalResult, path: string | readonly string[]): unknown {
  const segments = typeof path === "string" ? parseOutputPath(path) : path;
  let value = outputsOf(result);
  for (let i = 0; i < segments.length; i++) {
    if (!isAttrs(value)) {
      throw new ProjectError({
        code: "UNKNOWN_OUTPUT",
        message: `The output \`${showOutputPath(segments.slice(0, i))}' is ${kindOf(value)}, not an attribute set, so it has no \`${showOutputPath([segments[i]!])}'.`,
        outputPath: segments,
        hint: `Ask for \`${showOutputPath(segments.slice(0, i))}' itself.`,
      });
    }
    if (!has(value, segments[i]!)) throw unknownName(segments, i, value);
    value = value[segments[i]!];
  }
  return value;
}
