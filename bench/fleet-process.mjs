// A whole tsden process, as a user runs one: Node starts, the program imports the
// module system (`tsden/modules`), builds each host's module values (per host, as
// `define` does in the Nix version: option names made anew for each host), evaluates
// the host and keeps its
// configuration unread; at the end the whole fleet is serialized and printed, as
// `nix-instantiate --eval --strict --json` of `map host (range 1 n)` forces and prints
// its list.   node bench/fleet-process.mjs N
import { evalModules } from "tsden/modules";
import { freshKeys, hostModules } from "./fleet-workload.mjs";

const n = Number(process.argv[2]);
const fleet = [];
for (let i = 1; i <= n; i++) fleet.push(evalModules({ modules: hostModules(i, freshKeys()) }).config);
process.stdout.write(JSON.stringify(fleet));
