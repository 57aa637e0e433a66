/**
 * Runs the real binary under a pseudo-terminal for tests, with util-linux `script`
 * (no native dependency): keystrokes go in through script's stdin, the terminal's
 * output comes back with its escape sequences (`plain()` strips them).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");

/** Quotes a word for sh. */
function sh(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The text of terminal output without escape sequences and carriage returns. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, "").replace(/\r/g, "");
}

/** A running program under a pseudo-terminal. */
export interface Pty {
  /** Types `text` (use "\r" for Enter, "\t" for Tab, "\x04" for Ctrl-D). */
  send(text: string): void;
  /** Resolves with everything printed so far once `pattern` matches the plain text printed after `from` (default: since the last wait). */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** All output so far (raw). */
  output(): string;
  /** Resolves to the exit code when the program ends. */
  exited: Promise<number | null>;
  kill(): void;
}

/** Starts `tsden args...` under a pseudo-terminal of 200 columns in `cwd`, with `env` added. */
export function tsdenPty(args: readonly string[], cwd = root, env: Record<string, string> = {}): Pty {
  const command = `stty cols 200 rows 50 2>/dev/null; exec ${[process.execPath, bin, ...args].map(sh).join(" ")}`;
  const child: ChildProcess = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
    cwd,
    env: { ...process.env, TERM: "xterm", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let mark = 0;
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString("utf8");
    for (const w of [...waiters]) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return {
    send: (text) => child.stdin!.write(text),
    output: () => out,
    exited,
    kill: () => child.kill("SIGKILL"),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolvePromise, reject) => {
        const test = () => {
          const since = plain(out.slice(mark));
          const ok = typeof pattern === "string" ? since.includes(pattern) : pattern.test(since);
          if (ok) {
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            const seen = since;
            mark = out.length;
            resolvePromise(seen);
          }
          return ok;
        };
        const check = () => void test();
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(
            new Error(
              `timed out waiting for ${String(pattern)}; output since the last wait:\n${plain(out.slice(mark))}`,
            ),
          );
        }, timeoutMs);
        waiters.push(check);
        test();
      });
    },
  };
}
