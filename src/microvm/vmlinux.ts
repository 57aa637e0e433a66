/**
 * The uncompressed kernel (`vmlinux`, an ELF file) that cloud-hypervisor and
 * firecracker load on x86_64, taken out of a bzImage at build time. Debian ships only
 * the bzImage. The boot protocol's setup header says where the compressed payload is
 * (`setup_sects` at 0x1f1, `payload_offset`/`payload_length` at 0x248/0x24c, relative to
 * the protected-mode code after the setup sectors); the payload's magic number says
 * how it is compressed (gzip, xz, zstd, lz4, bzip2, lzma), and the decompressed result
 * must be an ELF image.
 */
import { spawn } from "node:child_process";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type Derivation, mkPackage, type Package, type Store } from "../store/index.js";

const BUILDER = "tsden.microvm.vmlinux/1";

/** A compression of a bzImage payload: its magic bytes and the command that decompresses it from stdin. */
const FORMATS: readonly { name: string; magic: number[]; command: string[] }[] = [
  { name: "gzip", magic: [0x1f, 0x8b], command: [] },
  { name: "xz", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], command: ["xz", "-dc", "--single-stream"] },
  { name: "zstd", magic: [0x28, 0xb5, 0x2f, 0xfd], command: ["zstd", "-dcq"] },
  { name: "lz4", magic: [0x02, 0x21, 0x4c, 0x18], command: ["lz4", "-dcq"] },
  { name: "bzip2", magic: [0x42, 0x5a, 0x68], command: ["bzip2", "-dc"] },
  { name: "lzma", magic: [0x5d, 0x00, 0x00], command: ["xz", "-dc", "--format=lzma"] },
];

/** The compressed payload of a bzImage and its format; throws when `image` is not a bzImage. */
export function bzImagePayload(
  image: Buffer,
  where = "the kernel image",
): { format: (typeof FORMATS)[number]; payload: Buffer } {
  if (image.length < 0x250 || image.toString("latin1", 0x202, 0x206) !== "HdrS") {
    throw new Error(`${where} is not a bzImage (no "HdrS" setup header at 0x202)`);
  }
  const setupSects = image[0x1f1] === 0 ? 4 : image[0x1f1]!;
  const offset = image.readUInt32LE(0x248);
  const length = image.readUInt32LE(0x24c);
  const start = (setupSects + 1) * 512 + offset;
  if (length === 0 || start + length > image.length)
    throw new Error(`${where}: its payload (${length} bytes at ${start}) lies outside the file`);
  const payload = image.subarray(start, start + length);
  const format = FORMATS.find((f) => f.magic.every((b, i) => payload[i] === b));
  if (format === undefined)
    throw new Error(`${where}: unknown payload compression (first bytes ${payload.subarray(0, 6).toString("hex")})`);
  return { format, payload };
}

function decompress(command: readonly string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", (e) => reject(new Error(`cannot run ${command[0]} to unpack the kernel: ${e.message}`)));
    child.on("close", (code) => {
      // a payload may carry padding after its stream: the data is what counts, checked below
      const data = Buffer.concat(out);
      if (code === 0 || data.length > 0) resolve(data);
      else reject(new Error(`${command.join(" ")} failed (exit ${code}): ${err.trim()}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

/** The ELF kernel inside the bzImage at `image`. */
export async function extractVmlinux(image: string): Promise<Buffer> {
  const { format, payload } = bzImagePayload(await readFile(image), image);
  const elf = format.name === "gzip" ? gunzipSync(payload) : await decompress(format.command, payload);
  if (elf.length < 4 || elf.readUInt32BE(0) !== 0x7f454c46)
    throw new Error(`${image}: its ${format.name} payload does not unpack to an ELF image`);
  return elf;
}

/** The kernel image inside a kernel output (from its `kernel.json`, else `bzImage`). */
export async function kernelImage(out: string): Promise<string> {
  const meta = await readFile(join(out, "kernel.json"), "utf8").then(
    (t) => JSON.parse(t) as { image?: unknown },
    () => ({ image: undefined }),
  );
  return join(out, typeof meta.image === "string" ? meta.image : "bzImage");
}

/**
 * A package with `<out>/vmlinux`, extracted from a kernel: the output `path` of the
 * kernel package `drv`, or (no `drv`) a bzImage file at `path`.
 */
export function vmlinuxPackage(
  store: Store,
  kernel: { readonly path: string; readonly drv: Derivation | null },
): Package {
  const name = kernel.drv !== null ? `vmlinux-${kernel.drv.name}` : "vmlinux";
  return mkPackage(
    name,
    async (): Promise<Derivation> => ({
      name,
      builder: BUILDER,
      inputs: { kernel: kernel.path },
      build: async (out) => {
        if (kernel.drv !== null) await store.realise(kernel.drv);
        const image = kernel.drv !== null ? await kernelImage(kernel.path) : kernel.path;
        const elf = await extractVmlinux(image);
        await mkdir(out);
        await writeFile(join(out, "vmlinux"), elf);
      },
    }),
  );
}
