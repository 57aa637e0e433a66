#!/usr/bin/env node
/** The `tsden` binary: runs the CLI on the process arguments and streams. */
import { terminalProgress } from "./progress.js";
import { main } from "./run.js";

// progress only on a terminal: a spinner line on stderr, cleared before other output
const progress = process.stderr.isTTY ? terminalProgress(process.stderr) : undefined;

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (t) => {
    progress?.clear();
    process.stdout.write(t);
  },
  err: (t) => {
    progress?.stop(true);
    process.stderr.write(t);
  },
  progress: progress ? (line, final) => progress.step(line, final) : undefined,
  task: progress ? (line) => progress.task(line) : undefined,
});
progress?.stop();
