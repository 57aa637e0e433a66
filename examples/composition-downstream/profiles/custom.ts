/**
 * The downstream profile (the composition pattern's `my-profile.nix`): `myProject.profiles.custom.guiVmBase`
 * is upstream's `laptop-x86` GUI VM base extended again, without copying it.
 */
import { lazy, mkOption, types, type EvalResult } from "tsden";
import { laptopX86Profile, type Profile } from "../../composition/lib/index.js";
import { myGuiVmAdditions } from "../vms/my-gui-vm-additions.js";

/** The profile module `myProject.profiles.custom`. */
export const customProfile = ({ config }: { config: { ghaf: { profiles: { "laptop-x86": Profile } } } }) => ({
  _file: "profiles/custom.ts",
  key: "profiles/custom.ts",
  imports: [laptopX86Profile],
  options: {
    myProject: {
      profiles: {
        custom: {
          guiVmBase: mkOption({
            type: types.unspecified,
            readOnly: true,
            default: lazy(
              (): EvalResult =>
                config.ghaf.profiles["laptop-x86"].guiVmBase.extendModules({ modules: [myGuiVmAdditions] }),
            ),
            description: "Upstream's laptop-x86 GUI VM with our standard additions.",
          }),
        },
      },
    },
  },
});
