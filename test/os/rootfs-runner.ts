/** Test helper: starts a runner's `bin/microvm-run` and follows its console line by line. */
import { spawn } from "node:child_process";
import { join } from "node:path";

/** A started microVM. */
export interface RunnerBoot {
  readonly lines: { text: string; ms: number }[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Resolves with the ms since start when a line contains `text`; rejects if the VM exits first. */
  readonly waitFor: (text: string) => Promise<number>;
  readonly kill: () => void;
}

/** Starts `runner`'s microvm-run in `cwd`; kills it after `timeoutMs`. */
export function bootRunner(runner: string, cwd: string, timeoutMs = 200_000): RunnerBoot {
  const began = performance.now();
  const child = spawn(join(runner, "bin", "microvm-run"), [], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const lines: { text: string; ms: number }[] = [];
  const waiters: { text: string; resolve: (ms: number) => void }[] = [];
  let pending = "";
  const onData = (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const text = pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
      const ms = performance.now() - began;
      lines.push({ text, ms });
      for (const w of waiters) if (text.includes(w.text)) w.resolve(ms);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - began });
    }),
  );
  const waitFor = (text: string) =>
    new Promise<number>((resolve, reject) => {
      const seen = lines.find((l) => l.text.includes(text));
      if (seen !== undefined) return resolve(seen.ms);
      waiters.push({ text, resolve });
      void exited.then(() => reject(new Error(`exited before "${text}":\n${lines.map((l) => l.text).join("\n")}`)));
    });
  return { lines, exited, waitFor, kill: () => child.kill("SIGKILL") };
}
