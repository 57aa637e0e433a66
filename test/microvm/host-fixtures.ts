/** Stand-in guest modules for host tests: a host name and a runner that is a tiny script. */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { lazy, mkOption, types } from "../../src/modules/index.js";
import { mkPackage } from "../../src/store/package.js";

/** How many guest evaluations happened (laziness checks). */
export const evaluations = { count: 0 };

/** A guest module set: `networking.hostName`, `marker`, and `microvm.declaredRunner` printing the marker. */
export const standInGuestModules = () => [
  ({ config }: { config: { networking: { hostName: string }; marker: string } }) => ({
    _file: "stand-in/guest.ts",
    options: {
      networking: { hostName: mkOption({ type: types.str, default: "nixos" }) },
      marker: mkOption({ type: types.str, default: "hello" }),
      microvm: {
        declaredRunner: mkOption({ type: types.raw, readOnly: true }),
        mem: mkOption({ type: types.int, default: 512 }),
      },
    },
    config: {
      microvm: {
        declaredRunner: lazy(() => {
          evaluations.count++;
          const name = config.networking.hostName;
          const marker = config.marker;
          return mkPackage(`microvm-stand-in-${name}`, async () => ({
            name: `microvm-stand-in-${name}`,
            builder: "test.stand-in-runner/1",
            inputs: { name, marker },
            build: async (out: string) => {
              await mkdir(join(out, "bin"), { recursive: true });
              await writeFile(join(out, "bin/microvm-run"), `#!/bin/sh\necho ${JSON.stringify(marker)}\n`);
              await writeFile(join(out, "bin/microvm-shutdown"), `#!/bin/sh\necho stopped > shutdown-ran\n`);
              await chmod(join(out, "bin/microvm-run"), 0o755);
              await chmod(join(out, "bin/microvm-shutdown"), 0o755);
            },
          }));
        }),
      },
    },
  }),
];
