// `npm run bench`: every benchmark, each with the workload it models.
import { runFleet } from "./fleet.mjs";
import { runCli } from "./cli.mjs";
import { runDen } from "./den.mjs";
import { runComposition } from "./composition.mjs";
import { runMicrovm } from "./microvm.mjs";
import { runDebian } from "./debian.mjs";
import { runDebianSystemd } from "./debian-systemd.mjs";
import { runDeploy } from "./deploy.mjs";
import { runHostSwitch } from "./host-switch.mjs";

const only = process.argv[2];
if (!only || only === "fleet") runFleet();
if (!only || only === "cli") runCli();
if (!only || only === "den") runDen();
if (!only || only === "microvm") await runMicrovm();
if (!only || only === "composition") await runComposition();
if (!only || only === "debian") await runDebian();
if (!only || only === "debian-systemd") await runDebianSystemd();
if (!only || only === "deploy") await runDeploy();
if (!only || only === "host-switch") await runHostSwitch();
