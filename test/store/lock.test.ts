import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, tryLock } from "../../src/store/lock.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-lock-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A process group holding `path` with util-linux flock until it is killed. */
async function holder(path: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const child = spawn("flock", ["-x", path, "sh", "-c", "echo held; exec sleep 60"], {
    stdio: ["ignore", "pipe", "ignore"],
    detached: true,
  });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return {
    pid: child.pid!,
    kill: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        process.kill(-child.pid!, "SIGKILL"); // flock and the sleep holding its descriptor
      }),
  };
}

describe("store locks", () => {
  it("takes a lock whose file is empty (a holder killed before it wrote anything) at once", async () => {
    const path = join(dir, "x.lock");
    await writeFile(path, "");
    const lock = await acquireLock(path, { timeoutMs: 3000 });
    expect(lock).toBeDefined();
    await lock!.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("takes a lock whose file names a live process that does not hold it", async () => {
    const path = join(dir, "x.lock");
    await writeFile(path, `${process.pid}\n`); // alive, but it holds no lock
    const lock = await acquireLock(path, { timeoutMs: 3000 });
    expect(lock).toBeDefined();
    await lock!.release();
  });

  it("waits while a live process holds the lock, says for what, and gets it when the holder dies", async () => {
    const path = join(dir, "x.lock");
    const other = await holder(path);
    const told: string[] = [];
    const waiting = acquireLock(path, { onWait: (m) => told.push(m), pollSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`waiting for the lock ${path}`);
    expect(await tryLock(path)).toBeUndefined();
    await other.kill(); // kill -9: the kernel drops the lock with the process
    const lock = await waiting;
    expect(lock).toBeDefined();
    await lock!.release();
  });

  it("names the holder (pid and purpose) to waiters, and times out naming it", async () => {
    const path = join(dir, "x.lock");
    const mine = await acquireLock(path, { purpose: "building thing" });
    const told: string[] = [];
    await expect(acquireLock(path, { timeoutMs: 500, pollSeconds: 1, onWait: (m) => told.push(m) })).rejects.toThrow(
      new RegExp(`timed out waiting for the lock .*held by pid ${process.pid} since .*: building thing`),
    );
    expect(told[0]).toMatch(new RegExp(`held by pid ${process.pid} since .*: building thing`));
    await mine!.release();
    const again = await tryLock(path);
    expect(again).toBeDefined();
    await again!.release();
  });
});
