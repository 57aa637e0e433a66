/**
 * Assertions and warnings (NixOS nixos/modules/misc/assertions.nix and the check in
 * system/activation/top-level.nix): modules add `{ assertion, message }` entries to
 * `assertions` and strings to `warnings`; after evaluation, `checkAssertions` fails
 * with every failed assertion at once, or returns the warnings for the caller to show.
 */
import { ModuleError } from "./errors/module-error.js";
import { mkOption } from "./option.js";
import { listOf } from "./types/compound.js";
import { bool, str } from "./types/primitives.js";
import { submodule } from "./types/submodule.js";

/** One assertion: `message` is reported when `assertion` is false. */
export interface Assertion {
  assertion: boolean;
  message: string;
}

/**
 * The module declaring `assertions: listOf (submodule { assertion: bool; message: str })`
 * and `warnings: listOf str`, both internal and empty by default. Import it once
 * (its `key` deduplicates it).
 *
 * @example evalModules({ modules: [assertionsModule, { assertions: [{ assertion: false, message: "no" }] }] })
 */
export const assertionsModule = {
  _file: "tsden/modules/assertions.ts",
  key: "tsden/modules/assertions.ts",
  options: {
    assertions: mkOption<Assertion[]>({
      type: listOf(
        submodule({
          options: {
            assertion: mkOption({ type: bool, description: "A condition that must hold." }),
            message: mkOption({ type: str, description: "What to report when `assertion` is false." }),
          },
        }),
      ),
      internal: true,
      default: [],
      example: [{ assertion: false, message: "you can't enable this for that reason" }],
      description:
        "This option allows modules to express conditions that must hold for the evaluation of the system configuration to succeed, along with associated error messages for the user.",
    }),
    warnings: mkOption<string[]>({
      type: listOf(str),
      internal: true,
      default: [],
      example: ["The `foo' service is deprecated and will go away soon!"],
      description:
        "This option allows modules to show warnings to users during the evaluation of the system configuration.",
    }),
  },
};

const isEvalResult = (v: object): v is { config: Record<string, unknown> } =>
  typeof (v as { extendModules?: unknown }).extendModules === "function" && "config" in v;

/**
 * Checks the assertions of an evaluation (its result or its `config`): throws one
 * `ASSERTION_FAILED` error listing every failed message ("Failed assertions:\n- a\n- b"),
 * otherwise returns `warnings` (printing nothing).
 */
export function checkAssertions(target: object): string[] {
  const config = (isEvalResult(target) ? target.config : target) as {
    assertions?: readonly Assertion[];
    warnings?: readonly string[];
  };
  const failed = (config.assertions ?? []).filter((a) => !a.assertion).map((a) => a.message);
  if (failed.length > 0) {
    throw new ModuleError({
      code: "ASSERTION_FAILED",
      message: `Failed assertions:\n${failed.map((m) => `- ${m}`).join("\n")}`,
      optionPath: ["assertions"],
    });
  }
  return [...(config.warnings ?? [])];
}
