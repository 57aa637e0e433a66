/** Flags and arguments that several commands take, declared once. */
import type { Arguments, ValueFlag } from "./declare.js";

/** `-p, --project DIR`: the project folder a command loads. */
export const projectFlag = {
  type: "string",
  short: "p",
  value: "DIR",
  help: "the project folder (default: the current folder)",
} as const satisfies ValueFlag;

/** One output path (`osConfigurations.server`), the argument of eval, explain and build. */
export const outputPathArgument = {
  usage: "<output.path>",
  name: "output path",
  count: "one",
} as const satisfies Arguments;

/** A flag's `parse` for a number: the text read as a number that `valid` accepts, else the usage error `message(text)`. */
export function numberValue(
  valid: (n: number) => boolean,
  message: (text: string) => string,
): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!valid(n)) throw new Error(message(text));
    return n;
  };
}
