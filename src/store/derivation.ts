/**
 * A derivation names a build output by the hash of what goes into it: the same name,
 * builder version and inputs always give the same store path, whoever builds it.
 */
import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical-json.js";

/** A build: its inputs decide the output path; `build` writes the output at `out`. */
export interface Derivation {
  /** Human part of the path; `[A-Za-z0-9+._?=-]`, not starting with `.`, at most 180 chars. */
  readonly name: string;
  /** Changes whenever the builder's code changes what it produces, e.g. `"tsden.kernel/1"`. */
  readonly builder: string;
  /** Everything else the output depends on (paths of other outputs included). */
  readonly inputs: JsonValue;
  /**
   * Creates `out` (a file or a directory) and everything under it. The folder holding
   * `out` is this build's own: scratch files go there (not to /tmp), and it is removed
   * after the build, or by the next build when this one was killed.
   */
  readonly build: (out: string) => Promise<void>;
}

const NAME = /^[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$/;
const BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

/** Throws when `name` cannot be part of a store path. */
export function validateName(name: string): void {
  if (name.length === 0 || name.length > 180 || !NAME.test(name)) {
    throw new Error(
      `invalid derivation name ${JSON.stringify(name)}: use 1 to 180 characters from A-Z a-z 0-9 + - . _ ? =, not starting with "."`,
    );
  }
}

/** Nix-style base32 of a byte string (lowest bits first, 5 bits a character). */
export function base32(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = "";
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const c = ((bytes[i] ?? 0) >> j) | (j > 3 ? (bytes[i + 1] ?? 0) << (8 - j) : 0);
    out += BASE32[c & 0x1f];
  }
  return out;
}

/** The 32-character hash part of a derivation's path. */
export function derivationHash(drv: Pick<Derivation, "name" | "builder" | "inputs">): string {
  validateName(drv.name);
  const text = canonicalJson({ name: drv.name, builder: drv.builder, inputs: drv.inputs });
  const digest = createHash("sha256").update(text).digest();
  return base32(digest.subarray(0, 20));
}

/** The file name of a derivation's output in the store: `<hash>-<name>`. */
export function storeBaseName(drv: Pick<Derivation, "name" | "builder" | "inputs">): string {
  return `${derivationHash(drv)}-${drv.name}`;
}
