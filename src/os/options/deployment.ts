/**
 * `deployment.*`: how `tsden deploy` reaches a host (as colmena's options do): the SSH
 * target (`targetHost`, default the configuration's name; `targetUser`; `targetPort`,
 * default what the SSH configuration says), the `tags` that `--on` selects by, the
 * store root of the target, and how long the target waits for the deployer's
 * confirmation before it returns to its previous generation by itself.
 */
import { mkOption, types } from "../../modules/index.js";
import { SYSTEM_STORE_ROOT } from "../../store/index.js";
import { checkedStr, isCleanAbsolutePath } from "./names.js";
import type { OsConfig } from "./os-config.js";

const FILE = "tsden/os/options/deployment.ts";

/** True when `value` can be an SSH destination host: a name, an IPv4 or a bracketless IPv6 address. */
export function isTargetHost(value: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.:%-]{0,252}$/.test(value) && !value.startsWith("-");
}

/** True when `value` can be a login name on the target. */
export function isTargetUser(value: string): boolean {
  return /^[a-z_][a-z0-9_-]{0,31}\$?$/.test(value);
}

/** True when `value` can be a tag: letters, digits, `-`, `_`, `.`. */
export function isDeploymentTag(value: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(value);
}

/** The `deployment` options. */
export const deploymentModule = {
  _file: FILE,
  key: FILE,
  options: {
    deployment: {
      targetHost: mkOption({
        type: types.nullOr(checkedStr("targetHost", "host name or IP address", isTargetHost)),
        default: null,
        example: "server.example.org",
        description:
          "The host `tsden deploy` connects to over SSH; null means the configuration's name (osConfigurations.<name>).",
      }),
      targetUser: mkOption({
        type: checkedStr("targetUser", "login name", isTargetUser),
        default: "root",
        description:
          "The user `tsden deploy` logs in as; any other user than root runs the copy and the activation through `sudo -n`.",
      }),
      targetPort: mkOption({
        type: types.nullOr(types.port),
        default: null,
        description: "The SSH port; null means what the SSH configuration says (22 by default).",
      }),
      tags: mkOption({
        type: types.listOf(checkedStr("tag", "tag (letters, digits, -, _, .)", isDeploymentTag)),
        default: [],
        example: ["web", "eu"],
        description: "Tags that select hosts: `tsden deploy --on TAG` deploys the hosts having it.",
      }),
      buildOnTarget: mkOption({
        type: types.bool,
        default: false,
        description:
          "Build on the target instead of locally. tsden always builds on the deploying machine and copies what the target lacks, so this must stay false.",
      }),
      storeRoot: mkOption({
        type: checkedStr("storeRoot", "clean absolute path", isCleanAbsolutePath),
        default: SYSTEM_STORE_ROOT,
        description:
          "The store on the target. Outputs name absolute store paths, so the deploying machine must build into a store at the same path.",
      }),
      confirmTimeout: mkOption({
        type: types.ints.positive,
        default: 30,
        description:
          "Seconds the target waits, after switching, for the deployer's confirmation (over a new SSH connection) before it returns to its previous generation by itself.",
      }),
    },
  },
};

/** `deployment` after evaluation. */
export type OsDeployment = OsConfig["deployment"];
