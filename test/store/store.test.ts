import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  truncate,
  unlink,
  writeFile,
} from "node:fs/promises";
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
      if (!existsSync(builtStore))
        await exec("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo }).catch(() => undefined);
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
      expect(
        (await readdir(root)).filter(
          (f) => (f.startsWith(".") && f !== ".refs" && f !== ".manifests") || f.endsWith(".lock"),
        ),
      ).toEqual([]);
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

/** Starts a build in another process that stops in the middle; resolves once it is building. */
async function startHeldBuild(root: string, name: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, "hold-build.mjs"), builtStore, root, name], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the build process exited with ${code}`)));
  });
  return {
    kill: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

describe("builds that were killed", () => {
  beforeAll(async () => {
    if (!existsSync(builtStore))
      await exec("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo }).catch(() => undefined);
  });

  it("leave nothing once the next build starts: their build folders and locks are removed", async () => {
    const root = join(dir, "store");
    const killed = await startHeldBuild(root, "victim");
    await killed.kill();
    expect((await readdir(root)).some((f) => f.startsWith(".tmp-"))).toBe(true);
    expect((await readdir(root)).some((f) => f.endsWith("-victim.lock"))).toBe(true);
    await new Store(root).realise(counting("next").drv);
    expect((await readdir(root)).filter((f) => f.startsWith(".tmp-") || f.endsWith(".lock"))).toEqual([]);
  }, 30_000);

  it("a build still running keeps its folder and lock; the sweep takes only what no live build owns", async () => {
    const root = join(dir, "store");
    const live = await startHeldBuild(root, "alive");
    const dead = await startHeldBuild(root, "dead");
    await dead.kill();
    try {
      const swept = await new Store(root).sweep();
      expect(swept.buildFolders).toEqual([expect.stringMatching(/^\.tmp-[0-9a-f]{12}-[0-9a-z]{32}-dead$/)]);
      const left = await readdir(root);
      expect(left.filter((f) => f.startsWith(".tmp-"))).toEqual([expect.stringMatching(/-alive$/)]);
      expect(left.filter((f) => f.endsWith(".lock"))).toEqual([expect.stringMatching(/-alive\.lock$/)]);
    } finally {
      await live.kill();
    }
  }, 30_000);

  it("an empty lock file left by a kill is not waited on", async () => {
    const store = new Store(join(dir, "store"));
    const c = counting();
    await mkdir(store.root, { recursive: true });
    await writeFile(`${store.pathOf(c.drv)}.lock`, "");
    await store.realise(c.drv);
    expect(c.builds).toBe(1);
  }, 10_000);
});

describe("damaged store entries", () => {
  /** A derivation with a file of `bigSize` bytes and a small script, counting its builds (contents are checked on use up to 1 MiB in all). */
  function twoFiles(name = "two", bigSize = 300 * 1024) {
    let builds = 0;
    return {
      get builds() {
        return builds;
      },
      drv: {
        name,
        builder: "test/1",
        inputs: { bigSize },
        build: async (out: string) => {
          builds++;
          await mkdir(join(out, "bin"), { recursive: true });
          await writeFile(join(out, "big"), Buffer.alloc(bigSize, 7));
          await writeFile(join(out, "bin", "run"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
        },
      },
    };
  }

  async function writable(path: string) {
    await exec("chmod", ["-R", "u+w", path]);
  }

  it("a truncated file is found when the entry is used, and the entry is built again", async () => {
    const store = new Store(join(dir, "store"));
    const c = twoFiles();
    const path = await store.realise(c.drv);
    await writable(path);
    await truncate(join(path, "big"), 1000);
    const again = new Store(store.root);
    expect(await again.realise(c.drv)).toBe(path);
    expect(c.builds).toBe(2);
    expect((await lstat(join(path, "big"))).size).toBe(300 * 1024);
  });

  it("a missing file, or a small file changed in place (same size), is found on use", async () => {
    const store = new Store(join(dir, "store"));
    const c = twoFiles();
    const path = await store.realise(c.drv);
    await writable(path);
    await writeFile(join(path, "bin", "run"), "#!/bin/sh\necho ho\n");
    expect(await new Store(store.root).damageOf(path)).toEqual([
      { base: path.split("/").pop(), problem: "bin/run has other contents than when it was built" },
    ]);
    await new Store(store.root).realise(c.drv);
    expect(await readFile(join(path, "bin", "run"), "utf8")).toBe("#!/bin/sh\necho hi\n");
    await writable(path);
    await unlink(join(path, "bin", "run"));
    await new Store(store.root).realise(c.drv);
    expect(c.builds).toBe(3);
  });

  it("an entry referring to a damaged entry is built again, and rebuilds it", async () => {
    const store = new Store(join(dir, "store"));
    const dep = twoFiles("dep");
    const depPath = store.pathOf(dep.drv);
    let topBuilds = 0;
    const top = {
      name: "top",
      builder: "test/1",
      inputs: { dep: depPath },
      build: async (out: string) => {
        topBuilds++;
        await writeFile(out, `uses ${await store.realise(dep.drv)}\n`);
      },
    };
    const topPath = await store.realise(top);
    await writable(depPath);
    await truncate(join(depPath, "big"), 5);
    expect(await new Store(store.root).realise(top)).toBe(topPath);
    expect([topBuilds, dep.builds]).toEqual([2, 2]);
    expect((await lstat(join(depPath, "big"))).size).toBe(300 * 1024);
  });

  it("`verify` hashes everything: a big file changed in place is found and removed, and the next build makes it again", async () => {
    const store = new Store(join(dir, "store"));
    const c = twoFiles("two", 2 * 1024 * 1024);
    const path = await store.realise(c.drv);
    await writable(path);
    const big = Buffer.alloc(2 * 1024 * 1024, 7);
    big[1234] = 8;
    await writeFile(join(path, "big"), big);
    await chmod(join(path, "big"), 0o444);
    expect(await new Store(store.root).damageOf(path)).toEqual([]); // too big for the contents check on use
    const result = await new Store(store.root).verify();
    expect(result.checked).toBe(1);
    expect(result.damaged).toEqual([
      { base: path.split("/").pop(), problem: "big has other contents than when it was built" },
    ]);
    expect(existsSync(path)).toBe(false);
    await new Store(store.root).realise(c.drv);
    expect(c.builds).toBe(2);
    expect((await new Store(store.root).verify()).damaged).toEqual([]);
  });
});
