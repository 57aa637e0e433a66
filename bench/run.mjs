// `npm run bench`: every benchmark, each with the workload it models.
import { runFleet } from "./fleet.mjs";

const only = process.argv[2];
if (!only || only === "fleet") runFleet();
