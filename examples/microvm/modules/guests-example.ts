/** A server host with a declarative guest microVM. */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkPackage } from "tsden";

type Den = { hosts: Record<string, Record<string, unknown>> };

// tsden has no package set: a package is anything made with mkPackage. This is a tiny
// cowsay in sh (the guest's busybox sh runs it).
const cow = String.raw`        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||`;
const script = `#!/bin/sh\necho "< $* >"\ncat <<'EOF'\n${cow}\nEOF\n`;

const cowsay = mkPackage("cowsay", async () => ({
  name: "cowsay",
  builder: "examples.microvm.cowsay/1",
  inputs: { script }, // what the output depends on decides its store path
  build: async (out: string) => {
    await mkdir(join(out, "bin"), { recursive: true });
    await writeFile(join(out, "bin/cowsay"), script);
    await chmod(join(out, "bin/cowsay"), 0o755);
  },
}));

export default ({ den }: { den: Den }) => ({
  den: {
    hosts: {
      "x86_64-linux": {
        server: {
          microvm: {
            get guests() {
              return [den.hosts["x86_64-linux"]!["guest-microvm"]];
            },
          },
        },

        "guest-microvm": {
          intoAttr: [], // don't produce the guest's osConfiguration at the project's outputs
        },
      },
    },

    aspects: {
      server: {
        // NOTE: no microvm class exists for the host, only for guests
        os: { microvm: { host: { startupTimeout: 300 } } },
      },

      "guest-microvm": {
        // the resulting os module is set at server: microvm.vms.<name>.config
        os: {
          environment: { systemPackages: [cowsay] },
        },

        // the microvm class is for guests! forwarded into server: os.microvm.vms.<name>
        microvm: { autostart: true },
      },
    },
  },
});
