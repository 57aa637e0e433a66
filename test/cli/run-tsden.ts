/** The tsden binary (dist/cli/main.js, built by `pretest`) run to its end, for the CLI's tests. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The binary. */
export const tsdenBin = join(import.meta.dirname, "../../dist/cli/main.js");

/** What a run left: its exit code (null when a signal ended it) and its output. */
export interface TsdenRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run it: the folder, variables added to the environment, a time limit, an output limit. */
export interface TsdenRunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeout?: number;
  readonly maxBuffer?: number;
}

/** Runs `tsden ARGS` with Node and waits for it. */
export function runTsden(args: readonly string[], opts: TsdenRunOptions): TsdenRun {
  const r = spawnSync(process.execPath, [tsdenBin, ...args], {
    cwd: opts.cwd,
    encoding: "utf8",
    env: { ...process.env, ...opts.env },
    ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
    ...(opts.maxBuffer === undefined ? {} : { maxBuffer: opts.maxBuffer }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
