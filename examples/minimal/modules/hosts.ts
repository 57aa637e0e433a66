/** The hosts of this project: a server with one user, and a laptop. */
export default {
  den: {
    hosts: {
      "x86_64-linux": {
        server: { users: { alice: {} } },
        laptop: { hostName: "lap" },
      },
    },
  },
};
