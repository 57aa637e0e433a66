// Composition benchmark: the three-layer composition (base modules, profile bases,
// targets extending them) for 10 VMs x 5 targets, from examples/composition: how many
// VM evaluations are performed (each profile base once, each target VM an extension)
// and how long the fleet takes; and an extension by one small module against a full
// evaluation of the same modules, with the option values the extension took from its
// base (evaluationStats).
import { fileURLToPath } from "node:url";
import { evalModules, evaluationStats, denModule, osClassModule } from "../dist/index.js";
import { ensureRuntime } from "../dist/project/import-runtime.js";

// the example is loaded as the CLI loads a project: tsx, and "tsden" resolving to this tsden
await ensureRuntime(fileURLToPath(new URL("../examples/composition/", import.meta.url)));
const lib = await import("../examples/composition/lib/index.ts");

const APP_VMS = ["chromium-vm", "zathura-vm", "slack-vm", "teams-vm", "office-vm", "gala-vm"];
const FAMILIES = ["laptop-x86", "vm"];

/** Target `t`: 4 system VMs and 6 app VMs, each extended by a device module. */
function target(t) {
  const family = FAMILIES[t % 2];
  const device = (vm) => [{ ghaf: { services: [`device-${t}-${vm}`] } }];
  return lib.mkTarget({
    name: `target-${t}`,
    profile: family === "vm" ? lib.vmProfile : lib.laptopX86Profile,
    family,
    globalConfig: { debug: { enable: t % 2 === 0 } },
    vms: Object.fromEntries(["gui-vm", "net-vm", "audio-vm", "admin-vm"].map((vm) => [vm, { modules: device(vm) }])),
    appVms: APP_VMS.map((name) => ({ name, applications: [name.replace(/-vm$/, "")], modules: device(name) })),
  });
}

/** The project: 5 Den hosts of class os, one per target. */
function project(n) {
  const hosts = {};
  const aspects = {};
  for (let t = 0; t < n; t++) {
    hosts[`target-${t}`] = {};
    aspects[`target-${t}`] = { os: { imports: [target(t)] } };
  }
  return evalModules({ modules: [denModule, osClassModule, { den: { hosts: { "x86_64-linux": hosts }, aspects } }] });
}

/** Reads every VM of every host as the host does: the hosts table, and each VM's whole configuration but its packages. */
function readFleet(n) {
  const configs = project(n).config.flake.osConfigurations;
  let vms = 0;
  for (const name of Object.keys(configs)) {
    const host = configs[name].config;
    for (const vm of Object.keys(host.microvm.vms)) {
      const c = host.microvm.vms[vm].evaluation.config;
      readVm(c);
      vms++;
    }
  }
  return vms;
}

const packages = new Set(["runner", "declaredRunner", "kernel", "initrd", "storeDisk"]);

/** A VM's whole configuration but its packages (which would start kernel discovery and builds). */
function readVm(c) {
  const microvm = {};
  for (const k of Object.keys(c.microvm)) if (!packages.has(k)) microvm[k] = c.microvm[k];
  return JSON.stringify({
    ghaf: c.ghaf,
    networking: c.networking,
    boot: c.boot,
    fileSystems: c.fileSystems,
    environment: c.environment,
    microvm,
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(fn, reps) {
  for (let i = 0; i < 20; i++) fn(i);
  globalThis.gc?.();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    fn(i);
    t.push(performance.now() - s);
  }
  return median(t);
}

const small = { _file: "bench (small module)", ghaf: { services: ["extra"] } };

export async function runComposition() {
  const targets = 5;
  lib.resetEvaluations();
  readFleet(targets); // warm-up
  lib.resetEvaluations();
  let vms = 0;
  const s = performance.now();
  vms = readFleet(targets);
  const ms = performance.now() - s;
  const bases = lib.evaluationCount();
  console.log(
    `\ncomposition: ${targets} targets x 10 VMs = ${vms} VM configurations: ${bases} base evaluations (evalModules, one per profile base read), ${vms} extensions; ${ms.toFixed(0)} ms (${(ms / vms).toFixed(2)} ms per VM)`,
  );
  const t0 = performance.now();
  const disabled = project(targets).config.flake.osConfigurations;
  for (const name of Object.keys(disabled)) disabled[name].config.microvm.autostart;
  lib.resetEvaluations();
  for (const name of Object.keys(disabled)) disabled[name].config.microvm.autostart;
  console.log(
    `composition: reading every host's VM list (enable flags only): ${lib.evaluationCount()} VM evaluations, ${(performance.now() - t0).toFixed(0)} ms`,
  );

  // one extension by a small module against a full evaluation of the same modules
  const host = project(1).config.flake.osConfigurations["target-0"].config;
  const mocks = lib.mkSpecialArgs(host, "gui-vm");
  const modules = [lib.guiVmBase, { ghaf: { services: ["device"] } }];
  const reps = 200;
  const full = timed(() => readVm(lib.evalVm(mocks, [...modules, small]).config), reps);
  const baseEvals = Array.from({ length: reps + 20 }, () => {
    const b = lib.evalVm(mocks, modules);
    readVm(b.config);
    return b;
  });
  let i = 0;
  let reused = 0;
  const ext = timed(() => {
    const e = baseEvals[i++].extendModules({ modules: [small] });
    readVm(e.config);
    reused = evaluationStats(e).reused;
  }, reps);
  console.log(
    `composition: extendModules + one small module (VM config read): ${ext.toFixed(2)} ms; full evaluation of the same modules: ${full.toFixed(2)} ms; ratio ${((100 * ext) / full).toFixed(0)}% (target <= 30%); ${reused} option values reused from the base`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runComposition();
