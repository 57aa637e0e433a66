/** The one place builders start processes: argv only, never a shell. */
import { spawn } from "node:child_process";

/** Options for `run`. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is closed afterwards. */
  readonly input?: string | Uint8Array;
  /** Kills the child (SIGKILL) after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Resolve instead of throwing when the exit code is not 0. */
  readonly allowFailure?: boolean;
}

/** What a finished process left behind. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A process that could not start or did not exit with 0. */
export class RunError extends Error {
  readonly result: RunResult | undefined;
  constructor(message: string, result?: RunResult) {
    super(message);
    this.name = "RunError";
    this.result = result;
  }
}

/** Runs `command args...` and collects its output; throws a `RunError` on failure. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const shown = [command, ...args].join(" ");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (timer !== undefined) clearTimeout(timer);
      const hint = error.code === "ENOENT" ? ` (is ${command} installed and on PATH?)` : "";
      reject(new RunError(`cannot start ${command}: ${error.message}${hint}`));
    });
    child.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      const result: RunResult = {
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      if (code === 0 || options.allowFailure === true) {
        resolvePromise(result);
        return;
      }
      const how = signal !== null ? `was killed by ${signal}` : `exited with ${code}`;
      const tail = result.stderr.trim().split("\n").slice(-8).join("\n");
      reject(new RunError(`${shown} ${how}${tail === "" ? "" : `:\n${tail}`}`, result));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  });
}
