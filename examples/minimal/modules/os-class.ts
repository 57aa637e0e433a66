/**
 * The options of the `os` class in this example: a few settings every host has. (The
 * full OS vocabulary arrives with tsden's OS layer.)
 */
import { mkOption, types } from "tsden";

const osOptions = {
  _file: "modules/os-class.ts",
  options: {
    networking: {
      hostName: mkOption({ type: types.str, default: "nixos", description: "The host's name on the network." }),
      firewall: {
        allowedTCPPorts: mkOption({
          type: types.listOf(types.port),
          default: [],
          description: "TCP ports open to the world.",
        }),
      },
    },
    environment: {
      motd: mkOption({ type: types.lines, default: "", description: "The message of the day." }),
    },
  },
};

export default {
  den: { classes: { os: [osOptions] } },
};
