import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkResult } from "../../src/store/result-link.js";
import { defaultStoreRoot, Store, SYSTEM_STORE_ROOT } from "../../src/store/store.js";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..", "..");
const builtStore = join(repo, "dist", "store", "store.js");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-store-test-"));
});
afterEach(async () => {
  await exec("chmod", ["-R", "u+w", dir]);
  await rm(dir, { recursive: true, force: true });
});

function counting(name = "thing") {
  let builds = 0;
  return {
    get builds() {
      return builds;
    },
    drv: {
      name,
      builder: "test/1",
      inputs: { v: 1 },
      build: async (out: string) => {
        builds++;
        await mkdir(join(out, "sub"), { recursive: true });
        await writeFile(join(out, "sub", "file.txt"), "content\n");
      },
    },
  };
}

describe("Store", () => {
  it("takes its root from TSDEN_STORE, else the system store for root or a user who may write it, else ~/.local/share/tsden/store", () => {
    const user = { uid: 1000, writable: () => false };
    expect(defaultStoreRoot({ TSDEN_STORE: "/x/store" }, { uid: 0, writable: () => true })).toBe("/x/store");
    expect(defaultStoreRoot({}, { uid: 0, writable: () => false })).toBe(SYSTEM_STORE_ROOT);
    expect(SYSTEM_STORE_ROOT).toBe("/var/lib/tsden/store");
    expect(defaultStoreRoot({}, { uid: 1000, writable: (d) => d === SYSTEM_STORE_ROOT })).toBe(SYSTEM_STORE_ROOT);
    expect(defaultStoreRoot({ XDG_DATA_HOME: "/home/u/.data" }, user)).toBe("/home/u/.data/tsden/store");
    expect(defaultStoreRoot({ HOME: "/home/u" }, user)).toMatch(/\/\.local\/share\/tsden\/store$/);
  });

  it("builds once, seals the output read-only, and reuses it", async () => {
    const store = new Store(join(dir, "store"));
    const c = counting();
    const path = await store.realise(c.drv);
    expect(path).toBe(store.pathOf(c.drv));
    expect(path).toMatch(/\/[0-9a-z]{32}-thing$/);
    expect(await readFile(join(path, "sub", "file.txt"), "utf8")).toBe("content\n");
    expect((await lstat(join(path, "sub", "file.txt"))).mode & 0o222).toBe(0);
    expect((await lstat(path)).mode & 0o777).toBe(0o555);
    expect(await store.realise(c.drv)).toBe(path);
    expect(c.builds).toBe(1);
    expect((await readdir(store.root)).filter((e) => !e.startsWith("."))).toEqual([path.slice(store.root.length + 1)]);
  });

  it("leaves nothing behind when a build fails, and says which", async () => {
    const store = new Store(join(dir, "store"));
    const drv = {
      name: "broken",
      builder: "test/1",
      inputs: {},
      build: async (out: string) => {
        await mkdir(out);
        await writeFile(join(out, "half"), "x");
        throw new Error("compiler exploded");
      },
    };
    await expect(store.realise(drv)).rejects.toThrow(/building broken \(test\/1\) failed: compiler exploded/);
    expect(await readdir(store.root)).toEqual([]);
  });

  it("rejects a builder that creates no output", async () => {
    const store = new Store(join(dir, "store"));
    const drv = { name: "empty", builder: "test/1", inputs: {}, build: async () => undefined };
    await expect(store.realise(drv)).rejects.toThrow(/finished without creating its output/);
  });

  it("builds concurrent requests in one process once", async () => {
    const store = new Store(join(dir, "store"));
    const c = counting();
    const paths = await Promise.all([store.realise(c.drv), store.realise(c.drv), store.realise(c.drv)]);
    expect(new Set(paths).size).toBe(1);
    expect(c.builds).toBe(1);
  });

  describe("two processes building the same derivation", () => {
    beforeAll(async () => {
      if (!existsSync(builtStore)) await exec("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo }).catch(() => undefined);
    });

    it("get one path, built once", async () => {
      const root = join(dir, "store");
      const log = join(dir, "builds.log");
      const child = join(import.meta.dirname, "concurrent-realise.mjs");
      const runOne = () => exec(process.execPath, [child, builtStore, root, log]).then((r) => r.stdout);
      const [a, b] = await Promise.all([runOne(), runOne()]);
      expect(a).toBe(b);
      const builders = (await readFile(log, "utf8")).trim().split("\n");
      expect(builders).toHaveLength(1);
      expect(await readFile(a, "utf8")).toBe(`built by ${builders[0]}\n`);
      expect((await readdir(root)).filter((f) => (f.startsWith(".") && f !== ".refs") || f.endsWith(".lock"))).toEqual([]);
    });
  });
});

describe("linkResult", () => {
  it("creates and atomically replaces a symlink", async () => {
    const link = join(dir, "result");
    await linkResult("/store/one", link);
    expect(await readlink(link)).toBe("/store/one");
    await linkResult("/store/two", link);
    expect(await readlink(link)).toBe("/store/two");
    expect(await readdir(dir)).toEqual(["result"]);
  });

  it("refuses to replace something that is not a symlink", async () => {
    const link = join(dir, "result");
    await writeFile(link, "precious");
    await expect(linkResult("/store/one", link)).rejects.toThrow(/exists and is not a symlink/);
    expect(await readFile(link, "utf8")).toBe("precious");
  });
});
