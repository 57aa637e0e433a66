#!/usr/bin/env node
/** The `tsden` binary: runs the CLI on the process arguments and streams. */
import { main } from "./run.js";

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  progress: process.stderr.isTTY ? (line) => process.stderr.write(`tsden: ${line}\n`) : undefined,
});
