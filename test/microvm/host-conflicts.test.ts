/**
 * Two microVMs of one host may not share a socket path, a vhost-vsock CID or a tap
 * interface: evaluating the host's package says which two VMs clash, through which
 * options, and where those were defined. Relative paths are per VM and never clash.
 */
import { describe, expect, it } from "vitest";
import { checkHostConflicts } from "../../src/microvm/host-conflicts.js";
import { guestModules } from "../../src/microvm/host.js";
import { makeMicrovmHostModule } from "../../src/microvm/host-module.js";
import { evalModules, isModuleError, type ModuleError } from "../../src/modules/index.js";
import { systemBuildModule } from "../../src/os/options/system-build.js";
import { mkOption, types } from "../../src/modules/index.js";
import { Store } from "../../src/store/store.js";

const store = new Store("/tmp/tsden-host-conflicts-test-store");
const hostOptions = {
  _file: "host.ts",
  options: { networking: { hostName: mkOption({ type: types.str, default: "server" }) } },
};

function host(vms: Record<string, unknown>, stateDir?: string) {
  return evalModules({
    modules: [
      hostOptions,
      systemBuildModule,
      makeMicrovmHostModule(guestModules),
      { _file: "host.ts", microvm: { vms, ...(stateDir !== undefined ? { stateDir } : {}) } },
    ],
    specialArgs: { store },
    class: "os",
  }).config as any;
}

/** The error the host's package raises when its derivation is asked for (VMs evaluated, nothing built). */
async function hostError(vms: Record<string, unknown>, stateDir?: string): Promise<ModuleError | undefined> {
  try {
    await host(vms, stateDir).system.build.microvmHost.derivation();
    return undefined;
  } catch (e) {
    if (isModuleError(e)) return e;
    throw e;
  }
}

/** The check alone on the host's evaluated VMs (no runner derivations: fast). */
function clash(vms: Record<string, unknown>): string | undefined {
  const c = host(vms);
  const evaluations = Object.keys(vms).map((name) => ({ name, ...c.microvm.vms[name].evaluation }));
  try {
    checkHostConflicts(
      c.microvm.stateDir,
      evaluations.map((e) => ({ name: e.name, config: e.config, options: e.options })),
    );
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const vm = (microvm: Record<string, unknown>) => ({ config: { _file: "vms.ts", microvm } });
const virtiofs = (socket: string) => ({
  tag: "data",
  source: "/srv/data",
  mountPoint: "/data",
  proto: "virtiofs",
  socket,
});

describe("sockets, CIDs and taps two microVMs of a host would share", () => {
  it("are an evaluation error naming both VMs, their options and where they were defined", async () => {
    const e = await hostError({ a: vm({ socket: "/run/vm.sock" }), b: vm({ socket: "/run/vm.sock" }) });
    expect(e?.code).toBe("CONFLICT");
    expect(e?.message).toContain("`a' and `b' both use the socket /run/vm.sock");
    expect(e?.message).toContain("`a' through microvm.socket, `b' through microvm.socket");
    expect(e?.optionPath).toEqual(["microvm", "vms", "b"]);
    expect(e?.definitions.map((d) => d.file)).toEqual(["vms.ts (microVM a)", "vms.ts (microVM b)"]);
    expect(e?.hint).toMatch(/own folder/);
  });

  it("compare a control socket with another VM's virtiofsd socket, after resolving relative paths", async () => {
    const e = await hostError({
      a: vm({ shares: [virtiofs("../b/ctl.sock")] }),
      b: vm({ socket: "ctl.sock" }),
    });
    expect(e?.message).toContain("both use the socket /var/lib/microvms/b/ctl.sock");
    expect(e?.message).toContain("`a' through microvm.shares.\"data\".socket, `b' through microvm.socket");
  });

  it("take the state folder into account", async () => {
    const e = await hostError({ a: vm({ socket: "/srv/vms/b/x.sock" }), b: vm({ socket: "x.sock" }) }, "/srv/vms");
    expect(e?.message).toContain("/srv/vms/b/x.sock");
  });

  it("include vsock CIDs of vhost-vsock hypervisors and tap names", async () => {
    const cid = await hostError({ a: vm({ vsock: { cid: 7 } }), b: vm({ hypervisor: "crosvm", vsock: { cid: 7 } }) });
    expect(cid?.message).toContain("both use the vsock CID 7");
    const tap = await hostError({
      a: vm({ interfaces: [{ type: "tap", id: "vm-x", mac: "02:00:00:00:00:01" }] }),
      b: vm({
        interfaces: [
          { type: "macvtap", id: "vm-x", mac: "02:00:00:00:00:02", macvtap: { link: "eth0", mode: "bridge" } },
        ],
      }),
    });
    expect(tap?.message).toContain("both use the tap interface vm-x");
  });

  it("allow what cannot clash: default sockets, the same CID on hybrid vsock, the same relative socket", () => {
    expect(clash({ a: vm({}), b: vm({}) })).toBeUndefined();
    expect(clash({ a: vm({ socket: "vm.sock" }), b: vm({ socket: "vm.sock" }) })).toBeUndefined();
    // cloud-hypervisor's and firecracker's vsock is a socket in each VM's folder: CIDs are per VM
    const hybrid = { vsock: { cid: 9 } };
    expect(
      clash({ a: vm({ hypervisor: "cloud-hypervisor", ...hybrid }), b: vm({ hypervisor: "firecracker", ...hybrid }) }),
    ).toBeUndefined();
    // the same absolute socket does clash (the check is not vacuous)
    expect(clash({ a: vm({ socket: "/run/x.sock" }), b: vm({ socket: "/run/x.sock" }) })).toMatch(
      /both use the socket/,
    );
    // virtiofs shares with their default sockets
    const share = { tag: "data", source: "/srv/data", mountPoint: "/data", proto: "virtiofs" };
    expect(clash({ a: vm({ shares: [share] }), b: vm({ shares: [share] }) })).toBeUndefined();
  });

  it("read any evaluated configuration, with or without options", () => {
    expect(() =>
      checkHostConflicts("/var/lib/microvms", [
        { name: "x", config: { microvm: { socket: "/s" } } },
        { name: "y", config: { microvm: { socket: "/s" } } },
      ]),
    ).toThrow(/`x' and `y' both use the socket \/s/);
    expect(() =>
      checkHostConflicts("/var/lib/microvms", [
        { name: "x", config: {} },
        { name: "y", config: null },
      ]),
    ).not.toThrow();
  });
});
