/**
 * Running the program `tsden run` found, stdio inherited, its exit code returned (128
 * + the signal number when a signal ended it). A microVM runner (`bin/microvm-run`)
 * is stopped as a machine is: the first Ctrl-C (on a terminal: the key, read from
 * stdin in raw mode while every other key goes on to the guest's console; else
 * SIGINT) asks the guest to power off with the runner's `bin/microvm-shutdown` (or
 * SIGTERM to the hypervisor when the runner has none), and the hypervisor is killed
 * when it has not exited `stopTimeoutMs` later or at a second Ctrl-C. The runner gets
 * a process group of its own, so a terminal's SIGINT reaches tsden only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join } from "node:path";

/** How `runProgram` reports and how long it waits. */
export interface RunProgramOptions {
  readonly cwd: string;
  /** Prints a line of tsden's own on stderr (without newline). */
  readonly note: (line: string) => void;
  /** How long a guest may take to power off after Ctrl-C before it is killed. */
  readonly stopTimeoutMs: number;
}

/** The exit code of a child that ended with `code` or `signal`. */
function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
}

/** Runs `program args` with inherited stdio and its own handling of nothing: the terminal's ^C reaches it too. */
function runPlain(program: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, { cwd, stdio: "inherit" });
    // the terminal sends ^C to the whole group: let the program decide, then report its end
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onTerm = forward("SIGTERM");
    const onHup = forward("SIGHUP");
    process.on("SIGINT", ignore);
    process.on("SIGTERM", onTerm);
    process.on("SIGHUP", onHup);
    const done = () => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", onTerm);
      process.off("SIGHUP", onHup);
    };
    child.on("error", (error) => {
      done();
      reject(new Error(`cannot start ${program}: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      done();
      resolvePromise(exitCode(code, signal));
    });
  });
}

/** Runs a microVM runner; Ctrl-C powers the guest off (see the file comment). */
function runMicrovm(program: string, args: readonly string[], options: RunProgramOptions): Promise<number> {
  const stdin = process.stdin;
  const interactive = stdin.isTTY === true;
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(program, args, {
      cwd: options.cwd,
      stdio: [interactive ? "pipe" : "inherit", "inherit", "inherit"],
      detached: true,
    });
    let stopping = false;
    let killTimer: NodeJS.Timeout | undefined;
    let shutdown: ChildProcess | undefined;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        options.note("tsden: killing the microVM");
        child.kill("SIGKILL");
      }
    };
    const stop = () => {
      if (stopping) return kill();
      stopping = true;
      const seconds = Math.round(options.stopTimeoutMs / 1000);
      options.note(`tsden: stopping the microVM (killed after ${seconds} s; Ctrl-C again to kill it now)`);
      const helper = join(dirname(program), "microvm-shutdown");
      if (existsSync(helper)) {
        shutdown = spawn(helper, [], {
          cwd: options.cwd,
          stdio: ["ignore", "ignore", "inherit"],
          env: { ...process.env, MICROVM_SHUTDOWN_TIMEOUT: String(Math.max(1, seconds)) },
        });
        shutdown.on("error", () => child.kill("SIGTERM"));
        shutdown.on("exit", (code) => {
          if (code !== 0) child.kill("SIGTERM");
        });
      } else child.kill("SIGTERM");
      killTimer = setTimeout(kill, options.stopTimeoutMs);
    };
    const onData = (data: Buffer) => {
      const at = data.indexOf(3);
      if (at < 0) {
        child.stdin?.write(data);
        return;
      }
      if (at > 0) child.stdin?.write(data.subarray(0, at));
      stop();
    };
    const onSignal = () => stop();
    const onTerm = () => child.kill("SIGTERM");
    const onHup = () => child.kill("SIGHUP");
    if (interactive) {
      stdin.setRawMode(true);
      stdin.on("data", onData);
      stdin.resume();
      child.stdin?.on("error", () => undefined);
    }
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onTerm);
    process.on("SIGHUP", onHup);
    const done = () => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (shutdown !== undefined && shutdown.exitCode === null) shutdown.kill("SIGTERM");
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onTerm);
      process.off("SIGHUP", onHup);
      if (interactive) {
        stdin.off("data", onData);
        stdin.setRawMode(false);
        stdin.pause();
      }
    };
    child.on("error", (error) => {
      done();
      reject(new Error(`cannot start ${program}: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      done();
      if (stopping) options.note(`tsden: the microVM stopped (${signal ?? `exit code ${code}`})`);
      resolvePromise(exitCode(code, signal));
    });
  });
}

/** Runs the program `tsden run` found (see the file comment). */
export function runProgram(program: string, args: readonly string[], options: RunProgramOptions): Promise<number> {
  return program.endsWith("/bin/microvm-run")
    ? runMicrovm(program, args, options)
    : runPlain(program, args, options.cwd);
}
