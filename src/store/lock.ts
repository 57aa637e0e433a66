/** An exclusive lock file created with O_EXCL, holding its owner's pid. @internal */
import { open, readFile, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** A held lock; `release` removes the file. */
export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

/** Options for `acquireLock`. */
export interface LockOptions {
  /** Gives up waiting after this long (default 30 minutes: kernels are big). */
  readonly timeoutMs?: number;
  /** Called between polls; returning true stops waiting without the lock. */
  readonly done?: () => Promise<boolean>;
}

/**
 * Takes the lock at `path`, waiting while a live process holds it and breaking it when
 * its holder is gone. Resolves to `undefined` when `done()` became true while waiting.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let delay = 10;
  for (;;) {
    try {
      const handle = await open(path, "wx", 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { path, release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (options.done !== undefined && (await options.done())) return undefined;
    if (await holderIsGone(path)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the lock ${path}; if no build is running, delete that file and retry`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
}

async function holderIsGone(path: string): Promise<boolean> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return false;
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
