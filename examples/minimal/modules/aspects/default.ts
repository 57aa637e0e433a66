/**
 * What every host gets: a message of the day naming the host. `perHost` applies it
 * once per host (den.default is also visited for each user of a host).
 */
import { perHost, type DenContext } from "tsden";

export default {
  den: {
    default: {
      includes: [
        perHost(({ host }: DenContext) => ({ os: { environment: { motd: `Welcome to ${host.hostName}.` } } })),
      ],
    },
  },
};
