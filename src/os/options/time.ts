/** `time.timeZone`: the system's time zone (a tzdata name; null is UTC). */
import { mkOption, types } from "../../modules/index.js";
import { checkedStr } from "./names.js";

const FILE = "tsden/os/options/time.ts";

/** True when `name` looks like a tzdata zone name: `Area/Location` parts of A-Z a-z 0-9 _ + -. */
export function isTimeZoneName(name: string): boolean {
  return (
    /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(name) && !name.split("/").some((p) => p === "." || p === "..")
  );
}

/** The `time` options. */
export const timeModule = {
  _file: FILE,
  key: FILE,
  options: {
    time: {
      timeZone: mkOption({
        type: types.nullOr(checkedStr("timeZone", "time zone name like Europe/Berlin", isTimeZoneName)),
        default: null,
        example: "America/New_York",
        description: "The time zone used when displaying times and dates; null means UTC.",
      }),
    },
  },
};
