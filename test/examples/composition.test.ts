/**
 * examples/composition (the three-layer composition pattern): base modules, profile
 * bases and targets, evaluated in-process with the example's own modules (as the CLI
 * loads them), one test per property the pattern promises. Each VM base counts its
 * evaluations (lib/evaluation-log.ts), so laziness is measured, not assumed.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  denModule,
  evalModules,
  evaluationStats,
  isModuleError,
  lazy,
  mkDefault,
  mkForce,
  type EvalResult,
  type ModuleError,
} from "tsden";
import * as lib from "../../examples/composition/lib/index.js";
import hosts from "../../examples/composition/modules/hosts.js";
import osClass from "../../examples/composition/modules/os-class.js";
import packages from "../../examples/composition/modules/packages.js";
import downstreamHosts from "../../examples/composition-downstream/modules/hosts.js";

type Any = any;

/** The example project evaluated (its modules/ files, in load order), plus `extra` top-level modules. */
const project = (...extra: unknown[]): Any =>
  evalModules({ modules: [denModule, hosts, osClass, packages, ...extra] }).config;
const host = (name: string, ...extra: unknown[]): Any => project(...extra).flake.osConfigurations[name].config;

/** A project with one extra Den host whose configuration is `target`. */
const withTarget = (name: string, target: unknown): Any =>
  project({ den: { hosts: { "x86_64-linux": { [name]: {} } }, aspects: { [name]: { os: { imports: [target] } } } } })
    .flake.osConfigurations[name].config;

const mockGlobal: lib.GlobalConfig = {
  debug: { enable: true },
  logging: { enable: true, listener: { address: "log-host", port: 514 } },
  development: { ssh: { daemon: { enable: false } } },
};
const mockHost: lib.HostConfig = {
  vmName: "test-vm",
  hosts: { "test-vm": { name: "test-vm", type: "system-vm", ipv4: "10.0.0.7", mac: "02:00:00:00:00:07", cid: 107 } },
  users: ["alice"],
  appVms: [],
};

function thrown(f: () => unknown): ModuleError {
  try {
    f();
  } catch (e) {
    if (isModuleError(e)) return e;
    throw e;
  }
  throw new Error("expected a ModuleError");
}

beforeEach(() => lib.resetEvaluations());

describe("examples/composition: lazy", () => {
  it("a disabled VM is never evaluated, not even its base; enabled ones once each", () => {
    const x1 = host("lenovo-x1");
    // the host's VM list and autostart read no VM at all
    expect(x1.microvm.autostart).toEqual(["admin-vm", "chromium-vm", "gui-vm", "net-vm", "zathura-vm"]);
    expect(lib.evaluationCount()).toBe(0);
    // everything the host needs of its VMs: the hosts table, each VM's configuration
    for (const vm of Object.keys(x1.microvm.vms)) JSON.stringify(x1.microvm.vms[vm].evaluation.config.ghaf);
    expect(Object.keys(x1.ghaf.networking.hosts).sort()).toEqual([
      "admin-vm",
      "chromium-vm",
      "gui-vm",
      "net-vm",
      "zathura-vm",
    ]);
    expect(lib.evaluatedVms()).toEqual(["admin-vm", "chromium-vm", "gui-vm", "net-vm", "zathura-vm"]);
    expect(lib.evaluationCount("audio-vm")).toBe(0);
    for (const vm of lib.evaluatedVms()) expect(lib.evaluationCount(vm)).toBe(1);
  });

  it("the count would see it: enabling the audio VM evaluates its base once", () => {
    const x1 = host("lenovo-x1", {
      den: {
        aspects: {
          "lenovo-x1": { os: { ghaf: { virtualization: { microvm: { "audio-vm": { enable: mkForce(true) } } } } } },
        },
      },
    });
    expect(x1.microvm.vms["audio-vm"].evaluation.config.ghaf.services).toContain("pipewire");
    expect(lib.evaluationCount("audio-vm")).toBe(1);
  });

  it("reading one VM evaluates only what it reads: its own base (and the others' only for the hosts table)", () => {
    const x1 = host("lenovo-x1");
    expect(x1.microvm.vms["gui-vm"].evaluation.config.microvm.mem).toBe(2048);
    expect(lib.evaluatedVms()).toEqual(["gui-vm"]);
  });
});

describe("examples/composition: composable", () => {
  it("a target's extendModules leaves the profile base unchanged", () => {
    const x1 = host("lenovo-x1");
    const base: EvalResult = x1.ghaf.profiles["laptop-x86"].guiVmBase;
    const before = JSON.stringify(base.config.ghaf);
    const target: EvalResult = x1.microvm.vms["gui-vm"].evaluation;
    expect(target).not.toBe(base);
    expect(target.config.ghaf.services).toContain("nvidia-persistenced");
    expect(target.config.microvm.mem).toBe(2048);
    expect(base.config.ghaf.services).not.toContain("nvidia-persistenced");
    expect(base.config.microvm.mem).toBe(512);
    expect(JSON.stringify(base.config.ghaf)).toBe(before);
    // the profile base was evaluated once, the target is an extension of it
    expect(lib.evaluationCount("gui-vm")).toBe(1);
  });

  it("extensions chain: upstream base, downstream profile, downstream target (a downstream project)", () => {
    const my = evalModules({ modules: [denModule, osClass, downstreamHosts] }).config.flake.osConfigurations[
      "my-device"
    ].config;
    const upstream: EvalResult = my.ghaf.profiles["laptop-x86"].guiVmBase;
    const custom: EvalResult = my.myProject.profiles.custom.guiVmBase;
    const device: EvalResult = my.microvm.vms["gui-vm"].evaluation;
    const services = (r: EvalResult) => [...(r.config as Any).ghaf.services].sort();
    expect(services(upstream)).toEqual(["display-manager", "window-proxy"]);
    expect(services(custom)).toEqual(["display-manager", "office-suite", "window-proxy"]);
    expect(services(device)).toEqual(["display-manager", "my-app", "office-suite", "window-proxy"]);
    expect([
      (upstream.config as Any).microvm.mem,
      (custom.config as Any).microvm.mem,
      (device.config as Any).microvm.mem,
    ]).toEqual([512, 384, 384]);
    // extensions inherit the specialArgs: the same host values in every layer
    expect((device.config as Any).networking.hostName).toBe("gui-vm");
    expect(lib.evaluationCount("gui-vm")).toBe(1);
    // where a value came from: each layer's file
    expect(device.options.ghaf.services.files).toEqual(
      expect.arrayContaining(["vms/gui-vm-base.ts", "vms/my-gui-vm-additions.ts", "profiles/my-device.ts (gui-vm)"]),
    );
  });

  it("an extension reuses the values of its base that did not change (evaluationStats)", () => {
    const x1 = host("lenovo-x1");
    const base: EvalResult = x1.ghaf.profiles["laptop-x86"].netVmBase;
    JSON.stringify((base.config as Any).ghaf);
    const ext = base.extendModules({ modules: [{ _file: "small.ts", ghaf: { services: ["extra"] } }] });
    expect((ext.config as Any).ghaf.services).toContain("extra");
    JSON.stringify((ext.config as Any).ghaf);
    expect(evaluationStats(ext).reused).toBeGreaterThanOrEqual(5);
  });
});

describe("examples/composition: no circular dependencies", () => {
  it("the host builds its hosts table from each VM's type while every VM reads the table through hostConfig", () => {
    const q = host("qemu-vm");
    const table = q.ghaf.networking.hosts;
    expect(table["admin-vm"]).toMatchObject({ type: "admin-vm", ipv4: "192.168.100.10" });
    expect(table["chromium-vm"]).toMatchObject({ type: "app-vm", ipv4: "192.168.100.100" });
    expect(table["gui-vm"]).toMatchObject({ type: "system-vm" });
    const line: string = q.microvm.vms["chromium-vm"].evaluation.config.ghaf.consoleLine;
    expect(line).toContain("ghaf-vm chromium-vm up: type=app-vm ip=192.168.100.100 debug=1");
    expect(line).toContain("peers=admin-vm=192.168.100.10,audio-vm=");
    // the admin VM reads the host's list of app VMs; the laptop VMs their MAC from the table
    expect(q.microvm.vms["admin-vm"].evaluation.config.ghaf.services).toContain("manage-chromium-vm");
    const x1 = host("lenovo-x1");
    expect(x1.microvm.vms["net-vm"].evaluation.config.microvm.interfaces[0].mac).toBe(
      x1.ghaf.networking.hosts["net-vm"].mac,
    );
  });

  it("a real cycle (a VM's type read from the hosts table) is reported as the chain of option paths with their files", () => {
    const cyclic = lib.mkTarget({
      name: "cyclic",
      profile: lib.vmProfile,
      family: "vm",
      vms: {
        "gui-vm": {
          modules: [
            ({ hostConfig }: Any) => ({
              ghaf: { type: mkForce(lazy(() => (hostConfig.hosts["net-vm"] ? "system-vm" : "app-vm"))) },
            }),
          ],
        },
        "net-vm": {},
      },
    });
    const c = withTarget("cyclic", cyclic);
    const e = thrown(() => c.microvm.vms["gui-vm"].evaluation.config.ghaf.type);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.trail?.map((f) => f.path)).toEqual(["ghaf.type", "ghaf.networking.hosts"]);
    expect(e.trail?.[0]?.files).toEqual(
      expect.arrayContaining(["vms/gui-vm-base.ts", "targets/cyclic.ts (gui-vm #0)"]),
    );
    expect(e.trail?.[1]?.files).toEqual(["host/networking.ts"]);
    expect(e.message).toContain("`ghaf.type' depends on itself");
  });
});

describe("examples/composition: testable in isolation", () => {
  it("a base evaluates alone with a mock globalConfig and hostConfig", () => {
    const r = lib.evalVm({ globalConfig: mockGlobal, hostConfig: mockHost }, [lib.guiVmBase]);
    const c = r.config as Any;
    expect(c.networking.hostName).toBe("test-vm");
    expect(c.ghaf.profiles.debug.enable).toBe(true);
    expect(c.ghaf.logging).toEqual({
      enable: true,
      listener: { address: "log-host", port: 514 },
      client: { enable: true },
    });
    expect(c.ghaf.users).toEqual(["alice"]);
    expect(c.ghaf.consoleLine).toBe(
      "ghaf-vm test-vm up: type=system-vm ip=10.0.0.7 debug=1 logging=log-host:514 services=display-manager,window-proxy peers=none",
    );
    expect(lib.evaluationCount("test-vm")).toBe(1);
  });

  it("a mock profile written with mkDefault (as the seed's lib.ghaf.profiles.debug) is applied, not passed raw", () => {
    const debugProfile = {
      ...mockGlobal,
      debug: { enable: mkDefault(true) },
      development: { ssh: { daemon: { enable: mkDefault(true) } } },
    };
    const c = lib.evalVm({ globalConfig: debugProfile as unknown as lib.GlobalConfig, hostConfig: mockHost }, [
      lib.netVmBase,
    ]).config as Any;
    expect(c.ghaf.profiles.debug.enable).toBe(true);
    expect(c.ghaf.development.ssh.daemon.enable).toBe(true);
    expect(c.ghaf.consoleLine).toContain("debug=1");
  });

  it("mkAppVm makes an application VM's base", () => {
    const app = lib.evalVm({ globalConfig: mockGlobal, hostConfig: { ...mockHost, vmName: "gala-vm" } }, [
      lib.mkAppVm({ name: "gala-vm", applications: ["gala"], mem: 768, balloonRatio: 0 }),
    ]);
    expect((app.config as Any).ghaf).toMatchObject({ type: "app-vm", services: ["gala"] });
    expect((app.config as Any).microvm.mem).toBe(768);
  });
});

describe("examples/composition: the host", () => {
  it("hands each enabled VM to microvm.vms.<vm>.evaluatedConfig, as evaluated (the same object)", () => {
    const q = host("qemu-vm");
    expect(Object.keys(q.microvm.vms).sort()).toEqual(["admin-vm", "audio-vm", "chromium-vm", "gui-vm", "net-vm"]);
    expect(q.microvm.vms["net-vm"].evaluatedConfig).toBe(q.ghaf.virtualization.microvm["net-vm"].evaluatedConfig);
    expect(q.microvm.vms["net-vm"].evaluation.config.microvm.hypervisor).toBe("qemu");
    expect(project().flake.packages["x86_64-linux"]["gui-vm"]).toMatchObject({
      type: "derivation",
      name: "microvm-qemu-gui-vm",
    });
  });

  it("an enabled VM without evaluatedConfig is a clear error naming the option", () => {
    const target = lib.mkTarget({ name: "broken", profile: lib.vmProfile, family: "vm", vms: {} });
    const c = withTarget("broken", {
      imports: [target],
      ghaf: { virtualization: { microvm: { extra: { enable: true } } } },
    });
    expect(c.microvm.autostart).toEqual(["extra"]);
    const e = thrown(() => c.microvm.vms.extra.evaluation);
    expect(e.code).toBe("NO_VALUE");
    expect(e.message).toContain("`ghaf.virtualization.microvm.extra.evaluatedConfig' is not set");
  });
});
