/**
 * A guest whose packages come from a read-only erofs store disk (no store share), with
 * a writable overlay on the store: Debian's cowsay runs from the profile init copied
 * into `/`, and the store takes writes in the overlay's upper directory (created by
 * init). One boot, under qemu (TCG here): give it time.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { evalModules } from "../../src/modules/index.js";
import { osModules } from "../../src/os/index.js";
import type { Pkgs } from "../../src/os/pkgs/package-set.js";
import { realisePackage, type Package } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { bootRunner } from "./rootfs-runner.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
const hasApt =
  spawnSync("apt-cache", ["policy", "cowsay"], { encoding: "utf8" }).stdout?.includes("Candidate: 3") === true;
const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

describe.skipIf(!hasQemu || !hasApt)("root profile from a read-only store image", () => {
  it("boots from an erofs store disk with a writable store overlay and runs cowsay", async () => {
    const store = new Store();
    const commands = [
      "cowsay from-erofs",
      `touch ${store.root}/overlay-probe && echo STORE-WRITABLE || echo STORE-READ-ONLY`,
      "ls -d /.rw-store/store /.rw-store/work && echo OVERLAY-DIRS",
      "mount | grep -q 'on /.ro-store type erofs' && echo RO-STORE-EROFS",
    ].join("\n");
    const config = evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        ({ pkgs }: { pkgs: Pkgs }) => ({
          _file: "rootfs-boot.test.ts",
          networking: { hostName: "rootfs-erofs" },
          environment: { systemPackages: [pkgs.cowsay] },
          boot: { postBootCommands: commands, poweroffAfterCommands: true },
          microvm: { mem: 384, storeDiskType: "erofs", writableStoreOverlay: "/.rw-store", socket: null },
        }),
      ],
      specialArgs: { store },
    }).config as unknown as { microvm: { declaredRunner: Package; storeOnDisk: boolean } };
    expect(config.microvm.storeOnDisk).toBe(true);
    const runner = await realisePackage(store, config.microvm.declaredRunner);
    const cwd = await mkdtemp(join(tmpdir(), "tsden-rootfs-"));
    temps.push(cwd);
    const vm = bootRunner(runner, cwd, 240_000);
    const result = await vm.exited;
    const text = vm.lines.map((l) => l.text).join("\n");
    expect(text).toContain("< from-erofs >");
    expect(text).toMatch(/^ +\\ +\(oo\)\\_______$/m);
    expect(text).toContain("STORE-WRITABLE");
    expect(text).toContain("OVERLAY-DIRS");
    expect(text).toContain("RO-STORE-EROFS");
    expect(text).not.toContain("tsden-init: FAILED");
    expect(result.code, text).toBe(0);
  }, 300_000);
});
