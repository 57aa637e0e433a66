/** Test helper: a derivation whose output is one file holding `body`. */
import { writeFile } from "node:fs/promises";
import type { Derivation } from "../../src/store/derivation.js";

/** A store entry `name` that is a single file with `body` as its text. */
export function textDerivation(name: string, body: string): Derivation {
  return { name, builder: "test.text/1", inputs: { body }, build: async (out) => writeFile(out, body) };
}
