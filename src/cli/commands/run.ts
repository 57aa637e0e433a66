/**
 * `tsden run <name> [-- args]`: build `packages.<system>.<name>` and run its main
 * program (as `nix run .#name`), arguments passed through, stdio inherited, its exit
 * code returned (128 + the signal number when a signal ended it).
 */
import { resolve } from "node:path";
import { evalProject, getOutput, loadedFiles, loadProject, recordLoadedFiles } from "../../project/index.js";
import { realisePackage, Store } from "../../store/index.js";
import { packageAt } from "../build-target.js";
import { withBuildSteps } from "../build-progress.js";
import type { Command } from "../command.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";
import { exitCodes } from "../exit-codes.js";
import { mainProgram } from "../main-program.js";
import { hashFiles, readRunCache, runCacheKey, writeRunCache } from "../run-cache.js";
import { runProgram } from "../run-program.js";
import { runnablePath, runnables, showRunnables } from "../runnable.js";

const usage = `Usage: tsden run [<name>] [--project DIR] [-- args...]

Builds packages.<system>.<name> of the project (system: this machine's, e.g.
x86_64-linux), or else the runner of the guest microVM <name> of one of the
project's hosts, and runs its main program with the arguments after --, e.g.
  tsden run runnable-microvm
Without a name, lists the names it can run.
The main program is bin/microvm-run for a microVM runner, else bin/<name>, else the
only program in bin/. Its exit code is tsden's.

A microVM stops at Ctrl-C: the guest is asked to power off (bin/microvm-shutdown)
and killed when it has not within --stop-timeout seconds (or at a second Ctrl-C).

Options:
  -p, --project DIR      the project folder (default: the current folder)
      --no-eval-cache    evaluate the project even when no file it loaded, nor
                         tsden, changed since the last run of <name>
      --stop-timeout S   seconds a guest may take to power off after Ctrl-C
                         (default: 30)
  -h, --help             show this help

The evaluation cache remembers every file the evaluation imported; pass
--no-eval-cache when modules read other files or the environment.`;

/** The Nix system name of this machine (x86_64-linux, aarch64-linux, ...). */
export function currentSystem(arch: string = process.arch, platform: string = process.platform): string {
  const cpu = arch === "x64" ? "x86_64" : arch === "arm64" ? "aarch64" : arch === "ia32" ? "i686" : arch;
  return `${cpu}-${platform}`;
}

/** The `run` command. */
export const runCommand: Command = {
  name: "run",
  usage,
  async run(argv, io) {
    const dash = argv.indexOf("--");
    const own = dash < 0 ? argv : argv.slice(0, dash);
    const passed = dash < 0 ? [] : argv.slice(dash + 1);
    const { values, positionals } = parseFlags(
      own,
      {
        project: { type: "string", short: "p" },
        "no-eval-cache": { type: "boolean", default: false },
        "stop-timeout": { type: "string" },
      },
      "run",
    );
    const dir = projectDir(values, io.cwd);
    const system = currentSystem();
    if (positionals.length === 0) {
      io.out(showRunnables(runnables(evalProject(await loadProject(dir)), system), system));
      return exitCodes.ok;
    }
    const [name, ...extra] = positionals as [string, ...string[]];
    const timeout = values["stop-timeout"] === undefined ? 30 : Number(values["stop-timeout"]);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new UsageError(
        `--stop-timeout needs a number of seconds above 0, not \`${String(values["stop-timeout"])}'`,
        "run",
      );
    const store = new Store();
    const root = resolve(io.cwd, dir);
    const useCache = values["no-eval-cache"] !== true;
    const key = useCache ? await runCacheKey(root, store.root, system, name) : "";
    let program = useCache ? (await readRunCache(store, key))?.program : undefined;
    if (program === undefined) {
      io.progress?.(`evaluating ${name}`);
      if (useCache) recordLoadedFiles();
      const project = await loadProject(dir);
      const result = evalProject(project);
      const path = runnablePath(result, system, name);
      const pkg = packageAt(getOutput(result, path), path);
      io.progress?.(`building ${pkg.name}`);
      const out = await withBuildSteps(io, () => realisePackage(store, pkg));
      program = await mainProgram(out, name);
      if (useCache) await writeRunCache(key, { out, program, files: await hashFiles(await loadedFiles()) });
    }
    io.progress?.(`running ${program}`, true);
    return runProgram(program, [...extra, ...passed], {
      cwd: io.cwd,
      stopTimeoutMs: timeout * 1000,
      note: (line) => io.err(`\n${line}\n`),
    });
  },
};
