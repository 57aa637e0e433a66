/** system.build packages, realised in a temporary store with a stand-in kernel image (no download, no boot). */
import { lstat, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { osModules, type OsConfig } from "../../../src/os/index.js";
import { mkPackage, packagePath, realisePackage } from "../../../src/store/package.js";
import { Store } from "../../../src/store/store.js";

describe("system.build packages", () => {
  let dir: string;
  let store: Store;
  let image: string;
  const evalWith = (...modules: unknown[]) =>
    evalModules({ modules: [...osModules, ...modules], specialArgs: { store } }).config as unknown as OsConfig;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tsden-system-build-"));
    store = new Store(join(dir, "store"));
    image = join(dir, "bzImage");
    await writeFile(image, "not really a kernel");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a user kernel file is copied into the store by content", async () => {
    const config = evalWith({ boot: { kernelPath: image } });
    const out = await realisePackage(store, config.system.build.kernel);
    expect(out.startsWith(`${store.root}/`)).toBe(true);
    expect(out).toMatch(/-linux-user$/);
    expect(await readFile(join(out, "bzImage"), "utf8")).toBe("not really a kernel");
    expect(JSON.parse(await readFile(join(out, "kernel.json"), "utf8"))).toMatchObject({
      release: null,
      image: "bzImage",
    });
  });

  it("the initramfs's inputs hold the kernel's store path and the init spec; its path follows the configuration", async () => {
    const a = evalWith({ boot: { kernelPath: image }, networking: { hostName: "a" } });
    const drv = await a.system.build.initialRamdisk.derivation();
    const inputs = drv.inputs as { kernel: string; spec: { hostName: string } };
    expect(inputs.kernel).toBe(await packagePath(store, a.system.build.kernel));
    expect(inputs.spec.hostName).toBe("a");
    const again = evalWith({ boot: { kernelPath: image }, networking: { hostName: "a" } });
    const b = evalWith({ boot: { kernelPath: image }, networking: { hostName: "b" } });
    expect(await packagePath(store, again.system.build.initialRamdisk)).toBe(store.pathOf(drv));
    expect(await packagePath(store, b.system.build.initialRamdisk)).not.toBe(store.pathOf(drv));
  });

  it("toplevel links the kernel and initrd, records parameters and realises the system packages", async () => {
    const tool = mkPackage("tool", async () => ({
      name: "tool",
      builder: "test.tool/1",
      inputs: {},
      build: async (out) => writeFile(out, "#!/bin/sh\n"),
    }));
    const config = evalWith({
      boot: {
        kernelPath: image,
        kernelParams: ["console=ttyS0", "quiet"],
        postBootCommands: "echo hi",
        poweroffAfterCommands: true,
      },
      networking: { hostName: "top" },
      environment: { systemPackages: [tool] },
    });
    const started = performance.now();
    const out = await realisePackage(store, config.system.build.toplevel);
    console.log(`toplevel with a fresh initramfs: ${Math.round(performance.now() - started)} ms`);
    const kernelOut = await packagePath(store, config.system.build.kernel);
    const initrdOut = await packagePath(store, config.system.build.initialRamdisk);
    expect(await readlink(join(out, "kernel"))).toBe(join(kernelOut, "bzImage"));
    expect(await readlink(join(out, "initrd"))).toBe(join(initrdOut, "initrd"));
    expect((await lstat(join(initrdOut, "initrd"))).size).toBeGreaterThan(100_000);
    expect(await readFile(join(out, "init"), "utf8")).toContain("run_command 1 'echo hi'");
    expect(await readFile(join(out, "kernel-params"), "utf8")).toBe("console=ttyS0 quiet\n");
    const toolOut = await packagePath(store, tool);
    expect(await readFile(join(out, "system-packages"), "utf8")).toBe(`${toolOut}\n`);
    expect(await readFile(toolOut, "utf8")).toBe("#!/bin/sh\n");
  });

  it("the store comes from the module argument `store`, else the default store", async () => {
    const elsewhere = new Store(join(dir, "other"));
    const viaArgs = evalModules({
      modules: [...osModules, { _module: { args: { store: elsewhere } } }, { boot: { kernelPath: image } }],
    }).config as unknown as OsConfig;
    const inputs = (await viaArgs.system.build.initialRamdisk.derivation()).inputs as { kernel: string };
    expect(inputs.kernel.startsWith(`${elsewhere.root}/`)).toBe(true);
    const byDefault = evalModules({ modules: [...osModules, { boot: { kernelPath: image } }] })
      .config as unknown as OsConfig;
    const defaultInputs = (await byDefault.system.build.initialRamdisk.derivation()).inputs as { kernel: string };
    expect(defaultInputs.kernel.startsWith(`${new Store().root}/`)).toBe(true);
  });

  it("an inconsistent configuration fails when the initramfs's derivation is asked for, not at evaluation", async () => {
    const config = evalWith({ boot: { kernelPath: image }, networking: { defaultGateway: "10.0.0.1" } });
    expect(config.system.build.initialRamdisk.name).toBe("initramfs-nixos");
    await expect(config.system.build.initialRamdisk.derivation()).rejects.toThrow(
      /networking\.defaultGateway is set but networking\.interfaces is empty/,
    );
  });
});
