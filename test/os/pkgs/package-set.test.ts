/**
 * `pkgs`: Debian's packages as a package set. Pure parts (the proxy, print-uris
 * parsing) always run; the apt parts run where apt-get and apt's lists are (they use
 * the default store, whose archive cache keeps the downloads between runs).
 */
import { spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { osModules } from "../../../src/os/index.js";
import { debianCacheDir, debianPackageSet } from "../../../src/os/pkgs/package-set.js";
import { fetchDebs, parsePrintUris, resolveDebianClosure } from "../../../src/store/debian/index.js";
import { isPackage, packagePath, realisePackage, type Package } from "../../../src/store/package.js";
import { Store } from "../../../src/store/store.js";

const hasApt =
  spawnSync("apt-cache", ["policy", "cowsay"], { encoding: "utf8" }).stdout?.includes("Candidate: 3") === true;
const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

describe("pkgs (no apt needed)", () => {
  const pkgs = debianPackageSet(new Store("/nonexistent/store"));

  it("gives a package per Debian name, the same one each time, without asking apt", () => {
    const cowsay = pkgs.cowsay!;
    expect(isPackage(cowsay)).toBe(true);
    expect(cowsay.name).toBe("cowsay");
    expect(pkgs.cowsay).toBe(cowsay);
    expect(pkgs.libc6!.name).toBe("libc6");
    expect("cowsay" in pkgs).toBe(true);
  });

  it("is undefined for names no Debian package has, and for what JavaScript probes", () => {
    for (const name of ["then", "toJSON", "constructor", "_type", "__esModule", "Cowsay", "a", "x_y"]) {
      expect((pkgs as Record<string, unknown>)[name], name).toBeUndefined();
    }
    expect((pkgs as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
    expect(Object.keys(pkgs)).toEqual([]);
    expect(() => {
      (pkgs as Record<string, unknown>).cowsay = 1;
    }).toThrow(/read-only/);
  });

  it("is the module argument `pkgs` of os configurations, over the configuration's store", () => {
    const store = new Store("/nonexistent/store");
    const config = evalModules({
      modules: [
        ...osModules,
        ({ pkgs }: { pkgs: Record<string, Package> }) => ({
          environment: { systemPackages: [pkgs.cowsay, pkgs.hello] },
        }),
      ],
      specialArgs: { store },
    }).config as unknown as { environment: { systemPackages: Package[] } };
    expect(config.environment.systemPackages.map((p) => p.name)).toEqual(["cowsay", "hello"]);
  });

  it("reads apt-get --print-uris lines: name, version (epoch decoded), architecture, size, checksum", () => {
    const text = [
      "'http://deb.debian.org/debian/pool/main/c/cowsay/cowsay_3.03%2bdfsg2-8_all.deb' cowsay_3.03+dfsg2-8_all.deb 21372 MD5Sum:331cb863a7eaa69ce36747153a64116f",
      "'http://deb.debian.org/debian/pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_amd64.deb' zlib1g_1%3a1.2.13.dfsg-1_amd64.deb 86684 SHA256:ab",
      "'http://deb.debian.org/debian-security/pool/updates/main/p/perl/perl_5.36.0-7%2bdeb12u4_amd64.deb' perl_5.36.0-7+deb12u4_amd64.deb 239392 ",
      "W: some warning",
    ].join("\n");
    expect(parsePrintUris(text)).toEqual([
      {
        package: "cowsay",
        version: "3.03+dfsg2-8",
        arch: "all",
        file: "cowsay_3.03+dfsg2-8_all.deb",
        size: 21372,
        hash: "MD5Sum:331cb863a7eaa69ce36747153a64116f",
      },
      {
        package: "perl",
        version: "5.36.0-7+deb12u4",
        arch: "amd64",
        file: "perl_5.36.0-7+deb12u4_amd64.deb",
        size: 239392,
        hash: "",
      },
      {
        package: "zlib1g",
        version: "1:1.2.13.dfsg-1",
        arch: "amd64",
        file: "zlib1g_1%3a1.2.13.dfsg-1_amd64.deb",
        size: 86684,
        hash: "SHA256:ab",
      },
    ]);
  });
});

describe.skipIf(!hasApt)("pkgs through apt", () => {
  const store = new Store();
  const pkgs = debianPackageSet(store);

  it("resolves cowsay's closure with apt (from an empty system): cowsay, perl, libc6, ...", async () => {
    const debs = await resolveDebianClosure(["cowsay"]);
    const names = debs.map((d) => d.package);
    expect(names).toEqual(expect.arrayContaining(["cowsay", "perl", "perl-base", "libc6"]));
    expect(names).not.toContain("cowsay-off"); // a Suggests, not a Depends
    expect(debs.map((d) => d.file)).toEqual([...debs.map((d) => d.file)].sort());
  });

  it("builds pkgs.cowsay: the closure unpacked as a root tree; a second build downloads nothing", async () => {
    const out = await realisePackage(store, pkgs.cowsay!);
    expect((await lstat(join(out, "usr/games/cowsay"))).isFile()).toBe(true);
    expect((await lstat(join(out, "usr/bin/perl"))).isFile()).toBe(true);
    expect((await lstat(join(out, "lib64/ld-linux-x86-64.so.2"))).isSymbolicLink()).toBe(true);
    const manifest = JSON.parse(await readFile(join(out, "nix-support/debian-closure.json"), "utf8"));
    expect(manifest.roots).toEqual(["cowsay"]);
    expect(manifest.packages.map((p: { package: string }) => p.package)).toContain("perl-base");
    // the same name gives the same store path in another package set (another evaluation)
    expect(await packagePath(store, debianPackageSet(store).cowsay!)).toBe(out);
    // every .deb is in the archive cache: fetching again downloads none
    const debs = await resolveDebianClosure(["cowsay"], { cacheDir: debianCacheDir(store) });
    const again = await fetchDebs(debs, join(debianCacheDir(store), "archives"));
    expect(again.downloaded).toBe(0);
  }, 300_000);

  it("builds into a fresh store from the archive cache alone: same store path, no new download", async () => {
    const fresh = new Store(await mkdtemp(join(tmpdir(), "tsden-pkgs-")));
    temps.push(fresh.root);
    await mkdir(join(fresh.root, ".cache"), { recursive: true });
    await symlink(debianCacheDir(store), debianCacheDir(fresh));
    const archives = join(debianCacheDir(store), "archives");
    const before = (await readdir(archives)).sort();
    const out = await realisePackage(fresh, debianPackageSet(fresh).cowsay!);
    expect(basename(out)).toBe(basename(await packagePath(store, pkgs.cowsay!)));
    expect((await readdir(archives)).sort()).toEqual(before);
  }, 300_000);

  it("rejects an unknown name with close matches (apt-cache pkgnames and edit distance)", async () => {
    // found when the name is read (apt's lists, at evaluation), not when it is built
    let thrown: unknown;
    try {
      void pkgs.cowsy;
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({
      code: "UNKNOWN_PACKAGE",
      message: expect.stringMatching(/no Debian package named "cowsy"/),
      hint: expect.stringMatching(/Did you mean pkgs\.cowsay/),
    });
    await expect(resolveDebianClosure(["Bad Name"])).rejects.toThrow(/is not a Debian package name/);
  });
});
