/** The host module: microvm.vms.<name> (config, evaluatedConfig, laziness), host options, the host package. */
import { lstat, mkdtemp, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeMicrovmHostModule } from "../../src/microvm/host-module.js";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { systemBuildModule } from "../../src/os/options/system-build.js";
import { realisePackage } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { evaluations, standInGuestModules } from "./host-fixtures.js";

const hostModule = makeMicrovmHostModule(standInGuestModules);
const hostOptions = {
  _file: "stand-in/host.ts",
  options: { networking: { hostName: mkOption({ type: types.str, default: "server" }) } },
};
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const host = (...modules: unknown[]) =>
  evalModules({ modules: [hostOptions, systemBuildModule, hostModule, ...modules], class: "os" }).config as any;

describe("microvm host module", () => {
  it("has the reference's defaults", () => {
    const c = host();
    expect(c.microvm.host).toEqual({ enable: true, startupTimeout: 150, useNotifySockets: false });
    expect(c.microvm.stateDir).toBe("/var/lib/microvms");
    expect(c.microvm.autostart).toEqual([]);
    expect(c.microvm.vms).toEqual({});
  });

  it("evaluates a VM only when it is read; the VM's name is its host name", () => {
    const before = evaluations.count;
    const c = host({ microvm: { vms: { web: { config: { marker: "hi" } }, broken: { config: { nonsense: 1 } } } } });
    expect(c.microvm.autostart).toEqual(["broken", "web"]);
    expect(c.microvm.vms.web.restartIfChanged).toBe(true);
    expect(evaluations.count).toBe(before);
    expect(c.microvm.vms.web.evaluation.config.networking.hostName).toBe("web");
    expect(c.microvm.vms.web.evaluation.config.marker).toBe("hi");
    expect(c.microvm.vms.web.runner.name).toBe("microvm-stand-in-web");
    expect(() => c.microvm.vms.broken.evaluation.config.marker).toThrow(/nonsense/);
  });

  it("makes vms.<name>.config the guest's evaluated configuration, as the reference does", () => {
    const before = evaluations.count;
    const c = host({
      microvm: { vms: { web: { config: { marker: "hi" }, extraModules: [{ microvm: { mem: 64 } }] } } },
    });
    const vm = c.microvm.vms.web;
    expect(vm.restartIfChanged).toBe(true);
    expect(evaluations.count).toBe(before);
    // the reference's (and Ghaf's) reading, and the direct one
    expect(vm.config.config.networking.hostName).toBe("web");
    expect(vm.config.networking.hostName).toBe("web");
    expect(vm.config.microvm.mem).toBe(64);
    expect(typeof vm.config.extendModules).toBe("function");
    expect(vm.config.extendModules({ modules: [{ _file: "x" }] }).config.networking.hostName).toBe("web");
    expect(vm.evaluation.config.marker).toBe("hi");
  });

  it("accepts any evaluated configuration with a config, and says so when it has none", () => {
    const plain = {
      config: { microvm: { declaredRunner: { type: "derivation", name: "given", derivation: async () => ({}) } } },
    };
    const c = host({ microvm: { vms: { p: { evaluatedConfig: plain }, bad: { evaluatedConfig: 42 } } } });
    expect(c.microvm.vms.p.runner.name).toBe("given");
    expect(() => c.microvm.vms.bad.evaluation).toThrow(/has no `config' attribute/);
  });

  it("uses evaluatedConfig as is (extendModules composition)", () => {
    const base = evalModules({ modules: [...standInGuestModules(), { networking: { hostName: "base" } }] });
    const extended = base.extendModules({ modules: [{ marker: "extended" }] });
    const c = host({ microvm: { vms: { db: { evaluatedConfig: extended, autostart: false } } } });
    expect(c.microvm.vms.db.evaluation).toBe(extended);
    expect(c.microvm.vms.db.evaluation.config.marker).toBe("extended");
    expect(c.microvm.vms.db.restartIfChanged).toBe(false);
    expect(c.microvm.autostart).toEqual([]);
  });

  it("passes specialArgs to the guest's modules", () => {
    const c = host({
      microvm: {
        vms: {
          a: {
            specialArgs: { greeting: "hey" },
            config: ({ greeting }: { greeting: string }) => ({ marker: greeting }),
          },
        },
      },
    });
    expect(c.microvm.vms.a.evaluation.config.marker).toBe("hey");
  });

  it("says what is missing when a VM has neither config nor evaluatedConfig", () => {
    const c = host({ microvm: { vms: { empty: {} } } });
    expect(() => c.microvm.vms.empty.evaluation).toThrow(/neither `microvm.vms.empty.config'/);
  });

  it("merges config definitions from several modules (as forwards give them)", () => {
    const c = host(
      { microvm: { vms: { web: { config: { marker: "one" } } } } },
      { microvm: { vms: { web: { config: { microvm: { mem: 64 } } } } } },
    );
    expect(c.microvm.vms.web.evaluation.config.marker).toBe("one");
    expect(c.microvm.vms.web.evaluation.config.microvm.mem).toBe(64);
  });

  it("builds system.build.microvmHost: units, runner links, manifest", async () => {
    const root = await mkdtemp(join(tmpdir(), "tsden-host-"));
    dirs.push(root);
    const store = new Store(join(root, "store"));
    const c = evalModules({
      modules: [
        hostOptions,
        systemBuildModule,
        hostModule,
        {
          microvm: {
            host: { startupTimeout: 300 },
            vms: { web: { config: {} }, db: { config: {}, autostart: false } },
          },
        },
      ],
      specialArgs: { store },
    }).config as any;
    const out = await realisePackage(store, c.system.build.microvmHost);
    expect(out.startsWith(store.root)).toBe(true);
    const units = join(out, "etc/systemd/system");
    expect(await readFile(join(units, "microvm@.service"), "utf8")).toContain("TimeoutSec=300");
    expect(await readFile(join(units, "microvms.target"), "utf8")).toContain("Wants=microvm@web.service\n");
    const runner = await readlink(join(out, "vms/web"));
    expect((await lstat(join(runner, "bin/microvm-run"))).isFile()).toBe(true);
    const manifest = JSON.parse(await readFile(join(out, "share/microvm/host.json"), "utf8"));
    expect(manifest).toEqual({
      version: 1,
      stateDir: "/var/lib/microvms",
      vms: {
        db: { runner: await readlink(join(out, "vms/db")), autostart: false, restartIfChanged: true },
        web: { runner, autostart: true, restartIfChanged: true },
      },
    });
    expect(await readFile(join(units, "install-microvm-web.service"), "utf8")).toContain(runner);
    // the same configuration gives the same path
    expect(await realisePackage(store, c.system.build.microvmHost)).toBe(out);
  });

  it("refuses a hostile VM name when the host package is asked for", async () => {
    const c = host({ microvm: { vms: { "../../etc": { config: {} } } } });
    await expect(c.system.build.microvmHost.derivation()).rejects.toThrow(/invalid microVM name/);
  });
});
