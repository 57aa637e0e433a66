/**
 * The store's builds and downloads on the progress line: each build the store runs
 * (`building linux-6.1.0-28-amd64`), each closure asked of apt (`asking apt for the
 * packages of cowsay`), each download with its bytes (`downloading
 * linux-image-6.1.0-28-amd64 6.1.123-1 (12.0 MiB of 67.3 MiB)`), each kept as a line of
 * its own with its time when it ends.
 */
import { onBuildEvent } from "../store/index.js";
import { formatBytes } from "./format-bytes.js";
import type { CommandIO } from "./command.js";
import type { ProgressTask } from "./progress.js";

/** Runs `work` (builds), showing the store's builds and downloads as tasks of `io` (when it has a terminal). */
export async function withBuildSteps<T>(io: CommandIO, work: () => Promise<T>): Promise<T> {
  const hide = io.task ? showBuilds(io.task) : undefined;
  try {
    return await work();
  } finally {
    hide?.();
  }
}

/** Shows the store's work as tasks (`task(line)`) until the returned function is called. */
export function showBuilds(task: (line: string) => ProgressTask): () => void {
  const running = new Map<
    number,
    { task: ProgressTask; name: string; total?: number; download: boolean; bytes: number }
  >();
  const downloadLine = (name: string, bytes: number, total: number | undefined) =>
    `downloading ${name} (${formatBytes(bytes)}${total !== undefined && total > 0 ? ` of ${formatBytes(total)}` : ""})`;
  return onBuildEvent((e) => {
    if (e.kind === "start") {
      const download = e.what === "download";
      const line = download
        ? downloadLine(e.name, 0, e.total)
        : e.what === "resolve"
          ? `asking apt for the packages of ${e.name}`
          : `building ${e.name}`;
      running.set(e.id, { task: task(line), name: e.name, total: e.total, download, bytes: 0 });
    } else if (e.kind === "bytes") {
      const r = running.get(e.id);
      if (!r?.download) return;
      r.bytes = e.bytes;
      r.task.update(downloadLine(r.name, e.bytes, r.total));
    } else {
      const r = running.get(e.id);
      running.delete(e.id);
      if (!r) return;
      // a finished download is kept with what it fetched
      if (r.download && !e.failed) r.task.update(`downloading ${r.name} (${formatBytes(r.bytes)})`);
      r.task.end(e.failed);
    }
  });
}
