/**
 * What the store tells a progress display while it works: each build it runs (not the
 * outputs it finds present) from start to end, each question to apt about a closure
 * (not the answers it has kept), and each download with its bytes. The
 * listeners are process-wide, since builds realise their inputs through stores of
 * their own; the CLI installs one on a terminal. With no listener, reporting costs
 * nothing and downloads are not watched.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** What a piece of work is: a build of a store path, a closure asked of apt, a download. */
export type WorkKind = "build" | "resolve" | "download";

/** One piece of work, with a number of its own. */
export type BuildEvent =
  | {
      readonly kind: "start";
      readonly id: number;
      readonly what: WorkKind;
      readonly name: string;
      readonly total?: number;
    }
  | { readonly kind: "bytes"; readonly id: number; readonly bytes: number }
  | { readonly kind: "end"; readonly id: number; readonly failed: boolean };

/** Receives the store's events. */
export type BuildListener = (event: BuildEvent) => void;

const listeners = new Set<BuildListener>();
let next = 1;

/** Listens to the store's builds and downloads until the returned function is called. */
export function onBuildEvent(listener: BuildListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: BuildEvent): void {
  for (const l of listeners) {
    try {
      l(event);
    } catch {
      /* a display never fails a build */
    }
  }
}

/** Whether anyone listens (downloads are watched only then). */
export function hasBuildListeners(): boolean {
  return listeners.size > 0;
}

/** Runs `work` as one reported piece of work named `name`. */
export async function reportWork<T>(
  what: WorkKind,
  name: string,
  work: (id: number) => Promise<T>,
  total?: number,
): Promise<T> {
  if (listeners.size === 0) return work(0);
  const id = next++;
  emit({ kind: "start", id, what, name, ...(total !== undefined ? { total } : {}) });
  try {
    const result = await work(id);
    emit({ kind: "end", id, failed: false });
    return result;
  } catch (error) {
    emit({ kind: "end", id, failed: true });
    throw error;
  }
}

/** The bytes of the regular files under `dir` (one level of folders deep: apt's `partial/`). */
async function bytesIn(dir: string, depth = 1): Promise<number> {
  let sum = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isFile()) sum += (await stat(path).catch(() => undefined))?.size ?? 0;
    else if (entry.isDirectory() && depth > 0) sum += await bytesIn(path, depth - 1);
  }
  return sum;
}

/**
 * Runs `download`, which fills the folder `dir` (a program such as `apt-get download`
 * writing there), reported as a download of `name` of `total` bytes (when known) with
 * the bytes in the folder every quarter second.
 */
export function watchDownload<T>(
  name: string,
  dir: string,
  total: number | undefined,
  download: () => Promise<T>,
): Promise<T> {
  if (listeners.size === 0) return download();
  return reportWork(
    "download",
    name,
    async (id) => {
      let last = -1;
      const poll = async () => {
        const bytes = await bytesIn(dir);
        if (bytes !== last) emit({ kind: "bytes", id, bytes });
        last = bytes;
      };
      const timer = setInterval(() => void poll(), 250);
      try {
        const result = await download();
        await poll();
        return result;
      } finally {
        clearInterval(timer);
      }
    },
    total,
  );
}
