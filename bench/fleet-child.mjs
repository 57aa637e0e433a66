// One process per fleet size, so that peak memory is that size's own. Like the Nix
// side (`map host (range 1 n)` printed as JSON), every host's configuration is kept
// until the whole fleet is printed.
import { evalModules } from "../dist/index.js";
import { hostModules } from "./fleet-workload.mjs";

const n = Number(process.argv[2]);
const t0 = process.hrtime.bigint();
const fleet = [];
for (let i = 1; i <= n; i++) fleet.push(evalModules({ modules: hostModules(i) }).config);
const json = JSON.stringify(fleet);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ n, seconds, maxRssKiB: process.resourceUsage().maxRSS, bytes: json.length }));
