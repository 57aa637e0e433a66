/**
 * Flags the dispatcher reads before a command parses its own (the command still
 * validates them): `--json` (errors as JSON) and `--project`/`-p` (where code frames
 * look for module files), read by parseArgs leniently (other flags are passed over).
 * Arguments after `--` are the program's, not ours.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { projectFlag } from "./flags/common.js";
import { parseArgsOptions } from "./flags/parse.js";

/** What the dispatcher needs from the command line. */
export interface GlobalFlags {
  readonly json: boolean;
  /** The project folder, absolute. */
  readonly root: string;
}

const options = parseArgsOptions({ project: projectFlag, json: { type: "boolean", help: "errors as JSON" } });

/** Reads `--json` and `--project DIR` (`-p DIR`, `--project=DIR`) from `argv`. */
export function globalFlags(argv: readonly string[], cwd: string): GlobalFlags {
  const { values } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false });
  const project = typeof values.project === "string" ? values.project : undefined;
  return { json: values.json === true, root: resolve(cwd, project ?? ".") };
}
