/**
 * The files a process imported while loading a project, once `recordLoadedFiles` is
 * called: the sources the compile cache bundled (`noteLoadedFiles`), or, when the
 * project is loaded through the runtime compiler, every `file:` module the ES module
 * loader resolved (project modules, their helpers wherever they live, JSON) and every
 * file `require` resolved; never files in `node_modules`, tsden itself or the compile
 * cache. The runtime's resolve hook runs in the loader's thread and posts each URL on
 * a message port; `loadedFiles` first exchanges a marker on that port, so every URL
 * posted before is counted. The run cache keys a program by these files, so changing
 * any of them evaluates again.
 */
import Module, { register } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { compileCacheRoot } from "./compile-cache.js";

/** The resolve hook (loader thread): reports resolved file URLs, answers flush markers. */
const recorderSource = `let port;
export function initialize(data) {
  port = data.port;
  port.on("message", (m) => port.postMessage(m));
  port.unref();
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (port && r.url.startsWith("file:") && !r.url.includes("/node_modules/")) port.postMessage({ url: r.url });
  return r;
}`;

const files = new Set<string>();
let recording = false;
let port: MessagePort | undefined;
let marker = 0;
const waiting = new Map<number, () => void>();

/** tsden's compiled files: keyed by its version, not listed. */
const ownRoot = fileURLToPath(new URL("../", import.meta.url));

function record(given: string): void {
  const path = given.replace(/\?tsx-[^/]*$/, ""); // tsx marks some files with a query (?tsx-commonjs-...)
  if (!path.startsWith(ownRoot) && !path.includes("/node_modules/") && !path.startsWith(compileCacheRoot()))
    files.add(path);
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/** Starts recording the files a project load reads (see the file comment). */
export function recordLoadedFiles(): void {
  recording = true;
}

/** Notes files a load read without the runtime's hooks (the compile cache's sources). */
export function noteLoadedFiles(paths: Iterable<string>): void {
  if (recording) for (const path of paths) record(path);
}

/**
 * Registers the recording hooks when recording was asked for (once per process):
 * called by the runtime compiler's setup after its own hooks, so the URLs seen are the
 * final ones.
 */
export function startRecorder(): void {
  if (!recording || port !== undefined) return;
  const channel = new MessageChannel();
  port = channel.port1;
  port.on("message", (m: { url?: string; flush?: number }) => {
    if (typeof m.url === "string") {
      const url = new URL(m.url);
      url.search = "";
      url.hash = "";
      record(fileURLToPath(url));
    }
    if (typeof m.flush === "number") waiting.get(m.flush)?.();
  });
  port.unref();
  register(`data:text/javascript,${encodeURIComponent(recorderSource)}`, {
    data: { port: channel.port2 },
    transferList: [channel.port2],
  });
  const m = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = m._resolveFilename;
  m._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    const path = original.call(this, request, ...rest);
    if (path.startsWith("/")) record(path);
    return path;
  };
}

/** The files imported so far (absolute paths, sorted), once every report has arrived. */
export async function loadedFiles(): Promise<string[]> {
  if (port !== undefined) {
    const id = ++marker;
    const p = port;
    await new Promise<void>((done) => {
      waiting.set(id, done);
      p.ref();
      p.postMessage({ flush: id });
    });
    waiting.delete(id);
    p.unref();
  }
  return [...files].sort();
}
