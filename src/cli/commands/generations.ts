/** `tsden generations`: list this machine's host generations (number, time, store path, current). */
import { listGenerations, PROFILES_DIR } from "../../host/index.js";
import { defineCommand } from "../define-command.js";
import { exitCodes } from "../exit-codes.js";
import { profilesFlag } from "../flags/hosts.js";

/** The `generations` command. */
export const generationsCommand = defineCommand({
  name: "generations",
  about: `Lists the generations of this machine: every activation of a host output is kept as
a numbered link in the profiles folder; the current one is marked with *.`,
  flags: {
    profiles: profilesFlag("the profiles folder"),
    json: { type: "boolean", help: 'print [{"number", "time", "path", "current"}] on one line' },
  },
  async run({ flags, io }) {
    const generations = await listGenerations(flags.profiles ?? PROFILES_DIR);
    if (flags.json) {
      io.out(
        `${JSON.stringify(generations.map((g) => ({ number: g.number, time: g.time.toISOString(), path: g.path, current: g.current })))}\n`,
      );
      return exitCodes.ok;
    }
    if (generations.length === 0) {
      io.out(`no generations in ${flags.profiles ?? PROFILES_DIR}\n`);
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
});
