/** The laptop's aspect: its host name and ssh only. */
import { defineModule } from "tsden";
import { ssh } from "../_lib/ports.js";

export default defineModule(({ den }) => ({
  den: {
    aspects: {
      laptop: {
        includes: [den._.hostname],
        os: { networking: { firewall: { allowedTCPPorts: [ssh] } } },
      },
    },
  },
}));
