/**
 * Boot test of an `os` configuration: evaluate it with `osModules`, realise
 * `system.build.kernel` and `system.build.initialRamdisk` in the default store (the
 * kernel is downloaded once), boot them under qemu (TCG here) and read the console.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { INIT_MARKERS } from "../../src/os/builders/init-script.js";
import { readKernelOutput } from "../../src/os/builders/user-kernel.js";
import { osModules, type OsConfig } from "../../src/os/index.js";
import { realisePackage } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";
import { bootQemu } from "./qemu-boot.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

describe.skipIf(!hasQemu)("booting an os configuration", () => {
  const store = new Store();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tsden-system-boot-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("boots system.build.kernel and initialRamdisk: host name, 9p share, commands, power-off", {
    timeout: 600_000,
  }, async () => {
    const share = await mkdtemp(join(dir, "share-"));
    await writeFile(join(share, "from-host.txt"), "host says hi\n");
    const userModule = {
      _file: "system-boot.test.ts",
      networking: { hostName: "tsden-guest" },
      fileSystems: { "/mnt/host": { device: "hostshare", fsType: "9p" } },
      boot: {
        postBootCommands: [
          "echo SYSTEM-MARKER-$((6 * 7))",
          "cat /mnt/host/from-host.txt",
          "hostname > /mnt/host/guest.txt",
        ].join("\n"),
        poweroffAfterCommands: true,
      },
    };
    const config = evalModules({ modules: [...osModules, { _module: { args: { store } } }, userModule] })
      .config as unknown as OsConfig;

    const cold = performance.now();
    const kernelOut = await realisePackage(store, config.system.build.kernel);
    const initrdOut = await realisePackage(store, config.system.build.initialRamdisk);
    const built = performance.now() - cold;
    const warm = performance.now();
    const again = evalModules({ modules: [...osModules, { _module: { args: { store } } }, userModule] })
      .config as unknown as OsConfig;
    expect(await realisePackage(store, again.system.build.initialRamdisk)).toBe(initrdOut);
    const rebuilt = performance.now() - warm;

    const kernel = await readKernelOutput(kernelOut);
    const result = await bootQemu({
      kernel: kernel.image,
      initrd: join(initrdOut, "initrd"),
      shares: [{ tag: "hostshare", source: share }],
      timeoutMs: 300_000,
    });
    const marker = result.lines.find((l) => l.text === "SYSTEM-MARKER-42");
    console.log(
      `kernel + initrd realised in ${Math.round(built)} ms (warm: ${Math.round(rebuilt)} ms); ` +
        `boot to marker ${Math.round(marker?.ms ?? -1)} ms, to exit ${Math.round(result.totalMs)} ms`,
    );
    expect(result.timedOut, result.console).toBe(false);
    expect(marker, result.console).toBeDefined();
    expect(result.console).toContain(`${INIT_MARKERS.booted} tsden-guest`);
    expect(result.console).toContain("host says hi");
    expect(result.console).toContain("tsden-init: command 1 exited with status 0");
    expect(result.console).toContain(INIT_MARKERS.poweringOff);
    expect(result.console).not.toContain(INIT_MARKERS.failed);
    expect(result.code).toBe(0);
    expect(await readFile(join(share, "guest.txt"), "utf8")).toBe("tsden-guest\n");
  });
});
