import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import type { Derivation } from "../../src/store/derivation.js";
import { isPackage, mkPackage, packagePath, realisePackage, type Package } from "../../src/store/index.js";
import { Store } from "../../src/store/store.js";

function textDerivation(name: string, text: string, counter?: { builds: number }): Derivation {
  return {
    name,
    builder: "test.text/1",
    inputs: { text },
    build: async (out) => {
      if (counter) counter.builds++;
      await writeFile(out, text);
    },
  };
}

describe("packages", () => {
  let store: Store;
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "tsden-package-"));
    store = new Store(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is a derivation-typed value with a name, and nothing is computed until asked", () => {
    let calls = 0;
    const pkg = mkPackage("hello", async () => {
      calls++;
      return textDerivation("hello", "hi");
    });
    expect(pkg.type).toBe("derivation");
    expect(pkg.name).toBe("hello");
    expect(isPackage(pkg)).toBe(true);
    expect(calls).toBe(0);
    expect(JSON.parse(JSON.stringify(pkg))).toEqual({ type: "derivation", name: "hello" });
    expect(Object.isFrozen(pkg)).toBe(true);
  });

  it("memoizes derivation(), also across concurrent calls", async () => {
    let calls = 0;
    const pkg = mkPackage("once", async () => {
      calls++;
      return textDerivation("once", "x");
    });
    const [a, b] = await Promise.all([pkg.derivation(), pkg.derivation()]);
    expect(a).toBe(b);
    expect(await pkg.derivation()).toBe(a);
    expect(calls).toBe(1);
  });

  it("does not remember a failure: the next call tries again", async () => {
    let calls = 0;
    const pkg = mkPackage("flaky", async () => {
      calls++;
      if (calls === 1) throw new Error("apt is busy");
      return textDerivation("flaky", "ok");
    });
    await expect(pkg.derivation()).rejects.toThrow("apt is busy");
    await expect(pkg.derivation()).resolves.toMatchObject({ name: "flaky" });
    expect(calls).toBe(2);
  });

  it("a throwing make function rejects instead of throwing synchronously", async () => {
    const pkg = mkPackage("sync-throw", () => {
      throw new Error("boom");
    });
    await expect(pkg.derivation()).rejects.toThrow("boom");
  });

  it("realises into the store once and returns the output path", async () => {
    const counter = { builds: 0 };
    const pkg = mkPackage("greeting", async () => textDerivation("greeting", "hello\n", counter));
    const path = await realisePackage(store, pkg);
    expect(path).toBe(await packagePath(store, pkg));
    expect(path.startsWith(`${root}/`)).toBe(true);
    expect(path).toMatch(/\/[0-9a-z]{32}-greeting$/);
    expect(await readFile(path, "utf8")).toBe("hello\n");
    expect(await realisePackage(store, pkg)).toBe(path);
    expect(counter.builds).toBe(1);
  });

  it("a dependent package puts its dependency's path in its inputs and realises it in build", async () => {
    const dep = mkPackage("dep", async () => textDerivation("dep", "dependency"));
    const make = (depPkg: Package) =>
      mkPackage("top", async () => {
        const depDrv = await depPkg.derivation();
        return {
          name: "top",
          builder: "test.top/1",
          inputs: { dep: store.pathOf(depDrv) },
          build: async (out) => {
            const depOut = await store.realise(depDrv);
            await writeFile(out, `uses ${await readFile(depOut, "utf8")}`);
          },
        };
      });
    const top = make(dep);
    const out = await realisePackage(store, top);
    expect(await readFile(out, "utf8")).toBe("uses dependency");
    const changed = make(mkPackage("dep", async () => textDerivation("dep", "another")));
    expect(await packagePath(store, changed)).not.toBe(out);
  });

  it("rejects what is not a package, and a package without a name", async () => {
    await expect(realisePackage(store, { type: "derivation", name: "x" } as unknown as Package)).rejects.toThrow(
      /the object named "x" is not a package/,
    );
    expect(() => mkPackage("", async () => textDerivation("a", "b"))).toThrow(/non-empty name/);
    expect(isPackage({ type: "derivation", name: "n", outPath: "/x" })).toBe(false);
    expect(isPackage(null)).toBe(false);
  });

  it("is accepted by types.package and kept as the same object", () => {
    const pkg = mkPackage("typed", async () => textDerivation("typed", "t"));
    const { config } = evalModules({
      modules: [
        { options: { p: mkOption({ type: types.package }), ps: mkOption({ type: types.listOf(types.package) }) } },
        { p: pkg, ps: [pkg] },
      ],
    }) as unknown as { config: { p: Package; ps: Package[] } };
    expect(config.p).toBe(pkg);
    expect(config.ps[0]).toBe(pkg);
  });
});
