/**
 * What an output path names, for `explain`, `options` and `types`: the evaluation that
 * holds the option (the project's top-level one, or a configuration reached on the way,
 * such as `osConfigurations.server`), the option in it, and the rest of the path below
 * the option (inside a submodule value). `a.b.config.x.y` enters the configuration at
 * `a.b` and names its option `x.y`; a path that enters no configuration names the
 * top-level option `flake.<path>`, and `config.<option>` names an option of the
 * top-level evaluation itself (`config.den.hosts`).
 */
import { force, type EvalResult, type OptionInfo } from "../../modules/index.js";
import { ProjectError } from "../errors.js";
import { getOutput, outputsOf } from "../outputs.js";
import { showOutputPath } from "../output-path.js";

/** An option named by an output path. */
export interface OptionTarget {
  /** The evaluation whose option it is. */
  readonly evaluation: EvalResult;
  /** The output path of that evaluation (`[]` for the project's top-level one). */
  readonly evaluationPath: readonly string[];
  /** The option. */
  readonly option: OptionInfo;
  /** The option's path in the evaluation's options tree (its `loc` without the evaluation's prefix). */
  readonly path: readonly string[];
  /** The path below the option (for values of submodule, attrsOf, ... options). */
  readonly rest: readonly string[];
}

/** Whether `v` is an evaluation result (`evalModules`' `{ config, options, ... }`). */
export function isConfiguration(v: unknown): v is EvalResult {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.extendModules === "function" && "config" in r && "options" in r;
}

function isOptionNode(v: unknown): v is OptionInfo {
  return typeof v === "object" && v !== null && (v as { _type?: unknown })._type === "option";
}

function isAttrs(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The option at `path` (or above it) in an options tree, and the rest of the path. */
export function optionAt(
  options: unknown,
  path: readonly string[],
): { option: OptionInfo; rest: string[] } | undefined {
  let node: unknown = options;
  for (let i = 0; i <= path.length; i++) {
    if (isOptionNode(node)) return { option: node, rest: path.slice(i) };
    if (i === path.length || !isAttrs(node) || !(path[i]! in node)) return undefined;
    node = node[path[i]!];
  }
  return undefined;
}

/**
 * The option an output path names (see the file comment). Throws UNKNOWN_OUTPUT when
 * the path leads nowhere, or ends at a configuration or at a part of the option tree
 * that is not one option.
 */
export function optionTarget(result: EvalResult, path: readonly string[]): OptionTarget {
  let evaluation: EvalResult = result;
  let evaluationPath: string[] = [];
  let optionPath: string[] = ["flake"];
  let value: unknown = outputsOf(result);
  let start = 0;
  if (path[0] === "config" && path.length > 1) {
    // `config.<option>`: an option of the project's top-level evaluation (den.*, flake)
    [optionPath, value, start] = [[], result.config, 1];
  }
  for (let i = start; i < path.length; i++) {
    const seg = path[i]!;
    if (isConfiguration(value) && seg === "config") {
      evaluation = value;
      evaluationPath = [...path.slice(0, i)];
      optionPath = [];
      value = value.config;
      continue;
    }
    if (!isAttrs(value) || !(seg in value)) {
      if (start === 0) getOutput(result, path.slice(0, i + 1)); // throws the usual UNKNOWN_OUTPUT
      throw new ProjectError({
        code: "UNKNOWN_OUTPUT",
        message: `The project's configuration has no \`${showOutputPath(path.slice(1, i + 1))}'.`,
        outputPath: path,
        hint: isAttrs(value)
          ? `Available names: ${Object.keys(value).sort().slice(0, 30).join(", ") || "(none)"}`
          : undefined,
      });
    }
    value = force((value as Record<string, unknown>)[seg]);
    optionPath.push(seg);
  }
  if (isConfiguration(value)) {
    throw new ProjectError({
      code: "UNKNOWN_OUTPUT",
      message: `\`${showOutputPath(path)}' is a configuration, not an option.`,
      outputPath: path,
      hint: `Name one of its options: ${showOutputPath([...path, "config"])}.<option>`,
    });
  }
  const found = optionAt(evaluation.options, optionPath);
  if (!found) {
    throw new ProjectError({
      code: "UNKNOWN_OUTPUT",
      message: `\`${showOutputPath(path)}' is not one option of ${evaluationPath.length > 0 ? `\`${showOutputPath(evaluationPath)}'` : "the project"}, but a set of options.`,
      outputPath: path,
      hint: `Name one option under it, e.g. with \`tsden options ${showOutputPath(optionPath)}\`${evaluationPath.length > 0 ? ` --output ${showOutputPath(evaluationPath)}` : ""}.`,
    });
  }
  return {
    evaluation,
    evaluationPath,
    option: found.option,
    path: optionPath.slice(0, optionPath.length - found.rest.length),
    rest: found.rest,
  };
}
