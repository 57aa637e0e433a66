/**
 * `tsden run <name> [-- args]`: build `packages.<system>.<name>` and run its main
 * program (as `nix run .#name`), arguments passed through, stdio inherited, its exit
 * code returned (128 + the signal number when a signal ended it).
 */
import { resolve } from "node:path";
import { getOutput, loadedFiles, type Runnable, runnablePath, runnables, showOutputPath } from "../../project/index.js";
import { Store } from "../../store/index.js";
import { buildPackageAt } from "../build-package.js";
import { defineCommand } from "../define-command.js";
import { evaluate, projectDir } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { numberValue, projectFlag } from "../flags/common.js";
import { mainProgram } from "../main-program.js";
import { hashFiles, readRunCache, runCacheKey, writeRunCache } from "../run-cache.js";
import { runProgram } from "../run-program.js";

/** The Nix system name of this machine (x86_64-linux, aarch64-linux, ...). */
export function currentSystem(arch: string = process.arch, platform: string = process.platform): string {
  const cpu = arch === "x64" ? "x86_64" : arch === "arm64" ? "aarch64" : arch === "ia32" ? "i686" : arch;
  return `${cpu}-${platform}`;
}

/** The listing `tsden run` prints without a name. */
function showRunnables(all: readonly Runnable[], system: string): string {
  if (all.length === 0) return `Nothing to run: the project has no packages.${system} and no host declares microVMs.\n`;
  const width = Math.max(...all.map((r) => r.name.length));
  const lines = all.map(
    (r) =>
      `  ${r.name.padEnd(width)}  ${r.kind === "package" ? showOutputPath(r.path) : `microVM of host ${r.host} (${showOutputPath(r.path)})`}`,
  );
  return `Runnable names (tsden run <name>):\n${lines.join("\n")}\n`;
}

/** The `run` command. */
export const runCommand = defineCommand({
  name: "run",
  args: { usage: "[<name>]", name: "name", count: "any" },
  passThrough: "args...",
  about: `Builds packages.<system>.<name> of the project (system: this machine's, e.g.
x86_64-linux), or else the runner of the guest microVM <name> of one of the
project's hosts, and runs its main program with the arguments after --, e.g.
  tsden run runnable-microvm
Without a name, lists the names it can run.
The main program is bin/microvm-run for a microVM runner, else bin/<name> (or <name>
in usr/bin, usr/games, sbin, usr/sbin: a Debian package's), else the only program in
bin/. Its exit code is tsden's.

A microVM stops at Ctrl-C: the guest is asked to power off (bin/microvm-shutdown)
and killed when it has not within --stop-timeout seconds (or at a second Ctrl-C).`,
  flags: {
    project: projectFlag,
    "no-eval-cache": {
      type: "boolean",
      help: "evaluate the project even when no file it loaded, nor tsden, changed since the last run of <name>",
    },
    "stop-timeout": {
      type: "string",
      value: "S",
      default: "30",
      help: "seconds a guest may take to power off after Ctrl-C (default: 30)",
      parse: numberValue(
        (n) => Number.isFinite(n) && n > 0,
        (text) => `--stop-timeout needs a number of seconds above 0, not \`${text}'`,
      ),
    },
  },
  notes: `The evaluation cache remembers every file the evaluation imported; pass
--no-eval-cache when modules read other files or the environment.`,
  async run({ flags, args, rest, io }) {
    const system = currentSystem();
    if (args.length === 0) {
      io.out(showRunnables(runnables((await evaluate({ flags, io })).result, system), system));
      return exitCodes.ok;
    }
    const [name, ...extra] = args as [string, ...string[]];
    const store = new Store();
    const root = resolve(io.cwd, projectDir({ flags, io }));
    const useCache = !flags["no-eval-cache"];
    const key = useCache ? await runCacheKey(root, store.root, system, name) : "";
    let program = useCache ? (await readRunCache(store, key))?.program : undefined;
    if (program === undefined) {
      const { result } = await evaluate({ flags, io }, { progress: `evaluating ${name}`, recordFiles: useCache });
      const path = runnablePath(result, system, name);
      const { out } = await buildPackageAt(io, store, getOutput(result, path), path);
      program = await mainProgram(out, name);
      if (useCache) await writeRunCache(key, { out, program, files: await hashFiles(await loadedFiles()) });
    }
    io.progress?.(`running ${program}`, true);
    return runProgram(program, [...extra, ...rest], {
      cwd: io.cwd,
      stopTimeoutMs: flags["stop-timeout"] * 1000,
      note: (line) => io.err(`\n${line}\n`),
    });
  },
});
