/**
 * The ELF kernel taken out of a bzImage for cloud-hypervisor and firecracker: the
 * payload found through the setup header, decompressed by its magic (gzip, xz), checked
 * to be ELF; and, when this machine has built a Debian kernel, its real vmlinux.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bzImagePayload, extractVmlinux } from "../../src/microvm/vmlinux.js";

/** A bzImage-shaped file: setup header, one setup sector, then `payload` at payload_offset 16. */
function bzImage(payload: Buffer): Buffer {
  const setup = Buffer.alloc(2 * 512);
  setup[0x1f1] = 1;
  setup.write("HdrS", 0x202, "latin1");
  setup.writeUInt32LE(16, 0x248);
  setup.writeUInt32LE(payload.length, 0x24c);
  return Buffer.concat([setup, Buffer.alloc(16), payload, Buffer.alloc(64)]);
}

const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(4000, 7)]);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-vmlinux-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vmlinux from a bzImage", () => {
  it("unpacks a gzip payload", async () => {
    await writeFile(join(dir, "gz"), bzImage(gzipSync(elf)));
    expect((await extractVmlinux(join(dir, "gz"))).equals(elf)).toBe(true);
  });

  it.runIf(spawnSync("xz", ["--version"]).status === 0)(
    "unpacks an xz payload (Debian's kernels) with the xz program",
    async () => {
      const xz = spawnSync("xz", ["-c", "--check=crc32"], { input: elf }).stdout as Buffer;
      await writeFile(join(dir, "xz"), bzImage(xz));
      expect((await extractVmlinux(join(dir, "xz"))).equals(elf)).toBe(true);
    },
  );

  it("says what is wrong with a file that is not a bzImage, or whose payload is not ELF", async () => {
    expect(() => bzImagePayload(Buffer.alloc(4096), "k")).toThrow(/k is not a bzImage/);
    await writeFile(join(dir, "notelf"), bzImage(gzipSync(Buffer.from("hello"))));
    await expect(extractVmlinux(join(dir, "notelf"))).rejects.toThrow(/does not unpack to an ELF image/);
  });

  const store = join(homedir(), ".local/share/tsden/store");
  const kernel = existsSync(store)
    ? readdirSync(store).find((n) => /-linux-[\d.]+-\d+-amd64$/.test(n) && existsSync(join(store, n, "bzImage")))
    : undefined;
  it.runIf(kernel !== undefined)("takes the ELF kernel out of the Debian kernel this machine built", async () => {
    const out = await extractVmlinux(join(store, kernel!, "bzImage"));
    expect(out.readUInt32BE(0)).toBe(0x7f454c46);
    expect(out[4]).toBe(2); // 64-bit
    expect(out.length).toBeGreaterThan(10 * 1024 * 1024);
  });
});
