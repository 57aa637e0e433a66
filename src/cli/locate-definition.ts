/**
 * The line of a definition an error names, found in its module file with the project
 * layer's source locator (the one `tsden explain` uses): only when exactly one
 * property of the file defines the option, so a code frame never points at a guess.
 */
import { definitionSites } from "../project/index.js";
import type { LocateDefinition } from "./report.js";

/** Finds the single line of `file` (absolute) that defines `optionPath`, if there is one. */
export const locateDefinition: LocateDefinition = (file, optionPath) => {
  const sites = definitionSites(file, optionPath);
  return sites.length === 1 ? sites[0]!.line : undefined;
};
