/**
 * Stack traces through compiled project files name the project's sources. A stack is
 * formatted when it is first read (V8 calls `Error.prepareStackTrace` then); a frame in
 * a file with a source map (a compiled file of the compile cache: `<file>.map` beside
 * it) shows the source file, line and column the map gives, every other frame is shown
 * as V8 shows it. A map is read the first time one of its file's frames is shown, so
 * importing compiled files reads no map at all (Node's own source-map support reads
 * and parses the map of every module as it is compiled). Frames of modules Node
 * compiled with its support turned on (the runtime compiler turns it on) are mapped
 * through Node's maps as before.
 */
import { readFileSync } from "node:fs";
import { findSourceMap, SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

const maps = new Map<string, SourceMap | null>();
let compiledRoot: string | undefined;

/** The source map of a compiled file (its URL), read once; null when it has none. */
function compiledMap(url: string): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return map;
}

/** The map of the file a frame is in: the compiled file's own, else Node's (when it kept one). */
function mapOf(file: string): SourceMap | undefined {
  if (compiledRoot !== undefined && file.startsWith(compiledRoot)) return compiledMap(file) ?? undefined;
  return process.sourceMapsEnabled ? findSourceMap(file) : undefined;
}

/** A frame as V8 shows it, with its place replaced by the source's when a map knows it. */
function frame(site: NodeJS.CallSite): string {
  const text = site.toString();
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file || line === null || column === null) return text;
  const map = mapOf(file);
  if (map === undefined) return text;
  const entry = map.findEntry(line - 1, column - 1) as Partial<{
    originalSource: string;
    originalLine: number;
    originalColumn: number;
  }>;
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined)
    return text;
  const place = `${file}:${line}:${column}`;
  const source = `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const at = text.lastIndexOf(place);
  return at < 0 ? text : `${text.slice(0, at)}${source}${text.slice(at + place.length)}`;
}

/** The first line of a stack: what `Error.prototype.toString` gives (V8's own header). */
function header(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "<error>";
  }
}

/**
 * Maps the frames of files under `root` (a `file:` URL of the compile cache) through
 * their source maps from now on (see the file comment). Called again, it only changes
 * the folder; a `prepareStackTrace` set before is still used for stacks that have no
 * frame in that folder.
 */
export function mapCompiledStacks(root: string): void {
  const first = compiledRoot === undefined;
  compiledRoot = root;
  if (!first) return;
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, sites) => {
    if (previous !== undefined && !sites.some((s) => s.getFileName()?.startsWith(compiledRoot ?? root)))
      return previous(error, sites);
    const lines = sites.map((s) => `\n    at ${frame(s)}`);
    return `${header(error)}${lines.join("")}`;
  };
}
