/**
 * Exclusive locks held by an open file (flock(2)), so the kernel releases a lock the
 * moment its holder dies, however it died (kill -9, disk full, power loss), and no
 * later process ever has to guess whether a lock is stale.
 *
 * Node has no flock(2). We open the lock file ourselves and hand that descriptor to
 * util-linux's `flock` as its fd 3: `flock` locks the open file description it shares
 * with us and exits, and the lock stays with our descriptor until we close it (or
 * die). No process is left behind while a lock is held; our descriptors are
 * close-on-exec, so programs we start later do not inherit it.
 *
 * A holder removes the lock file before closing it; a waiter that got the lock on a
 * file that was meanwhile removed (or replaced) sees the inode differ and tries again.
 * After taking a lock, the holder writes who it is into the file; that text is only
 * shown to waiters ("waiting for ... held by pid 42 since ..."), never trusted.
 */
import { spawn } from "node:child_process";
import { open, stat, readFile, unlink, type FileHandle } from "node:fs/promises";

/** A held lock; `release` removes the file and closes it, which lets the next holder in. */
export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

/** Options for `acquireLock`. */
export interface LockOptions {
  /** Gives up waiting after this long (default 30 minutes: kernels are big). */
  readonly timeoutMs?: number;
  /** Called between waits; returning true stops waiting without the lock. */
  readonly done?: () => Promise<boolean>;
  /** What the lock is for, written into the file for waiters to read (e.g. "building …-kernel"). */
  readonly purpose?: string;
  /** Told once, after the first wait, what the lock waits for and who holds it. */
  readonly onWait?: (message: string) => void;
  /** How long one wait of `flock` lasts before `done` and the deadline are checked (default 2 s). */
  readonly pollSeconds?: number;
}

/** Runs `flock` on `handle`'s descriptor: resolves true when it got the lock. */
function flockFd(handle: FileHandle, waitSeconds: number | undefined): Promise<boolean> {
  const args = waitSeconds === undefined ? ["-x", "-n", "3"] : ["-x", "-w", String(waitSeconds), "3"];
  return new Promise((resolvePromise, reject) => {
    const child = spawn("flock", args, { stdio: ["ignore", "ignore", "pipe", handle.fd] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) =>
      reject(new Error(`cannot start flock (util-linux) to take a store lock: ${error.message}; install util-linux`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolvePromise(true);
      else if (code === 1 && stderr.trim() === "") resolvePromise(false);
      else reject(new Error(`flock ${args.join(" ")} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

/** True when `handle` still is the file at `path` (not removed or replaced meanwhile). */
async function stillThere(handle: FileHandle, path: string): Promise<boolean> {
  const [mine, named] = await Promise.all([handle.stat(), stat(path).catch(() => undefined)]);
  return named !== undefined && named.ino === mine.ino && named.dev === mine.dev;
}

/**
 * One attempt: opens `path`, takes the lock (waiting up to `waitSeconds`, or not at all
 * when undefined) and returns the lock, or undefined when someone else holds it.
 */
async function attempt(path: string, waitSeconds: number | undefined, purpose: string): Promise<Lock | undefined> {
  for (;;) {
    const handle = await open(path, "a", 0o644);
    try {
      if (!(await flockFd(handle, waitSeconds))) {
        await handle.close();
        return undefined;
      }
      if (!(await stillThere(handle, path))) {
        await handle.close();
        continue;
      }
      await handle.truncate(0);
      await handle.write(`pid ${process.pid} since ${new Date().toISOString()}: ${purpose}\n`);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    let released = false;
    return {
      path,
      release: async () => {
        if (released) return;
        released = true;
        await unlink(path).catch(() => undefined);
        await handle.close();
      },
    };
  }
}

/**
 * Takes the lock at `path`, waiting while another process (or another build in this
 * process) holds it. Resolves to `undefined` when `done()` became true while waiting;
 * throws after `timeoutMs`, naming the holder.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const purpose = options.purpose ?? "tsden";
  const poll = options.pollSeconds ?? 2;
  let told = false;
  for (;;) {
    const lock = await attempt(path, told ? poll : undefined, purpose);
    if (lock !== undefined) return lock;
    if (options.done !== undefined && (await options.done())) return undefined;
    if (!told) {
      told = true;
      options.onWait?.(`waiting for the lock ${path}, ${await holderOf(path)}`);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for the lock ${path}, ${await holderOf(path)}; that process is still alive and holds it (the lock ends when it exits)`,
      );
    }
  }
}

/** Takes the lock at `path` only when nobody holds it; undefined otherwise. */
export function tryLock(path: string, purpose = "tsden"): Promise<Lock | undefined> {
  return attempt(path, undefined, purpose);
}

/** Who holds the lock at `path`, as its holder wrote it ("held by pid 42 since ...: building x"). */
export async function holderOf(path: string): Promise<string> {
  const text = (await readFile(path, "utf8").catch(() => "")).trim();
  return text === "" ? "held by a process that has not said who it is yet" : `held by ${text}`;
}
