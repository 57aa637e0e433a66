/**
 * Reproducibility: the same configuration evaluated twice gives the same store paths,
 * and the store disk's builder writes byte-identical erofs and squashfs images even
 * when the inputs' timestamps differ between builds.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { microvmGuestModule } from "../../src/microvm/guest-module.js";
import { evalModules } from "../../src/modules/index.js";
import { buildStoreImage, stableUuid } from "../../src/os/builders/rootfs-image.js";
import { osModules } from "../../src/os/index.js";
import type { Pkgs } from "../../src/os/pkgs/package-set.js";
import { packagePath, type Package } from "../../src/store/package.js";
import { Store } from "../../src/store/store.js";

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg]).status !== null;
const hasApt =
  spawnSync("apt-cache", ["policy", "cowsay"], { encoding: "utf8" }).stdout?.includes("Candidate: 3") === true;
const canBuild = process.getuid?.() === 0 || (has("mkfs.erofs", "--help") && has("mksquashfs", "-version"));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-image-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

describe("store images", () => {
  it("stableUuid is a pure function of its seed, in UUID v4 layout", () => {
    expect(stableUuid("a")).toBe(stableUuid("a"));
    expect(stableUuid("a")).not.toBe(stableUuid("b"));
    expect(stableUuid("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.skipIf(!canBuild).each(["erofs", "squashfs"] as const)(
    "%s: byte-identical from the same tree, whatever its timestamps",
    async (type) => {
      const src = join(dir, `src-${type}`, "abc-pkg");
      await mkdir(join(src, "usr/bin"), { recursive: true });
      await writeFile(join(src, "usr/bin/tool"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
      await writeFile(join(src, "data"), "x".repeat(10000));
      const first = join(dir, `one.${type}`);
      await buildStoreImage(type, [src], first, "seed");
      await utimes(join(src, "data"), new Date(2001, 1, 1), new Date(2001, 1, 1));
      await utimes(join(src, "usr/bin"), new Date(), new Date());
      const second = join(dir, `two.${type}`);
      await buildStoreImage(type, [src], second, "seed");
      expect(await sha(second)).toBe(await sha(first));
    },
    120_000,
  );
});

describe.skipIf(!hasApt)("the same configuration twice", () => {
  const config = (store: Store) =>
    evalModules({
      modules: [
        ...osModules,
        microvmGuestModule,
        ({ pkgs }: { pkgs: Pkgs }) => ({
          networking: { hostName: "repro" },
          environment: { systemPackages: [pkgs.cowsay] },
          microvm: { storeDiskType: "erofs" },
        }),
      ],
      specialArgs: { store },
    }).config as unknown as {
      system: { build: { toplevel: Package; initialRamdisk: Package; systemPath: Package } };
      microvm: { storeDisk: Package; declaredRunner: Package };
    };

  it("gives the same store paths (profile, initramfs, top level, store disk, runner)", async () => {
    const store = new Store(join(dir, "store"));
    const paths = async () => {
      const c = config(store);
      const pkgs = [
        c.system.build.systemPath,
        c.system.build.initialRamdisk,
        c.system.build.toplevel,
        c.microvm.storeDisk,
        c.microvm.declaredRunner,
      ];
      return Promise.all(pkgs.map((p) => packagePath(store, p)));
    };
    const first = await paths();
    expect(await paths()).toEqual(first);
    expect(first[3]).toMatch(/-microvm-store-disk-repro$/);
  }, 120_000);

  it.skipIf(!canBuild)(
    "builds a byte-identical store disk twice (the builder run into two outputs)",
    async () => {
      const store = new Store();
      const drv = await config(store).microvm.storeDisk.derivation();
      const one = join(dir, "disk-1");
      const two = join(dir, "disk-2");
      await drv.build(one);
      await drv.build(two);
      expect(await sha(two)).toBe(await sha(one));
    },
    300_000,
  );
});
