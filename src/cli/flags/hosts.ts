/**
 * Flags of the commands that reach a project's hosts over SSH (deploy, gc, status) or
 * read a machine's generations, declared once, and the SSH settings they give.
 */
import { PROFILES_DIR } from "../../host/index.js";
import { numberValue } from "./common.js";
import type { BooleanFlag, ValueFlag } from "./declare.js";

/** `--on TAG` (repeatable): the hosts with a tag. */
export const onFlag = {
  type: "string",
  value: "TAG",
  multiple: true,
  help: "the hosts with this tag (repeatable)",
} as const satisfies ValueFlag;

/** `-j, --parallel N`: how many hosts are handled at once. */
export const parallelFlag = {
  type: "string",
  short: "j",
  value: "N",
  default: "4",
  help: "hosts handled at once (default 4)",
  parse: numberValue(
    (n) => Number.isInteger(n) && n >= 1,
    (text) => `--parallel takes a whole number of hosts, at least 1, not ${text}`,
  ),
} as const satisfies ValueFlag;

/** `--ssh-config FILE` and `-o, --ssh-option OPT`: how ssh reaches the hosts. */
export const sshFlags = {
  "ssh-config": { type: "string", value: "FILE", help: "ssh -F FILE (instead of ~/.ssh/config)" },
  "ssh-option": {
    type: "string",
    short: "o",
    value: "OPT",
    multiple: true,
    help: "ssh -o OPT (repeatable)",
  },
} as const satisfies Record<string, ValueFlag>;

/** `-n, --dry-run`. */
export function dryRunFlag(help: string): BooleanFlag {
  return { type: "boolean", short: "n", help };
}

/** `--profiles DIR`: the folder of a machine's generations. */
export const profilesFlag = (help: string) =>
  ({ type: "string", value: "DIR", help: `${help} (default ${PROFILES_DIR})` }) as const satisfies ValueFlag;

/** The SSH settings the flags give. */
export function sshSettings(flags: { "ssh-config"?: string | undefined; "ssh-option": readonly string[] }): {
  configFile?: string;
  options: string[];
} {
  return {
    ...(flags["ssh-config"] !== undefined ? { configFile: flags["ssh-config"] } : {}),
    options: [...flags["ssh-option"]],
  };
}
