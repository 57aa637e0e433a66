/** The server's aspect: its host name (a battery), ssh and a web server. */
import { ssh, web } from "../_lib/ports.js";

export default ({ den }: { den: { _: { hostname: unknown } } }) => ({
  den: {
    aspects: {
      server: {
        includes: [den._.hostname],
        os: { networking: { firewall: { allowedTCPPorts: [ssh, ...web] } } },
      },
    },
  },
});
