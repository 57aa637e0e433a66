/** A server host with a declarative guest microVM. */
import { defineModule } from "tsden";

export default defineModule(({ den }) => ({
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
        // pkgs: Debian's packages; pkgs.<name> is the closure apt resolves for it
        os: ({ pkgs }) => ({
          environment: { systemPackages: [pkgs.cowsay] },
          // say hello on the console once booted (cowsay is on PATH)
          boot: { postBootCommands: 'cowsay "Hello from $(hostname)"' },
        }),

        // the microvm class is for guests! forwarded into server: os.microvm.vms.<name>
        microvm: { autostart: true },
      },
    },
  },
}));
