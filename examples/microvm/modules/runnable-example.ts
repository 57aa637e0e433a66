/**
 * Copied from microvm.nix's flake template.
 *
 * This is just a normal OS configuration that happens to include the microVM guest
 * module. No special Den classes nor context pipeline here: it is all one OS config.
 * Den support: ./microvm-runners.ts
 */
import { defineModule, microvmGuestModule } from "tsden";

export default defineModule({
  den: {
    hosts: {
      "x86_64-linux": {
        "runnable-microvm": {
          // example not intended to be used from osConfigurations
          intoAttr: ["microvms", "runnable-microvm"],
        },
      },
    },

    aspects: {
      "runnable-microvm": {
        os: ({ store }) => ({
          imports: [microvmGuestModule],

          // what the guest does once booted: say hello on its console, then power off
          boot: {
            postBootCommands: [
              'echo "Hello from $(hostname), a tsden microVM running Linux $(uname -r)!"',
              "df -h /var | tail -n 1",
            ].join("\n"),
            poweroffAfterCommands: true,
          },

          // There's not much need to have a forwarding microvm class for runnable vms
          microvm: {
            volumes: [
              {
                mountPoint: "/var",
                image: "var.img",
                size: 256,
              },
            ],
            shares: [
              {
                // use proto = "virtiofs" for MicroVMs that are started by systemd
                proto: "9p",
                tag: "ro-store",
                // the host's store is picked up so that no squashfs is built for it.
                source: store.root,
                mountPoint: store.root,
              },
            ],

            // "qemu" has 9p built-in!
            hypervisor: "qemu",
            socket: "control.socket",
          },
        }),
      },
    },
  },
});
