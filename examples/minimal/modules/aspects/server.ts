/** The server's aspect: its host name (a battery), ssh and a web server. */
import { defineModule } from "tsden";
import { ssh, web } from "../_lib/ports.js";

export default defineModule(({ den }) => ({
  den: {
    aspects: {
      server: {
        includes: [den._.hostname],
        os: { networking: { firewall: { allowedTCPPorts: [ssh, ...web] } } },
      },
    },
  },
}));
