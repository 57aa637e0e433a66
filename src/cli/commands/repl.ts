/**
 * `tsden repl`: interactive inspection of a project, as `nix repl` does. A line is an
 * output path (printed shallowly) or a command: `:p <path>` (deeply), `:t <path>` (the
 * option's type), `:?` (help), `:q` (quit). Tab completes commands and the names of
 * output and option paths. Errors are reported (code, hint) and the session goes on.
 * On a terminal it prompts `tsden> `; with piped input it prints only the answers.
 */
import { resolve } from "node:path";
import { createInterface, type Completer } from "node:readline";
import type { EvalResult } from "../../modules/index.js";
import { evalProject, loadProject, parseOutputPath, showOutputPath } from "../../project/index.js";
import type { Command, CommandIO } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { locateDefinition } from "../locate-definition.js";
import { formatError } from "../report.js";
import { completePath, namesOf, optionAt, showOption, showShallow, valueAt } from "../repl-values.js";
import { partErrorsNote, toJson, type PartError } from "../to-json.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden repl [--project DIR]

Inspects the project interactively. Type an output path to see its value shallowly
(attribute names, scalars inline), or a command:
  :p <path>   print the value deeply (as JSON; functions left out)
  :t <path>   the option behind a configuration path: its type, description, files
  :?          this help
  :q          quit (also Ctrl-D)
Tab completes commands and the names of output and option paths, e.g.
  osConfigurations.server.config.networking.hostName

Options:
  -p, --project DIR  the project folder (default: the current folder)
  -h, --help         show this help`;

const commandNames = [":p", ":t", ":?", ":q", ":help", ":quit", ":print", ":type"];

const help = `Commands:
  <path>      show the value at an output path shallowly, e.g. osConfigurations.server.config
  :p <path>   print the value deeply (JSON)
  :t <path>   show the option's type, description and files
  :?          this help
  :q          quit
Tab completes names; quote names with dots: packages."x86_64-linux".vm`;

/** Evaluates one line of input; returns the text to print (empty for nothing) or `null` to quit. */
export function evalLine(result: EvalResult, line: string): string | null {
  const text = line.trim();
  if (text === "") return "";
  if (text === ":q" || text === ":quit") return null;
  if (text === ":?" || text === ":help") return help;
  const m = /^(:\S+)\s*(.*)$/.exec(text);
  if (m) {
    const [, cmd, arg] = m as unknown as [string, string, string];
    const path = arg.trim() === "" ? [] : parseOutputPath(arg.trim());
    if (cmd === ":p" || cmd === ":print") {
      const failed: PartError[] = [];
      const text = toJson(valueAt(result, path), true, failed);
      return failed.length === 0 ? text : `${text}\n${partErrorsNote(failed, showOutputPath(path))}`;
    }
    if (cmd === ":t" || cmd === ":type") {
      if (path.length === 0)
        throw new UsageError("`:t' needs a path, e.g. :t osConfigurations.server.config.networking.hostName", "repl");
      const opt = optionAt(result, path);
      if (opt) return showOption(opt);
      const v = valueAt(result, path);
      return `${showOutputPath(path)} is not a declared option (it is ${describe(v)}); :t reads paths under a configuration's config, e.g. osConfigurations.<host>.config.<option>`;
    }
    throw new UsageError(`unknown command \`${cmd}' (:? lists them)`, "repl");
  }
  return showShallow(valueAt(result, parseOutputPath(text)));
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (namesOf(v) !== undefined) return "a set";
  return typeof v === "object" ? "a value" : `a ${typeof v}`;
}

/** Completes a line: command names, then the path after a command or on its own. */
export function completeLine(result: EvalResult, line: string): [string[], string] {
  if (/^:\S*$/.test(line)) return [commandNames.filter((c) => c.startsWith(line)), line];
  const m = /^(:\S+\s+)?(.*)$/.exec(line)!;
  const path = m[2]!;
  const last = path.slice(lastDot(path) + 1);
  return [completePath(result, path), last];
}

function lastDot(path: string): number {
  let inQuote = false;
  let cut = -1;
  for (let i = 0; i < path.length; i++) {
    if (inQuote && path[i] === "\\") i++;
    else if (path[i] === '"') inQuote = !inQuote;
    else if (path[i] === "." && !inQuote) cut = i;
  }
  return cut;
}

/** Runs the read-eval-print loop on the process's stdin and stdout. */
function loop(result: EvalResult, io: CommandIO, banner: string, root: string): Promise<number> {
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const completer: Completer = (line) => {
    try {
      return completeLine(result, line);
    } catch {
      return [[], line];
    }
  };
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    completer,
    prompt: "tsden> ",
    historySize: 500,
  });
  if (terminal) {
    io.out(`${banner}\n`);
    rl.prompt();
  }
  return new Promise((resolvePromise) => {
    let quitting = false;
    rl.on("line", (line) => {
      let answer: string | null;
      try {
        answer = evalLine(result, line);
      } catch (e) {
        io.err(`${formatError(e, { root, locate: locateDefinition })}\n`);
        answer = "";
      }
      if (answer === null) {
        quitting = true;
        rl.close();
        return;
      }
      if (answer !== "") io.out(`${answer}\n`);
      if (terminal) rl.prompt();
    });
    rl.on("SIGINT", () => {
      io.out("^C\n");
      rl.write(null, { ctrl: true, name: "u" });
      rl.prompt();
    });
    rl.on("close", () => {
      if (terminal && !quitting) io.out("\n");
      resolvePromise(exitCodes.ok);
    });
  });
}

/** The `repl` command. */
export const replCommand: Command = {
  name: "repl",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { project: { type: "string", short: "p" } }, "repl");
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, "repl");
    const dir = projectDir(values, io.cwd);
    const result = evalProject(await loadProject(dir));
    const outputs = namesOf(valueAt(result, [])) ?? [];
    const banner = `tsden repl: project ${dir}; outputs: ${outputs.map((n) => showOutputPath([n])).join(", ") || "(none)"}\nType a path (Tab completes), :p <path> to print deeply, :t <path> for an option's type, :? for help, :q to quit.`;
    return loop(result, io, banner, resolve(io.cwd, dir));
  },
};
