/**
 * `MicrovmOptions` is the type the `microvm.*` declarations give, and a runner's
 * `Guest` takes its fields from it: checked by the compiler, and against an evaluation.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { type EvalResult, evalModules } from "../../src/modules/index.js";
import type { MicrovmHost } from "../../src/microvm/den.js";
import type { MicrovmHostConfig, MicrovmVm } from "../../src/microvm/host-module.js";
import { osModules } from "../../src/os/index.js";
import type { Guest, GuestInterface, GuestShare, Hypervisor } from "../../src/microvm/guest.js";
import { guestOf } from "../../src/microvm/guest-config.js";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import type { MicrovmConfig, MicrovmOptions } from "../../src/microvm/options.js";
import type { Package } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";

describe("MicrovmOptions: the guest options' type, derived from their declarations", () => {
  it("gives each option the type of its values", () => {
    expectTypeOf<MicrovmOptions>().not.toBeAny();
    expectTypeOf<MicrovmOptions["hypervisor"]>().toEqualTypeOf<Hypervisor>();
    expectTypeOf<MicrovmOptions["mem"]>().toEqualTypeOf<number>();
    expectTypeOf<MicrovmOptions["socket"]>().toEqualTypeOf<string | null>();
    expectTypeOf<MicrovmOptions["kernel"]>().toEqualTypeOf<Package | string>();
    expectTypeOf<MicrovmOptions["credentialFiles"]>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<MicrovmOptions["storeDiskType"]>().toEqualTypeOf<"erofs" | "squashfs">();
    expectTypeOf<MicrovmOptions["virtiofsd"]["threadPoolSize"]>().toEqualTypeOf<number | "`nproc`" | null>();
    expectTypeOf<MicrovmOptions["qemu"]["package"]>().toEqualTypeOf<Package | string>();
    expectTypeOf<MicrovmOptions["runner"]>().toEqualTypeOf<Record<string, Package>>();
  });

  it("a submodule option's elements have the submodule's options", () => {
    expectTypeOf<GuestShare>().toEqualTypeOf<MicrovmOptions["shares"][number]>();
    expectTypeOf<GuestShare["proto"]>().toEqualTypeOf<"9p" | "virtiofs">();
    expectTypeOf<GuestShare["socket"]>().toEqualTypeOf<string | null>();
    expectTypeOf<GuestInterface>().toEqualTypeOf<{
      readonly type: "user" | "tap" | "macvtap" | "bridge";
      readonly id: string;
      readonly mac: string;
      readonly bridge: string | null;
      readonly macvtap: {
        readonly link: string | null;
        readonly mode: "private" | "vepa" | "bridge" | "passthru" | "source" | null;
      };
      readonly tap: { readonly vhost: boolean };
    }>();
  });

  it("a runner's Guest has the options' types", () => {
    expectTypeOf<Guest["volumes"]>().toEqualTypeOf<MicrovmOptions["volumes"]>();
    expectTypeOf<Guest["qemu"]>().toEqualTypeOf<Omit<MicrovmOptions["qemu"], "package">>();
    expectTypeOf<Guest["vsockCid"]>().toEqualTypeOf<number | null>();
  });

  it("a name no option declares is a type error", () => {
    // @ts-expect-error: the option is `mem` (MiB), not `memory`
    const wrong: MicrovmOptions["memory"] = 512;
    expect(wrong).toBe(512);
  });

  it("describes the configuration evaluation gives", () => {
    const store = new Store("/tmp/tsden-options-type-unused");
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        {
          networking: { hostName: "demo" },
          microvm: { shares: [{ tag: "data", source: "/srv/data", mountPoint: "/data", proto: "virtiofs" }] },
        },
      ],
      specialArgs: { store },
      class: "os",
    }).config as MicrovmConfig;
    const share: GuestShare = config.microvm.shares[0]!;
    expect({ proto: share.proto, socket: share.socket, hypervisor: config.microvm.hypervisor }).toEqual({
      proto: "virtiofs",
      socket: "demo-virtiofs-data.sock",
      hypervisor: "qemu",
    });
    const guest: Guest = guestOf(config);
    expect({ mem: guest.mem, shares: guest.shares.map((s) => s.tag) }).toEqual({ mem: 512, shares: ["data"] });
  });
});

describe("MicrovmHostConfig: the host's microvm options' type, derived from their declarations", () => {
  it("types the host's settings and each VM", () => {
    expectTypeOf<MicrovmHostConfig["host"]["startupTimeout"]>().toEqualTypeOf<number>();
    expectTypeOf<MicrovmHostConfig["autostart"]>().toEqualTypeOf<string[]>();
    expectTypeOf<MicrovmHostConfig["vms"]>().toEqualTypeOf<Record<string, MicrovmVm>>();
    expectTypeOf<MicrovmVm["config"]>().toEqualTypeOf<EvalResult | null>();
    expectTypeOf<MicrovmVm["evaluation"]>().toEqualTypeOf<EvalResult>();
    expectTypeOf<MicrovmVm["runner"]>().toEqualTypeOf<Package>();
    expectTypeOf<MicrovmVm["specialArgs"]>().toEqualTypeOf<Record<string, unknown>>();
  });
});

describe("MicrovmHost: a Den host with the schema the microVM integration declares", () => {
  it("types the schema's options", () => {
    expectTypeOf<MicrovmHost["microvm"]["guests"]>().toEqualTypeOf<MicrovmHost[]>();
    expectTypeOf<MicrovmHost["microvm"]["sharedStore"]>().toEqualTypeOf<boolean>();
    expectTypeOf<MicrovmHost["microvm"]["module"]>().toEqualTypeOf<unknown>();
  });
});
