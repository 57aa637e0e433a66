/**
 * A deterministic writer of "newc" cpio archives (the format of Linux initramfs):
 * entries sorted by path, missing parent directories added, uid/gid 0, one fixed mtime,
 * inode numbers in order. Each record: a 110-byte ASCII header, the NUL-terminated name
 * padded to 4 bytes, the data padded to 4 bytes; a `TRAILER!!!` record ends it.
 */

/** One archive member; paths are relative (`bin/sh`), without `.` or `..` parts. */
export type CpioEntry =
  | { readonly type: "file"; readonly path: string; readonly data: Uint8Array | string; readonly mode?: number }
  | { readonly type: "dir"; readonly path: string; readonly mode?: number }
  | { readonly type: "symlink"; readonly path: string; readonly target: string }
  | {
      readonly type: "char";
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

/** Archive-wide settings. */
export interface CpioOptions {
  /** Seconds since the epoch for every member (default 1, as Nix does). */
  readonly mtime?: number;
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/** Encodes `entries` as a newc archive; duplicate paths are an error. */
export function encodeCpio(entries: readonly CpioEntry[], options: CpioOptions = {}): Buffer {
  const mtime = options.mtime ?? 1;
  const byPath = new Map<string, CpioEntry>();
  for (const entry of entries) {
    const path = validatePath(entry.path);
    if (byPath.has(path)) throw new Error(`cpio: ${path} is given twice; each path may appear once`);
    byPath.set(path, { ...entry, path });
  }
  for (const path of [...byPath.keys()]) {
    for (let parent = dirname(path); parent !== ""; parent = dirname(parent)) {
      const existing = byPath.get(parent);
      if (existing === undefined) byPath.set(parent, { type: "dir", path: parent });
      else if (existing.type !== "dir")
        throw new Error(`cpio: ${parent} is a ${existing.type} but ${path} is inside it`);
    }
  }
  const sorted = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const chunks: Buffer[] = [];
  let ino = 1;
  for (const entry of sorted) chunks.push(record(entry, ino++, mtime));
  chunks.push(record({ type: "file", path: "TRAILER!!!", data: new Uint8Array(0), mode: 0 }, 0, 0, 1));
  return Buffer.concat(chunks);
}

function record(entry: CpioEntry, ino: number, mtime: number, nlinkOverride?: number): Buffer {
  let mode: number;
  let data: Buffer = Buffer.alloc(0);
  let rdevMajor = 0;
  let rdevMinor = 0;
  switch (entry.type) {
    case "file":
      mode = S_IFREG | (entry.mode ?? 0o644);
      data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : Buffer.from(entry.data);
      break;
    case "dir":
      mode = S_IFDIR | (entry.mode ?? 0o755);
      break;
    case "symlink":
      mode = S_IFLNK | 0o777;
      data = Buffer.from(entry.target, "utf8");
      break;
    case "char":
      mode = S_IFCHR | (entry.mode ?? 0o600);
      rdevMajor = entry.major;
      rdevMinor = entry.minor;
      break;
  }
  if (entry.path === "TRAILER!!!") mode = 0;
  const name = Buffer.from(`${entry.path}\0`, "utf8");
  const nlink = nlinkOverride ?? (entry.type === "dir" ? 2 : 1);
  const fields = [ino, mode, 0, 0, nlink, mtime, data.length, 0, 0, rdevMajor, rdevMinor, name.length, 0];
  const header = Buffer.from(`070701${fields.map(hex8).join("")}`, "ascii");
  return Buffer.concat([header, name, pad(header.length + name.length), data, pad(data.length)]);
}

function hex8(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`cpio: field value ${n} does not fit 32 bits`);
  return n.toString(16).padStart(8, "0");
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function validatePath(path: string): string {
  const trimmed = path.replace(/^\/+/, "");
  const parts = trimmed.split("/");
  if (trimmed === "" || parts.some((p) => p === "" || p === "." || p === "..") || trimmed.includes("\0")) {
    throw new Error(
      `cpio: invalid member path ${JSON.stringify(path)}; use a relative path without empty, "." or ".." parts`,
    );
  }
  return trimmed;
}
