/** The laptop's aspect: its host name and ssh only. */
import { ssh } from "../_lib/ports.js";

export default ({ den }: { den: { _: { hostname: unknown } } }) => ({
  den: {
    aspects: {
      laptop: {
        includes: [den._.hostname],
        os: { networking: { firewall: { allowedTCPPorts: [ssh] } } },
      },
    },
  },
});
