/** `tsden generations`: list this machine's host generations (number, time, store path, current). */
import { listGenerations, PROFILES_DIR } from "../../host/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { parseFlags } from "../parse-flags.js";

const usage = `Usage: tsden generations [--profiles DIR] [--json]

Lists the generations of this machine: every activation of a host output is kept as
a numbered link in the profiles folder; the current one is marked with *.

Options:
      --profiles DIR  the profiles folder (default ${PROFILES_DIR})
      --json          print [{"number", "time", "path", "current"}] on one line
  -h, --help          show this help`;

/** The `generations` command. */
export const generationsCommand: Command = {
  name: "generations",
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      { profiles: { type: "string" }, json: { type: "boolean", default: false } },
      "generations",
    );
    const generations = await listGenerations(typeof values.profiles === "string" ? values.profiles : PROFILES_DIR);
    if (values.json) {
      io.out(
        `${JSON.stringify(generations.map((g) => ({ number: g.number, time: g.time.toISOString(), path: g.path, current: g.current })))}\n`,
      );
      return exitCodes.ok;
    }
    if (generations.length === 0) {
      io.out(`no generations in ${typeof values.profiles === "string" ? values.profiles : PROFILES_DIR}\n`);
      return exitCodes.ok;
    }
    for (const g of generations) {
      const time = g.time
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z");
      io.out(`${g.current ? "*" : " "} ${String(g.number).padStart(4)}  ${time}  ${g.path}\n`);
    }
    return exitCodes.ok;
  },
};
