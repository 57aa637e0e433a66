// One process per fleet size, so that peak memory is that size's own.
import { evalHost } from "./fleet-workload.mjs";

const n = Number(process.argv[2]);
const t0 = process.hrtime.bigint();
let bytes = 0;
for (let i = 1; i <= n; i++) bytes += evalHost(i).json.length;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ n, seconds, maxRssKiB: process.resourceUsage().maxRSS, bytes }));
