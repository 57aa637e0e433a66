import { describe, expect, it } from "vitest";
import { renderInit } from "../../../src/os/builders/init-script.js";
import { systemInitSpec, type InitSpec } from "../../../src/os/index.js";
import { evalOs } from "./eval-os.js";

const server = {
  _file: "server.ts",
  networking: {
    hostName: "server",
    interfaces: {
      eth1: { useDHCP: true },
      eth0: {
        ipv4: {
          addresses: [
            { address: "10.0.0.2", prefixLength: 24 },
            { address: "10.0.1.2", prefixLength: 16 },
          ],
        },
      },
      eth2: {},
    },
    defaultGateway: "10.0.0.1",
    nameservers: ["9.9.9.9", "2620:fe::fe"],
  },
  fileSystems: {
    "/": { device: "rootfs", fsType: "tmpfs" },
    "/nix/.ro-store": { device: "ro-store", fsType: "virtiofs", options: ["ro"] },
    "/mnt/share": { device: "share", fsType: "9p" },
    "/var": { label: "var", fsType: "ext4", options: ["noatime"] },
    "/var/lib/data": { device: "/dev/vdb", fsType: "erofs", options: ["ro"] },
    "/tmp": { fsType: "tmpfs", options: ["size=64m"] },
  },
  boot: {
    kernelModules: ["overlay", "virtio_blk"],
    postBootCommands: "echo up\n",
    poweroffAfterCommands: true,
  },
};

describe("os configuration to init specification", () => {
  it("a server's spec matches the golden file", async () => {
    const spec = systemInitSpec(evalOs(server));
    await expect(`${JSON.stringify(spec, null, 2)}\n`).toMatchFileSnapshot("golden/server-spec.json");
  });

  it("reads in sorted order; DHCP as NixOS; the gateway on the first statically addressed interface", () => {
    const spec = systemInitSpec(evalOs(server));
    expect(spec.interfaces.map((i) => [i.name, i.dhcp, i.gateway ?? null])).toEqual([
      ["eth0", false, "10.0.0.1"],
      ["eth1", true, null],
      ["eth2", true, null],
    ]);
    expect(spec.mounts.map((m) => m.mountPoint)).toEqual([
      "/mnt/share",
      "/nix/.ro-store",
      "/tmp",
      "/var",
      "/var/lib/data",
    ]);
    expect(renderInit(spec, { modules: [] })).toContain(
      `printf 'nameserver %s\\n' '9.9.9.9' '2620:fe::fe' > /etc/resolv.conf`,
    );
    expect(spec.kernelModules).toEqual([
      "virtio_pci",
      "virtio_mmio",
      "virtio_console",
      "9pnet_virtio",
      "9p",
      "virtiofs",
      "virtio_blk",
      "crc32c_generic",
      "ext4",
      "erofs",
      "virtio_net",
      "overlay",
    ]);
  });

  it("a minimal configuration: no modules beyond virtio (and the boot-report port), no commands, stays up", () => {
    expect(systemInitSpec(evalOs({ networking: { hostName: "min" } }))).toEqual<InitSpec>({
      hostName: "min",
      kernelModules: ["virtio_pci", "virtio_mmio", "virtio_console"],
      mounts: [],
      interfaces: [],
      nameservers: [],
      commands: [],
      poweroffAfterCommands: false,
    });
  });

  it("networking.useDHCP = false leaves interfaces without addresses unconfigured", () => {
    const spec = systemInitSpec(evalOs({ networking: { useDHCP: false, interfaces: { eth0: {} } } }));
    expect(spec.interfaces).toEqual([{ name: "eth0", addresses: [], dhcp: false }]);
  });

  it("hostile values reach the init script only inside single quotes (golden)", async () => {
    const spec = systemInitSpec(
      evalOs({
        _file: "hostile.ts",
        networking: { hostName: "ok" },
        fileSystems: { "/mnt/it's here $(reboot)": { device: "tag", fsType: "9p" } },
        boot: { postBootCommands: "echo \"$(id)\" 'quoted'\n`uname`; echo done", kernelParams: ["a=$(b)"] },
      }),
    );
    const init = renderInit(spec, { modules: [] });
    await expect(init).toMatchFileSnapshot("golden/hostile-init.sh");
    expect(init).toContain(`mkdir -p '/mnt/it'\\''s here $(reboot)'`);
    expect(init).toContain(`run_command 1 'echo "$(id)" '\\''quoted'\\''\n\`uname\`; echo done'`);
  });
});
