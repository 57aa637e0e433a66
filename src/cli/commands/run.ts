/**
 * `tsden run <name> [-- args]`: build `packages.<system>.<name>` and run its main
 * program (as `nix run .#name`), arguments passed through, stdio inherited, its exit
 * code returned (128 + the signal number when a signal ended it).
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { resolve } from "node:path";
import { evalProject, getOutput, loadProject } from "../../project/index.js";
import { realisePackage } from "../../store/package.js";
import { Store } from "../../store/store.js";
import { packageAt } from "../build-target.js";
import type { Command } from "../command.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";
import { mainProgram } from "../main-program.js";
import { readRunCache, runCacheKey, writeRunCache } from "../run-cache.js";

const usage = `Usage: tsden run <name> [--project DIR] [-- args...]

Builds packages.<system>.<name> of the project (system: this machine's, e.g.
x86_64-linux) and runs its main program with the arguments after --, e.g.
  tsden run runnable-microvm
The main program is bin/microvm-run for a microVM runner, else bin/<name>, else the
only program in bin/. Its exit code is tsden's.

Options:
  -p, --project DIR   the project folder (default: the current folder)
      --no-eval-cache evaluate the project even when its modules/ files, tsden and
                      the system did not change since the last run of <name>
  -h, --help          show this help

The evaluation cache assumes that the project's modules read nothing but the files
under modules/; pass --no-eval-cache when they read other files or the environment.`;

/** The Nix system name of this machine (x86_64-linux, aarch64-linux, ...). */
export function currentSystem(arch: string = process.arch, platform: string = process.platform): string {
  const cpu = arch === "x64" ? "x86_64" : arch === "arm64" ? "aarch64" : arch === "ia32" ? "i686" : arch;
  return `${cpu}-${platform}`;
}

/** Runs `program args` with inherited stdio; resolves to its exit code. */
function runInherited(program: string, args: readonly string[], cwd: string): Promise<number> {
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
      resolvePromise(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
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
      },
      "run",
    );
    if (positionals.length === 0) throw new UsageError("missing the package name", "run");
    const [name, ...extra] = positionals as [string, ...string[]];
    const system = currentSystem();
    const path = ["packages", system, name];
    const dir = projectDir(values, io.cwd);
    const store = new Store();
    const useCache = values["no-eval-cache"] !== true;
    const key = useCache ? await runCacheKey(resolve(io.cwd, dir), store.root, system, name) : "";
    let program = useCache ? (await readRunCache(store, key))?.program : undefined;
    if (program === undefined) {
      io.progress?.(`evaluating ${name}`);
      const project = await loadProject(dir);
      const pkg = packageAt(getOutput(evalProject(project), path), path);
      io.progress?.(`building ${pkg.name}`);
      const out = await realisePackage(store, pkg);
      program = await mainProgram(out, name);
      if (useCache) await writeRunCache(key, { out, program });
    }
    io.progress?.(`running ${program}`, true);
    return runInherited(program, [...extra, ...passed], io.cwd);
  },
};
