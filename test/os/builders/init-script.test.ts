import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { impliedKernelModules, renderInit } from "../../../src/os/builders/init-script.js";
import type { InitSpec } from "../../../src/os/builders/init-spec.js";

const spec: InitSpec = {
  hostName: "demo",
  kernelModules: ["virtio_rng"],
  mounts: [
    { fsType: "ext4", source: "LABEL=var", mountPoint: "/var/lib", options: ["noatime"] },
    { fsType: "9p", source: "ro-store", mountPoint: "/nix/.ro-store", readOnly: true },
    { fsType: "virtiofs", source: "home", mountPoint: "/home" },
    { fsType: "ext4", source: "/dev/vdb", mountPoint: "/data" },
  ],
  interfaces: [
    { name: "eth0", addresses: ["10.0.0.2/24", "fd00::2/64"], gateway: "10.0.0.1" },
    { name: "eth1", dhcp: true },
  ],
  commands: ["echo hello from $(hostname)", "uname -r > /data/uname"],
  poweroffAfterCommands: true,
};

const layout = { modules: ["/lib/modules/6.1/kernel/drivers/virtio/virtio.ko"] };

function syntaxOk(script: string): void {
  execFileSync("sh", ["-n"], { input: script });
}

describe("renderInit", () => {
  it("matches the golden file", async () => {
    await expect(renderInit(spec, layout)).toMatchFileSnapshot("golden/init-demo.sh");
  });

  it("idles until a shutdown request when not powering off", () => {
    const script = renderInit({ ...spec, poweroffAfterCommands: false }, layout);
    expect(script).toContain("while :; do sleep 86400 & wait $!; done");
    expect(script).not.toMatch(/^shutdown_now$/m);
    syntaxOk(script);
  });

  it("keeps hostile commands inside one quoted word each", () => {
    const hostile = ["'; poweroff -f; echo '", "a\nb\nshutdown_now", "$(rm -rf /)", 'echo "unbalanced'];
    const script = renderInit({ ...spec, commands: hostile }, layout);
    syntaxOk(script);
    const start = script.indexOf("run_command 1 ");
    const end = script.indexOf("echo 'tsden-init: commands finished'");
    const stub = `run_command() { printf '%s\\0' "$2"; }\n${script.slice(start, end)}`;
    const words = execFileSync("sh", ["-c", stub]).toString();
    expect(words.split("\0").slice(0, -1)).toEqual(hostile);
  });

  it.each<[string, Partial<InitSpec>, RegExp]>([
    ["a host name with a command", { hostName: "$(reboot)" }, /invalid host name "\$\(reboot\)"/],
    ["a host name with dots", { hostName: "a.b" }, /invalid host name/],
    [
      "a mount point with ..",
      { mounts: [{ fsType: "9p", source: "t", mountPoint: "/mnt/../etc" }] },
      /mounts\[0\]\.mountPoint: "\/mnt\/\.\.\/etc" is not a clean absolute path/,
    ],
    [
      "a relative mount point",
      { mounts: [{ fsType: "9p", source: "t", mountPoint: "mnt" }] },
      /not a clean absolute path/,
    ],
    [
      "a newline in a mount point",
      { mounts: [{ fsType: "9p", source: "t", mountPoint: "/mnt\n/x" }] },
      /not a clean absolute path/,
    ],
    ["a tag with a space", { mounts: [{ fsType: "9p", source: "my tag", mountPoint: "/m" }] }, /is not a valid 9p tag/],
    [
      "a device that is a command",
      { mounts: [{ fsType: "ext4", source: "$(id)", mountPoint: "/m" }] },
      /is not a device/,
    ],
    [
      "an option smuggling another",
      { mounts: [{ fsType: "9p", source: "t", mountPoint: "/m", options: ["ro,exec"] }] },
      /is not one mount option/,
    ],
    [
      "two mounts on one point",
      {
        mounts: [
          { fsType: "9p", source: "a", mountPoint: "/m" },
          { fsType: "9p", source: "b", mountPoint: "/m" },
        ],
      },
      /two file systems are mounted on \/m/,
    ],
    [
      "a long interface name",
      { interfaces: [{ name: "a-very-long-name0" }] },
      /interfaces\[0\]\.name "a-very-long-name0" is not an interface name/,
    ],
    ["an interface named ..", { interfaces: [{ name: ".." }] }, /is not an interface name/],
    [
      "an address without prefix",
      { interfaces: [{ name: "eth0", addresses: ["10.0.0.2"] }] },
      /is not an address with prefix length/,
    ],
    [
      "a gateway with a command",
      { interfaces: [{ name: "eth0", gateway: "1.2.3.4;reboot" }] },
      /gateway "1\.2\.3\.4;reboot" is not an IP address/,
    ],
    ["a bad module name", { kernelModules: ["../evil"] }, /invalid kernel module name/],
  ])("rejects %s", (_, change, message) => {
    expect(() => renderInit({ ...spec, ...change }, layout)).toThrow(message);
  });

  it("derives the modules its mounts and interfaces need", () => {
    expect(impliedKernelModules(spec)).toEqual([
      "virtio_pci",
      "virtio_mmio",
      "virtio_console",
      "9pnet_virtio",
      "9p",
      "virtiofs",
      "virtio_blk",
      "ext4",
      "virtio_net",
    ]);
    expect(impliedKernelModules({ ...spec, mounts: [], interfaces: [] })).toEqual([
      "virtio_pci",
      "virtio_mmio",
      "virtio_console",
    ]);
  });
});
