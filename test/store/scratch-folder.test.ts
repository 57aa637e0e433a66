/**
 * Scratch folders in the temporary folder (apt's `tsden-apt-…`) are owned by a lock:
 * what a process killed with SIGKILL left is removed by the next use of the prefix, the
 * folder of a process still using it is kept, and so are other prefixes' and other
 * users' entries. apt's closure resolution uses one and leaves nothing behind.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APT_SCRATCH, resolveDebianClosure } from "../../src/store/debian/apt-closure.js";
import { sweepScratchFolders, withScratchFolder } from "../../src/store/scratch-folder.js";

const repo = join(import.meta.dirname, "..", "..");
const builtModule = join(repo, "dist", "store", "scratch-folder.js");
const hasApt = spawnSync("apt-get", ["--version"]).status === 0;

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "tsden-scratch-test-"));
  if (!existsSync(builtModule)) spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A child process using a scratch folder of `prefix` in `dir`, until it is killed. */
async function holder(dir: string, prefix: string): Promise<{ kill: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "hold-scratch.mjs"), builtModule, dir, prefix], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
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

describe("scratch folders", () => {
  it("a folder left by a killed process is removed by the next use; one still in use is kept", async () => {
    const dir = await mkdtemp(join(base, "kill-"));
    const killed = await holder(dir, "tsden-x-");
    await killed.kill();
    const left = await readdir(dir);
    expect(left.filter((n) => !n.endsWith(".lock"))).toHaveLength(1);
    expect(left.filter((n) => n.endsWith(".lock"))).toHaveLength(1);
    const live = await holder(dir, "tsden-x-");
    const withLive = await readdir(dir);
    const liveFolder = withLive.find((n) => !n.endsWith(".lock") && !left.includes(n))!;
    let inside: string[] = [];
    await withScratchFolder(
      "tsden-x-",
      async (scratch) => {
        inside = await readdir(dir);
        await writeFile(join(scratch, "f"), "x");
      },
      dir,
    );
    // the killed one's folder and lock went before the new folder was made; the live one stayed
    expect(inside.filter((n) => left.includes(n))).toEqual([]);
    expect(inside).toContain(liveFolder);
    expect((await readdir(dir)).sort()).toEqual([liveFolder, `${liveFolder}.lock`].sort());
    await live.kill();
    expect(await sweepScratchFolders("tsden-x-", dir)).toEqual({
      folders: [liveFolder],
      locks: [`${liveFolder}.lock`],
    });
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);

  it("a sweep takes folders without a lock file and lone lock files, and leaves other prefixes alone", async () => {
    const dir = await mkdtemp(join(base, "orphans-"));
    await mkdir(join(dir, "tsden-x-old"));
    await writeFile(join(dir, "tsden-x-old", "data"), "x");
    await writeFile(join(dir, "tsden-x-gone.lock"), "pid 1");
    await mkdir(join(dir, "tsden-y-other"));
    const swept = await sweepScratchFolders("tsden-x-", dir);
    expect(swept).toEqual({ folders: ["tsden-x-old"], locks: ["tsden-x-gone.lock"] });
    expect(await readdir(dir)).toEqual(["tsden-y-other"]);
  });

  it("a sweep leaves another user's folder alone", async () => {
    if (process.getuid?.() !== 0) return;
    const dir = await mkdtemp(join(base, "users-"));
    await mkdir(join(dir, "tsden-x-theirs"));
    spawnSync("chown", ["65534:65534", join(dir, "tsden-x-theirs")]);
    expect(await sweepScratchFolders("tsden-x-", dir)).toEqual({ folders: [], locks: [] });
    expect(await readdir(dir)).toEqual(["tsden-x-theirs"]);
  });

  it.skipIf(!hasApt)(
    "apt's closure resolution sweeps what a killed one left and leaves nothing itself",
    async () => {
      const dir = await mkdtemp(join(base, "apt-"));
      const killed = await holder(dir, APT_SCRATCH);
      await killed.kill();
      expect((await readdir(dir)).length).toBe(2);
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = dir;
      try {
        const debs = await resolveDebianClosure(["busybox"]);
        expect(debs.some((d) => d.package === "busybox")).toBe(true);
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
      }
      expect(await readdir(dir)).toEqual([]);
    },
    120_000,
  );
});
