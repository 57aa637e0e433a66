/**
 * examples/composition and examples/composition-downstream through the real binary
 * (dist/cli/main.js), from a fresh copy: `tsden eval` of the composed values, `tsden
 * build osConfigurations.qemu-vm` (units and every enabled VM's runner), and `tsden run
 * <vm>` for each VM of the `vm` profile: each boots under qemu, prints its console line
 * (its address from the host's table) and powers off. Boots run one at a time.
 */
import { spawnSync } from "node:child_process";
import { cp, lstat, mkdtemp, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
let dir: string;

function tsden(args: string[], project = "composition") {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: join(dir, project),
    encoding: "utf8",
    timeout: 280_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-composition-"));
  const filter = (src: string) => !/\/(result|[^/]*\.img|[^/]*\.sock)$/.test(src);
  await cp(join(root, "examples/composition"), join(dir, "composition"), { recursive: true, filter });
  await cp(join(root, "examples/composition-downstream"), join(dir, "composition-downstream"), {
    recursive: true,
    filter,
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vmProfileVms = ["admin-vm", "audio-vm", "chromium-vm", "gui-vm", "net-vm"];

describe("examples/composition (CLI)", () => {
  it("tsden eval: the host's table from the VMs, a VM's line from the table, the downstream chain", () => {
    const hosts = tsden(["eval", "osConfigurations.qemu-vm.config.ghaf.networking.hosts", "--json"]);
    expect(hosts.stderr).toBe("");
    expect(Object.keys(JSON.parse(hosts.stdout))).toEqual(vmProfileVms);
    const line = tsden([
      "eval",
      'osConfigurations.lenovo-x1.config.microvm.vms."gui-vm".evaluation.config.ghaf.consoleLine',
      "--json",
    ]);
    expect(JSON.parse(line.stdout)).toMatch(
      /^ghaf-vm gui-vm up: type=system-vm ip=192\.168\.100\.\d+ debug=1 logging=admin-vm:9999 services=.*nvidia-persistenced/,
    );
    const down = tsden(
      ["eval", "osConfigurations.my-device.config.microvm.vms.gui-vm.evaluation.config.ghaf.services", "--json"],
      "composition-downstream",
    );
    expect(down.stderr).toBe("");
    expect(JSON.parse(down.stdout).sort()).toEqual(["display-manager", "my-app", "office-suite", "window-proxy"]);
  });

  it("tsden build osConfigurations.qemu-vm: the units and a runner for every enabled VM", async () => {
    const r = tsden(["build", "osConfigurations.qemu-vm"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout.trim();
    const target = await readFile(join(out, "etc/systemd/system/microvms.target"), "utf8");
    for (const vm of vmProfileVms) {
      expect(target).toContain(`microvm@${vm}.service`);
      expect((await lstat(join(await readlink(join(out, "vms", vm)), "bin/microvm-run"))).isFile()).toBe(true);
    }
  }, 280_000);

  it.skipIf(!hasQemu)(
    "tsden run <vm> boots each VM of the vm profile, which prints its console line",
    () => {
      const table = JSON.parse(
        tsden(["eval", "osConfigurations.qemu-vm.config.ghaf.networking.hosts", "--json"]).stdout,
      );
      for (const vm of vmProfileVms) {
        const r = tsden(["run", vm]);
        const console_ = r.stdout + r.stderr;
        expect(console_).toContain(`ghaf-vm ${vm} up: type=${table[vm].type} ip=${table[vm].ipv4} debug=1`);
        expect(console_).toContain("tsden-init: powering off");
        expect(r.code, console_).toBe(0);
      }
    },
    600_000,
  );
});
