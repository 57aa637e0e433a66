/** Debian's static busybox: the one binary of the initramfs, and its applet links. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ensureDebianPackage, run } from "../../store/index.js";

/** A busybox binary with the applet paths it provides (`bin/sh`, `sbin/ip`, ...). */
export interface Busybox {
  readonly path: string;
  readonly sha256: string;
  readonly applets: readonly string[];
}

/** Debian's busybox-static binary, installed on demand. */
export const DEBIAN_BUSYBOX = "/bin/busybox";

/** Describes the busybox at `path` (installing busybox-static when it is the Debian default). */
export async function findBusybox(path: string = DEBIAN_BUSYBOX): Promise<Busybox> {
  if (path === DEBIAN_BUSYBOX) await ensureDebianPackage("busybox-static", path);
  const binary = await readFile(path);
  if (!isStaticElf(binary)) {
    throw new Error(`${path} is not a statically linked ELF; the initramfs has no libc. Install busybox-static`);
  }
  const { stdout } = await run(path, ["--list-full"]);
  const applets = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && l !== "bin/busybox" && /^[a-z0-9_/.[\]-]+$/.test(l));
  return { path, sha256: createHash("sha256").update(binary).digest("hex"), applets };
}

function isStaticElf(binary: Buffer): boolean {
  if (binary.length < 64 || binary.readUInt32BE(0) !== 0x7f454c46 || binary[4] !== 2) return false;
  const phoff = Number(binary.readBigUInt64LE(32));
  const phentsize = binary.readUInt16LE(54);
  const phnum = binary.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const type = binary.readUInt32LE(phoff + i * phentsize);
    if (type === 3) return false;
  }
  return true;
}
