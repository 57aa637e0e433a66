/**
 * The downstream target: upstream's `laptop-x86` target builder for our device, with the
 * GUI VM taken from our custom profile and extended once more with our device's app.
 */
import { lazy, mkForce, type EvalResult } from "tsden";
import { laptopX86Profile, mkTarget } from "../../composition/lib/index.js";
import { customProfile } from "./custom.js";

const upstream = mkTarget({
  name: "my-device",
  profile: laptopX86Profile,
  family: "laptop-x86",
  globalConfig: { logging: { enable: true } },
  vms: { "gui-vm": {}, "net-vm": {}, "admin-vm": {} },
  appVms: [{ name: "chromium-vm", applications: ["chromium"] }],
});

/** The target module of `my-device`. */
export const myDevice = ({
  config,
}: {
  config: { myProject: { profiles: { custom: { guiVmBase: EvalResult } } } };
}) => ({
  _file: "profiles/my-device.ts",
  key: "profiles/my-device.ts",
  imports: [upstream, customProfile],
  ghaf: {
    virtualization: {
      microvm: {
        "gui-vm": {
          // replaces the upstream target's GUI VM: our base, extended with our app
          evaluatedConfig: mkForce(
            lazy(() =>
              config.myProject.profiles.custom.guiVmBase.extendModules({
                modules: [{ _file: "profiles/my-device.ts (gui-vm)", ghaf: { services: ["my-app"] } }],
              }),
            ),
          ),
        },
      },
    },
  },
});
