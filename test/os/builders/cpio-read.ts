/** Test helper: parses a newc cpio archive back into its members. */

export interface ReadEntry {
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  readonly ino: number;
  readonly rdevMajor: number;
  readonly rdevMinor: number;
  readonly data: Buffer;
}

export function readCpio(archive: Buffer): ReadEntry[] {
  const entries: ReadEntry[] = [];
  let at = 0;
  for (;;) {
    const magic = archive.toString("ascii", at, at + 6);
    if (magic !== "070701") throw new Error(`bad magic ${JSON.stringify(magic)} at ${at}`);
    const field = (i: number) => Number.parseInt(archive.toString("ascii", at + 6 + i * 8, at + 14 + i * 8), 16);
    const nameSize = field(11);
    const fileSize = field(6);
    const path = archive.toString("utf8", at + 110, at + 110 + nameSize - 1);
    const dataAt = align(at + 110 + nameSize);
    if (path === "TRAILER!!!") return entries;
    entries.push({
      path,
      ino: field(0),
      mode: field(1),
      uid: field(2),
      gid: field(3),
      mtime: field(5),
      rdevMajor: field(9),
      rdevMinor: field(10),
      data: archive.subarray(dataAt, dataAt + fileSize),
    });
    at = align(dataAt + fileSize);
  }
}

function align(n: number): number {
  return (n + 3) & ~3;
}
