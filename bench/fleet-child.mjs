// One process per fleet size, so that peak memory is that size's own.
// mode "retain": like the Nix side (`nix-instantiate --eval --strict` of
// `map host (range 1 n)`: each host forced in full in turn, the whole list kept and
// printed at the end), every host's configuration is read in full when it is evaluated
// and kept until the whole fleet is printed.
// mode "stream": each host's configuration is printed as soon as it is evaluated and
// then dropped (what `tsden eval` over a fleet does).
import { deepSeq, evalModules } from "../dist/index.js";
import { hostModules } from "./fleet-workload.mjs";

const n = Number(process.argv[2]);
const mode = process.argv[3] ?? "retain";
const t0 = process.hrtime.bigint();
let bytes = 0;
if (mode === "retain") {
  const fleet = [];
  for (let i = 1; i <= n; i++) {
    const config = evalModules({ modules: hostModules(i) }).config;
    fleet.push(deepSeq(config, config));
  }
  bytes = JSON.stringify(fleet).length;
} else {
  for (let i = 1; i <= n; i++) bytes += JSON.stringify(evalModules({ modules: hostModules(i) }).config).length + 1;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ n, mode, seconds, maxRssKiB: process.resourceUsage().maxRSS, bytes }));
