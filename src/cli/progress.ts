/**
 * Progress of long work (evaluations, builds, downloads, boots) on a terminal: each
 * step is one line on stderr with a spinner and the seconds it has taken, redrawn in
 * place; when the next step starts (or the command ends) the line is kept with a tick
 * and its time. A final step (`final`, e.g. before a program takes the terminal) is
 * printed once without a spinner. When stderr is not a terminal there is no progress
 * at all (the CLI passes none), so piped output stays clean.
 */

/** What the spinner writes to: a terminal stream. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A progress line on a terminal. */
export interface TerminalProgress {
  /** Starts a step (`final`: print it as a finished line, no spinner). */
  step(line: string, final?: boolean): void;
  /** Clears the spinner line before other output is written (it is redrawn on the next tick). */
  clear(): void;
  /** Ends the current step (kept with its time, marked ✗ when it `failed`) and stops the spinner. */
  stop(failed?: boolean): void;
  /**
   * Starts a piece of work inside the current step (a build, a download; several may
   * run at once): the spinner line shows the latest one running; when it ends it is
   * kept as a line of its own with its time.
   */
  task(line: string): ProgressTask;
}

/** A piece of work shown by {@link TerminalProgress.task}. */
export interface ProgressTask {
  /** Changes its line (e.g. the bytes downloaded so far). */
  update(line: string): void;
  /** Ends it: kept with its time, marked ✗ when it `failed`. */
  end(failed?: boolean): void;
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const clearLine = "\r\x1b[2K";

/** Options for tests: the clock and the timer. */
export interface ProgressOptions {
  readonly now?: () => number;
  readonly intervalMs?: number;
}

/** Seconds as `0.4s`, `12s`. */
function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

/** A spinner on `stream` (stderr of a terminal). */
export function terminalProgress(stream: ProgressStream, options: ProgressOptions = {}): TerminalProgress {
  const now = options.now ?? Date.now;
  let current: { line: string; start: number } | undefined;
  const tasks: { line: string; start: number }[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let drawn = false;
  const draw = () => {
    const shown = tasks[tasks.length - 1] ?? current;
    if (!shown) return;
    const elapsed = now() - shown.start;
    const more = tasks.length > 1 ? ` [+${tasks.length - 1} running]` : "";
    stream.write(
      `${clearLine}${frames[frame++ % frames.length]} tsden: ${shown.line}${elapsed >= 1000 ? ` (${seconds(elapsed)})` : ""}${more}`,
    );
    drawn = true;
  };
  const startTimer = () => {
    if (timer === undefined) {
      timer = setInterval(draw, options.intervalMs ?? 100);
      timer.unref?.();
    }
  };
  const finish = (failed = false) => {
    if (!current) return;
    stream.write(`${clearLine}${failed ? "✗" : "✓"} tsden: ${current.line} (${seconds(now() - current.start)})\n`);
    drawn = false;
    current = undefined;
  };
  const stopTimer = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  return {
    step(line, final = false) {
      finish();
      if (final) {
        stopTimer();
        stream.write(`${clearLine}tsden: ${line}\n`);
        return;
      }
      current = { line, start: now() };
      draw();
      startTimer();
    },
    clear() {
      if (drawn) stream.write(clearLine);
      drawn = false;
    },
    stop(failed = false) {
      stopTimer();
      finish(failed);
    },
    task(line) {
      const task = { line, start: now() };
      tasks.push(task);
      draw();
      startTimer();
      return {
        update(next) {
          task.line = next;
        },
        end(failed = false) {
          const i = tasks.indexOf(task);
          if (i < 0) return;
          tasks.splice(i, 1);
          stream.write(`${clearLine}${failed ? "✗" : "✓"} tsden: ${task.line} (${seconds(now() - task.start)})\n`);
          drawn = false;
          if (tasks.length > 0 || current) draw();
        },
      };
    },
  };
}
