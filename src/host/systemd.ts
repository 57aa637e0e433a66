/**
 * The host layer's one place that starts processes on this machine: the activation
 * program and `systemctl`. Also the preconditions every activation has: root, and a
 * running systemd, each with an error saying what to do.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** What a finished program printed and returned. */
export interface ProgramResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `program args...`; `onLine` gets its output as it comes (stdout and stderr lines). */
export function runProgram(
  program: string,
  args: readonly string[],
  onLine?: (line: string, stream: "stdout" | "stderr") => void,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const pending = { stdout: "", stderr: "" };
    for (const stream of ["stdout", "stderr"] as const) {
      child[stream].on("data", (chunk: Buffer) => {
        chunks[stream].push(chunk);
        if (onLine === undefined) return;
        const lines = (pending[stream] + chunk.toString("utf8")).split("\n");
        pending[stream] = lines.pop()!;
        for (const line of lines) onLine(line, stream);
      });
    }
    child.on("error", (error: NodeJS.ErrnoException) => reject(new Error(`cannot run ${program}: ${error.message}`)));
    child.on("close", (code, signal) => {
      for (const stream of ["stdout", "stderr"] as const) if (pending[stream] !== "") onLine?.(pending[stream], stream);
      resolve({
        code: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(chunks.stdout).toString("utf8"),
        stderr: Buffer.concat(chunks.stderr).toString("utf8"),
      });
    });
  });
}

/** Throws an error saying what to do unless this process may activate a host (root, systemd running). */
export function assertCanActivate(verb: string): void {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(`${verb} changes this machine's systemd units and VM state: run it as root (sudo ${verb})`);
  }
  if (!existsSync("/run/systemd/system")) {
    throw new Error(
      `systemd is not running on this machine (no /run/systemd/system): ${verb} needs a host booted with systemd as init (in a container: systemd-nspawn -b)`,
    );
  }
}
