/**
 * The read-eval-print loop of `tsden repl` on the process's stdin and stdout: on a
 * terminal a banner, the prompt `tsden> `, Tab completion, history and Ctrl-C clearing
 * the line; with piped input only the answers. An error is reported and the loop goes on.
 */
import { createInterface, type Completer } from "node:readline";
import type { EvalResult } from "../../modules/index.js";
import type { CommandIO } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { locateDefinition } from "../locate-definition.js";
import { formatError } from "../report.js";
import { completeLine, evalLine } from "./lines.js";

/** Runs the read-eval-print loop on the process's stdin and stdout. */
export function replLoop(result: EvalResult, io: CommandIO, banner: string, root: string): Promise<number> {
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
