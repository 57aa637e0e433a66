/**
 * One line of `tsden repl`: an output path (its value shown shallowly) or a command
 * (`:p <path>` deeply, `:t <path>` the option's type, `:?` help, `:q` quit), and the
 * completions of a partly typed line (command names, then the names of the path).
 */
import type { EvalResult } from "../../modules/index.js";
import { parseOutputPath, showOutputPath } from "../../project/index.js";
import { partErrorsNote, toJson, type PartError } from "../to-json.js";
import { UsageError } from "../usage-error.js";
import { completePath, namesOf, optionAt, showOption, showShallow, splitPartial, valueAt } from "./values.js";

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
  return [completePath(result, path), splitPartial(path).last];
}
