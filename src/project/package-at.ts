/**
 * What an output path builds: the package there, or for an evaluated configuration its
 * `system.build.microvmHost` (a host of microVMs) or else its `system.build.toplevel`.
 */
import { isPackage, type Package } from "../store/index.js";
import { ProjectError } from "./errors.js";
import { showOutputPath } from "./output-path.js";

/** Whether `v` is an evaluated configuration (`evalModules`' result). */
function isConfiguration(v: unknown): v is { config: { system?: { build?: Record<string, unknown> } } } {
  return (
    typeof v === "object" &&
    v !== null &&
    "config" in v &&
    typeof (v as { extendModules?: unknown }).extendModules === "function"
  );
}

/** The package a value at `path` stands for; throws a ProjectError naming what was found. */
export function packageAt(value: unknown, path: readonly string[]): Package {
  if (isPackage(value)) return value;
  if (isConfiguration(value)) {
    const build = value.config.system?.build;
    for (const name of ["microvmHost", "toplevel"]) {
      const candidate = build?.[name];
      if (isPackage(candidate)) return candidate;
    }
    throw new ProjectError({
      code: "UNKNOWN_OUTPUT",
      message: `The configuration \`${showOutputPath(path)}' has neither system.build.microvmHost nor system.build.toplevel.`,
      outputPath: path,
      hint: "Give the OS class its options (osClassModule), or name a package: tsden build <path>.config.system.build.<name>",
    });
  }
  const kind =
    value === null
      ? "null"
      : Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "an object"
          : `a ${typeof value}`;
  throw new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `The output \`${showOutputPath(path)}' is ${kind}, not a package or a configuration.`,
    outputPath: path,
    hint: "tsden eval shows what is there; build a package (packages.<system>.<name>) or a host (osConfigurations.<name>).",
  });
}
