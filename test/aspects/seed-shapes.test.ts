/**
 * The seed's MicroVM template (den.nix, guests-example, microvm-integration,
 * runnable-example + microvm-runners) written in TypeScript with the same structure.
 * Custom classes stand in for the real ones: `os` (NixOS) and `microvm` (guest VM
 * options); the real MicroVM parts come later.
 */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { denModule, type Host } from "../../src/aspects/index.js";

// ---- stand-ins for the OS class and microvm.nix modules -------------------------------
const osClass = {
  _file: "stand-in/os.ts",
  options: {
    networking: { hostName: mkOption({ type: types.str, default: "nixos" }) },
    environment: { systemPackages: mkOption({ type: types.listOf(types.str), default: [] }) },
  },
};
/** microvm's guest options (the `microvm` class, and `microvm.*` inside a guest's OS). */
const microvmGuestOptions = {
  autostart: mkOption({ type: types.bool, default: false }),
  shares: mkOption({ type: types.listOf(types.attrsOf(types.str)), default: [] }),
  vcpu: mkOption({ type: types.int, default: 1 }),
};
const microvmGuestModule = {
  _file: "stand-in/microvm-guest.ts",
  key: "stand-in/microvm-guest",
  options: {
    microvm: { ...microvmGuestOptions, declaredRunner: mkOption({ type: types.nullOr(types.str), default: null }) },
  },
};
/** microvm.nixosModules.host: declares microvm.vms.<name> on the host. */
const microvmHostModule = {
  _file: "stand-in/microvm-host.ts",
  key: "stand-in/microvm-host",
  options: {
    microvm: {
      host: { startupTimeout: mkOption({ type: types.int, default: 150 }) },
      vms: mkOption({
        type: types.attrsOf(
          types.submodule({
            options: { ...microvmGuestOptions, config: mkOption({ type: types.deferredModule, default: {} as never }) },
          }),
        ),
        default: {},
      }),
    },
  },
};

// ---- modules/den.nix: enable Den + hostname for all hosts -----------------------------
const denNix = ({ den }: any) => ({
  den: { default: { includes: [den.provides.hostname] }, classes: { os: [osClass, microvmGuestModule] } },
});

// ---- modules/microvm-integration.nix --------------------------------------------------
const microvmIntegration = ({ den }: any) => ({
  den: {
    schema: {
      host: {
        options: {
          microvm: {
            guests: mkOption({
              type: types.listOf(types.raw),
              default: [],
              description: "List of Den hosts to run as guest VMs",
            }),
            sharedNixStore: mkOption({ type: types.bool, default: false, description: "Auto share nix store" }),
            hostModule: mkOption({ type: types.raw, default: microvmHostModule }),
          },
        },
      },
    },
    ctx: {
      // Stage 1: host → microvm-host (only if guests is non-empty)
      host: {
        into: { "microvm-host": ({ host }: { host: any }) => (host.microvm.guests.length > 0 ? [{ host }] : []) },
      },
      "microvm-host": {
        // microvm-host provides Host configuration
        provides: {
          "microvm-host": ({ host }: { host: any }) => ({ [host.class]: { imports: [host.microvm.hostModule] } }),
          // Guest configuration forwarded to host
          "microvm-guest": ({ host, vm }: { host: any; vm: any }) => ({
            includes: [
              // Auto-share nix store if enabled
              vm.microvm.sharedNixStore
                ? {
                    [host.class]: {
                      microvm: { vms: { [vm.name]: { shares: [{ tag: "ro-store", source: "/nix/store" }] } } },
                    },
                  }
                : {},
              // Den resolved OS module forwarded to <host>.os.microvm.vms.<vm>.config
              den.provides.forward({
                each: [vm],
                fromClass: () => "os",
                intoClass: () => host.class,
                intoPath: (v: Host) => ["microvm", "vms", v.name, "config"],
                fromAspect: (v: Host) => v.resolved,
              }),
              // Forward guest `microvm` class directly to <host>.os.microvm.vms.<vm>
              den.provides.forward({
                each: [vm],
                fromClass: () => "microvm",
                intoClass: () => host.class,
                intoPath: (v: Host) => ["microvm", "vms", v.name],
                fromAspect: (v: Host) => v.resolved,
              }),
            ],
          }),
        },
        // Stage 2: microvm-host → microvm-guest
        into: {
          "microvm-guest": ({ host }: { host: any }) => host.microvm.guests.map((vm: unknown) => ({ host, vm })),
        },
      },
    },
  },
});

// ---- modules/guests-example.nix -------------------------------------------------------
const guestsExample = ({ den }: any) => ({
  den: {
    hosts: {
      "x86_64-linux": {
        // Server host with guest VM
        server: {
          microvm: {
            get guests() {
              return [den.hosts["x86_64-linux"]["guest-microvm"]];
            },
          },
        },
        // Guest VM declaration (no top-level osConfiguration)
        "guest-microvm": { intoAttr: [] },
      },
    },
    aspects: {
      // Server config
      server: { os: { microvm: { host: { startupTimeout: 300 } } } },
      "guest-microvm": {
        // Den resolved and forwarded to `<host>.microvm.vms.guest-microvm.config`
        os: () => ({ environment: { systemPackages: ["cowsay"] } }),
        // Forwarded to `<host>.microvm.vms.guest-microvm`
        microvm: { autostart: true },
      },
    },
  },
});

// ---- modules/runnable-example.nix + microvm-runners.nix -------------------------------
const runnableExample = {
  den: {
    hosts: { "x86_64-linux": { "runnable-microvm": {} } },
    aspects: { "runnable-microvm": { os: { microvm: { declaredRunner: "runner:runnable-microvm", vcpu: 2 } } } },
  },
};
const microvmRunners = ({ config }: any) => ({
  flake: {
    get packages() {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [system, hosts] of Object.entries(config.den.hosts as Record<string, Record<string, Host>>)) {
        for (const h of Object.values(hosts)) {
          if (h.intoAttr.length === 0) continue;
          const runner = config.flake.osConfigurations[h.name].config.microvm.declaredRunner;
          if (runner) (out[system] ??= {})[h.name] = runner;
        }
      }
      return out;
    },
  },
});

const project = () =>
  evalModules({ modules: [denModule, denNix, microvmIntegration, guestsExample, runnableExample, microvmRunners] })
    .config as any;

describe("seed shapes: the MicroVM template", () => {
  it("den.nix: hostname for all hosts", () => {
    const c = project();
    expect(c.flake.osConfigurations.server.config.networking.hostName).toBe("server");
    expect(c.flake.osConfigurations["runnable-microvm"].config.networking.hostName).toBe("runnable-microvm");
  });
  it("guests-example: guest has no output of its own; server gets microvm.vms.guest-microvm", () => {
    const c = project();
    expect(Object.keys(c.flake.osConfigurations).sort()).toEqual(["runnable-microvm", "server"]);
    const server = c.flake.osConfigurations.server.config;
    expect(server.microvm.host.startupTimeout).toBe(300);
    expect(Object.keys(server.microvm.vms)).toEqual(["guest-microvm"]);
    expect(server.microvm.vms["guest-microvm"].autostart).toBe(true);
    expect(server.environment.systemPackages).toEqual([]);
  });
  it("microvm-integration: the guest's OS config is forwarded, with all Den features (hostname)", () => {
    const c = project();
    const vm = c.flake.osConfigurations.server.config.microvm.vms["guest-microvm"];
    const guest = evalModules({ modules: [osClass, microvmGuestModule, vm.config] }).config as any;
    expect(guest.environment.systemPackages).toEqual(["cowsay"]);
    expect(guest.networking.hostName).toBe("guest-microvm");
  });
  it("schema extension: microvm.guests and sharedNixStore on every host", () => {
    const c = project();
    const hosts = c.den.hosts["x86_64-linux"];
    expect(hosts.server.microvm.guests.map((g: Host) => g.name)).toEqual(["guest-microvm"]);
    expect(hosts["runnable-microvm"].microvm.guests).toEqual([]);
    expect(hosts.server.microvm.sharedNixStore).toBe(false);
  });
  it("sharedNixStore on the guest adds the store share", () => {
    const c = evalModules({
      modules: [
        denModule,
        denNix,
        microvmIntegration,
        guestsExample,
        { den: { hosts: { "x86_64-linux": { "guest-microvm": { microvm: { sharedNixStore: true } } } } } },
      ],
    }).config as any;
    expect(c.flake.osConfigurations.server.config.microvm.vms["guest-microvm"].shares).toEqual([
      { tag: "ro-store", source: "/nix/store" },
    ]);
  });
  it("microvm-runners: packages.<system>.<name> for hosts with a declaredRunner", () => {
    const c = project();
    expect(c.flake.packages).toEqual({ "x86_64-linux": { "runnable-microvm": "runner:runnable-microvm" } });
  });
  it("the microvm-host stage runs only for hosts with guests", () => {
    const c = project();
    expect(c.flake.osConfigurations["runnable-microvm"].config.microvm.vms).toBeUndefined();
    expect(c.den.hosts["x86_64-linux"].server.hasAspect("ctx/microvm-host")).toBe(true);
    expect(c.den.hosts["x86_64-linux"]["runnable-microvm"].hasAspect("ctx/microvm-host")).toBe(false);
  });
});
