/** The batteries of `den.provides` (alias `den._`), by their Den names. */
import { forward } from "../forward.js";
import { defineUser, hostname, insecure, primaryUser, ttyAutologin, unfree, userShell } from "./host-batteries.js";
import { importTree } from "./import-tree.js";
import { hostAspects, mutualProvider } from "./routing.js";

export { defineUser, hostname, insecure, primaryUser, ttyAutologin, unfree, userShell } from "./host-batteries.js";
export { importTree } from "./import-tree.js";
export { hostAspects, mutualProvider, userClassForward, userClassPaths } from "./routing.js";

/** `den.provides` defaults: aspects and aspect factories. */
export const batteries = {
  hostname,
  "define-user": defineUser,
  "primary-user": primaryUser,
  "user-shell": userShell,
  unfree,
  insecure,
  "tty-autologin": ttyAutologin,
  "import-tree": importTree,
  "mutual-provider": mutualProvider,
  "host-aspects": hostAspects,
  forward,
};
