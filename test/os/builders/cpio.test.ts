import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { encodeCpio, type CpioEntry } from "../../../src/os/builders/cpio.js";
import { readCpio } from "./cpio-read.js";

const entries: CpioEntry[] = [
  { type: "file", path: "init", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
  { type: "symlink", path: "bin/sh", target: "/bin/busybox" },
  { type: "file", path: "bin/busybox", data: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1]), mode: 0o755 },
  { type: "char", path: "dev/console", major: 5, minor: 1 },
  { type: "dir", path: "proc" },
  { type: "file", path: "lib/modules/6.1/kernel/a-b.ko", data: "x" },
];

const hasCpio = spawnSync("cpio", ["--version"]).status === 0;

describe("encodeCpio", () => {
  it("writes sorted members, adds parents, and reads back byte for byte", () => {
    const read = readCpio(encodeCpio(entries));
    expect(read.map((e) => e.path)).toEqual([
      "bin",
      "bin/busybox",
      "bin/sh",
      "dev",
      "dev/console",
      "init",
      "lib",
      "lib/modules",
      "lib/modules/6.1",
      "lib/modules/6.1/kernel",
      "lib/modules/6.1/kernel/a-b.ko",
      "proc",
    ]);
    const byPath = new Map(read.map((e) => [e.path, e]));
    expect(byPath.get("init")?.data.toString()).toBe("#!/bin/sh\necho hi\n");
    expect(byPath.get("init")?.mode).toBe(0o100755);
    expect(byPath.get("bin/sh")?.mode).toBe(0o120777);
    expect(byPath.get("bin/sh")?.data.toString()).toBe("/bin/busybox");
    expect(byPath.get("dev/console")).toMatchObject({ mode: 0o020600, rdevMajor: 5, rdevMinor: 1 });
    expect(byPath.get("lib")?.mode).toBe(0o040755);
    expect(read.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === 1)).toBe(true);
    expect(read.map((e) => e.ino)).toEqual(read.map((_, i) => i + 1));
  });

  it("is deterministic whatever the input order", () => {
    expect(encodeCpio([...entries].reverse()).equals(encodeCpio(entries))).toBe(true);
  });

  it("starts every header and every member's data on a 4-byte boundary, padded with zeros", () => {
    const archive = encodeCpio(entries);
    const align = (n: number) => (n + 3) & ~3;
    const field = (at: number, index: number) =>
      Number.parseInt(archive.toString("latin1", at + 6 + index * 8, at + 14 + index * 8), 16);
    const names: string[] = [];
    let at = 0;
    for (;;) {
      expect(at % 4, `header of record ${names.length}`).toBe(0);
      expect(archive.toString("latin1", at, at + 6)).toBe("070701");
      const fileSize = field(at, 6);
      const nameSize = field(at, 11);
      const name = archive.toString("latin1", at + 110, at + 110 + nameSize - 1);
      names.push(name);
      const dataAt = align(at + 110 + nameSize);
      expect(
        [...archive.subarray(at + 110 + nameSize - 1, dataAt)].every((b) => b === 0),
        `${name}: name padding`,
      ).toBe(true);
      const next = align(dataAt + fileSize);
      expect(
        [...archive.subarray(dataAt + fileSize, next)].every((b) => b === 0),
        `${name}: data padding`,
      ).toBe(true);
      at = next;
      if (name === "TRAILER!!!") break;
    }
    expect(names).toContain("bin/busybox");
    expect(archive.length).toBe(at);
  });

  it.runIf(hasCpio)("is read by GNU cpio", () => {
    const listing = execFileSync("cpio", ["-it", "--quiet"], { input: encodeCpio(entries) }).toString();
    expect(listing.trim().split("\n")).toContain("lib/modules/6.1/kernel/a-b.ko");
    const verbose = execFileSync("cpio", ["-itv", "--quiet"], { input: encodeCpio(entries) }).toString();
    expect(verbose).toMatch(/crw------- +1 root +root +5, +1 .* dev\/console/);
    expect(verbose).toMatch(/lrwxrwxrwx .* bin\/sh -> \/bin\/busybox/);
  });

  it.each([["../etc/passwd"], ["a/../b"], ["a//b"], ["."], [""]])("rejects the member path %j", (path) => {
    expect(() => encodeCpio([{ type: "dir", path }])).toThrow(/invalid member path/);
  });

  it("rejects duplicates and files used as directories", () => {
    expect(() =>
      encodeCpio([
        { type: "dir", path: "a" },
        { type: "dir", path: "/a" },
      ]),
    ).toThrow(/a is given twice/);
    expect(() =>
      encodeCpio([
        { type: "file", path: "a", data: "" },
        { type: "dir", path: "a/b" },
      ]),
    ).toThrow(/a is a file but a\/b is inside it/);
  });
});
