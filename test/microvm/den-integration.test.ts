/**
 * The library's microvmIntegration with the real OS and guest modules, in the seed's
 * shapes: a server with a declarative guest, a runnable microVM exposed as a package.
 */
import { describe, expect, it } from "vitest";
import { denModule, type Host } from "../../src/aspects/index.js";
import { microvmIntegration } from "../../src/host/microvm-host.js";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { findVirtiofsd, storeShareProto } from "../../src/microvm/store-share.js";
import { evalModules, lazy } from "../../src/modules/index.js";
import { osClassModule } from "../../src/os/index.js";
import { isPackage } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";

const den = ({ den }: any) => ({
  imports: [osClassModule],
  den: { ctx: { host: { includes: [den.provides.hostname] } } },
});
const guests = ({ den }: any) => ({
  den: {
    hosts: {
      "x86_64-linux": {
        server: {
          microvm: {
            get guests() {
              return [den.hosts["x86_64-linux"]["guest-microvm"]];
            },
          },
        },
        "guest-microvm": { intoAttr: [] },
      },
    },
    aspects: {
      server: { os: { microvm: { host: { startupTimeout: 300 } } } },
      "guest-microvm": { os: { boot: { kernelParams: ["quiet"] } }, microvm: { autostart: true } },
    },
  },
});
const runnable = {
  den: {
    hosts: { "x86_64-linux": { "runnable-microvm": { intoAttr: ["microvms", "runnable-microvm"] } } },
    aspects: { "runnable-microvm": { os: { imports: [microvmGuestModule], microvm: { vcpu: 2 } } } },
  },
};
const runners = ({ config }: any) => ({
  flake: {
    packages: lazy(() => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const hosts of Object.values(config.den.hosts as Record<string, Record<string, Host>>)) {
        for (const host of Object.values(hosts)) {
          const conf = host.intoAttr.reduce((v: any, k) => v?.[k], config.flake);
          const runner = conf?.config?.microvm?.declaredRunner;
          if (runner) (out[host.system] ??= {})[host.name] = runner;
        }
      }
      return out;
    }),
  },
});

const project = (...extra: unknown[]) =>
  evalModules({ modules: [denModule, den, microvmIntegration, guests, runnable, runners, ...extra] }).config as any;

describe("microvmIntegration", () => {
  it("adds microvm.guests and microvm.sharedStore to every host", () => {
    const hosts = project().den.hosts["x86_64-linux"];
    expect(hosts.server.microvm.guests.map((g: Host) => g.name)).toEqual(["guest-microvm"]);
    expect(hosts["runnable-microvm"].microvm.guests).toEqual([]);
    expect(hosts.server.microvm.sharedStore).toBe(true);
  });

  it("runs the microvm-host stage only for hosts with guests", () => {
    const c = project();
    expect(c.den.hosts["x86_64-linux"].server.hasAspect("ctx/microvm-host")).toBe(true);
    expect(c.den.hosts["x86_64-linux"]["runnable-microvm"].hasAspect("ctx/microvm-host")).toBe(false);
    expect(c.flake.microvms["runnable-microvm"].config.microvm.vms).toBeUndefined();
  });

  it("forwards the guest's os class into microvm.vms.<vm>.config and its microvm class into microvm.vms.<vm>", () => {
    const server = project().flake.osConfigurations.server.config;
    expect(Object.keys(server.microvm.vms)).toEqual(["guest-microvm"]);
    expect(server.microvm.host.startupTimeout).toBe(300);
    const vm = server.microvm.vms["guest-microvm"];
    expect(vm.autostart).toBe(true);
    const guest = vm.evaluation.config;
    expect(guest.networking.hostName).toBe("guest-microvm");
    expect(guest.boot.kernelParams).toEqual(["quiet"]);
    expect(isPackage(vm.runner)).toBe(true);
  });

  it("shares the host's store read-only into the guest (virtiofs when virtiofsd is found, else 9p), or not", () => {
    const store = new Store();
    const guest = project().flake.osConfigurations.server.config.microvm.vms["guest-microvm"].evaluation.config;
    expect(guest.microvm.shares).toEqual([
      expect.objectContaining({
        tag: "ro-store",
        source: store.root,
        mountPoint: store.root,
        proto: storeShareProto(),
      }),
    ]);
    expect(guest.microvm.storeOnDisk).toBe(false);
    const off = project({ den: { hosts: { "x86_64-linux": { server: { microvm: { sharedStore: false } } } } } });
    expect(
      off.flake.osConfigurations.server.config.microvm.vms["guest-microvm"].evaluation.config.microvm.shares,
    ).toEqual([]);
  });

  it("picks the store share's protocol from the host: TSDEN_STORE_SHARE, else virtiofsd on PATH or in /usr/libexec", () => {
    expect(storeShareProto({ TSDEN_STORE_SHARE: "9p" })).toBe("9p");
    expect(storeShareProto({ TSDEN_STORE_SHARE: "virtiofs" })).toBe("virtiofs");
    expect(findVirtiofsd({ PATH: "/nonexistent" })).toBe(findVirtiofsd({ PATH: "" }));
    expect(storeShareProto()).toBe(findVirtiofsd() !== null ? "virtiofs" : "9p");
  });

  it("exposes packages.<system>.<name> for hosts with a declared runner", () => {
    const c = project();
    expect(Object.keys(c.flake.packages)).toEqual(["x86_64-linux"]);
    expect(Object.keys(c.flake.packages["x86_64-linux"])).toEqual(["runnable-microvm"]);
    expect(isPackage(c.flake.packages["x86_64-linux"]["runnable-microvm"])).toBe(true);
  });

  it("the guest has no output of its own", () => {
    expect(Object.keys(project().flake.osConfigurations)).toEqual(["server"]);
  });
});
