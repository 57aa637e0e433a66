/**
 * `microvm.systemSymlink`: the runner links the guest's top level as
 * `share/microvm/system` (default: when the store is shared rather than on a disk).
 */
import { mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { microvmGuestModule } from "../../../src/microvm/guest-module.js";
import { runnerPackage, SYSTEM_LINK } from "../../../src/microvm/runners/runner-package.js";
import { evalModules } from "../../../src/modules/index.js";
import { osModules } from "../../../src/os/index.js";
import { mkPackage } from "../../../src/store/package.js";
import { Store } from "../../../src/store/store.js";
import { base } from "../fixtures.js";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-system-symlink-"));
  store = new Store(join(dir, "store"));
  await writeFile(join(dir, "bzImage"), "kernel");
  await writeFile(join(dir, "initrd"), "initrd");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function evalGuest(microvm: Record<string, unknown>) {
  return evalModules({
    modules: [
      ...osModules,
      microvmGuestModule,
      { _file: "system-symlink.test.ts", networking: { hostName: "demo" }, microvm },
    ],
    specialArgs: { store },
  }).config as any;
}

/** A stand-in top level: a folder with one file. */
const toplevel = () =>
  mkPackage("tsden-system-demo", async () => ({
    name: "tsden-system-demo",
    builder: "test.toplevel/1",
    inputs: {},
    build: async (out: string) => {
      const { mkdir } = await import("node:fs/promises");
      await mkdir(out);
      await writeFile(join(out, "init"), "#!/bin/sh\n");
    },
  }));

describe("microvm.systemSymlink", () => {
  it("defaults to on exactly when the store is shared instead of on a disk", () => {
    expect(evalGuest({}).microvm.systemSymlink).toBe(false);
    const shared = evalGuest({
      shares: [{ tag: "ro-store", source: store.root, mountPoint: store.root, proto: "virtiofs" }],
    });
    expect(shared.microvm.storeOnDisk).toBe(false);
    expect(shared.microvm.systemSymlink).toBe(true);
    expect(evalGuest({ systemSymlink: true }).microvm.systemSymlink).toBe(true);
  });

  it("hands the guest's top level to its runner when on, nothing when off", async () => {
    const guest = (systemSymlink: boolean) =>
      evalModules({
        modules: [
          ...osModules,
          microvmGuestModule,
          {
            _file: "system-symlink.test.ts",
            networking: { hostName: "demo" },
            boot: { kernelPath: join(dir, "bzImage") },
            microvm: { systemSymlink },
          },
        ],
        specialArgs: { store },
      }).config as any;
    const on = guest(true);
    const drv = await on.microvm.declaredRunner.derivation();
    expect(drv.inputs.system).toBe(store.pathOf(await on.system.build.toplevel.derivation()));
    expect((await guest(false).microvm.declaredRunner.derivation()).inputs.system).toBeUndefined();
  });

  it("links the top level into the runner, realised with it", async () => {
    const system = toplevel();
    const runner = runnerPackage(store, base, {
      kernel: join(dir, "bzImage"),
      initrd: join(dir, "initrd"),
      storeDisk: null,
      system,
    });
    const out = await store.realise(await runner.derivation());
    const target = store.pathOf(await system.derivation());
    expect(await readlink(join(out, SYSTEM_LINK))).toBe(target);
    expect(existsSync(join(out, SYSTEM_LINK, "init"))).toBe(true);
    // the scripts name the runner's own store path, never the folder it was built in
    const run = await readFile(join(out, "bin/microvm-run"), "utf8");
    expect(run).toContain(`'${out}/bin/microvm-notify'`);
    expect(run).not.toContain(".tmp-");
  });

  it("makes no link, and the same runner as before, when off", async () => {
    const boot = { kernel: join(dir, "bzImage"), initrd: join(dir, "initrd"), storeDisk: null };
    const without = await runnerPackage(store, base, boot).derivation();
    const off = await runnerPackage(store, base, { ...boot, system: null }).derivation();
    expect(store.pathOf(off)).toBe(store.pathOf(without));
    const out = await store.realise(off);
    expect(existsSync(join(out, SYSTEM_LINK))).toBe(false);
  });
});
