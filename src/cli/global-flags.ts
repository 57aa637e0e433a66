/**
 * Flags the dispatcher reads before a command parses its own (the command still
 * validates them): `--json` (errors as JSON) and `--project`/`-p` (where code frames
 * look for module files). Arguments after `--` are the program's, not ours.
 */
import { resolve } from "node:path";

/** What the dispatcher needs from the command line. */
export interface GlobalFlags {
  readonly json: boolean;
  /** The project folder, absolute. */
  readonly root: string;
}

/** Reads `--json` and `--project DIR` (`-p DIR`, `--project=DIR`) from `argv`. */
export function globalFlags(argv: readonly string[], cwd: string): GlobalFlags {
  const end = argv.indexOf("--");
  const own = end < 0 ? argv : argv.slice(0, end);
  let project: string | undefined;
  own.forEach((a, i) => {
    if ((a === "--project" || a === "-p") && i + 1 < own.length) project = own[i + 1];
    else if (a.startsWith("--project=")) project = a.slice("--project=".length);
  });
  return { json: own.includes("--json"), root: resolve(cwd, project ?? ".") };
}
