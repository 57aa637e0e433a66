/**
 * Golden files: every file of each hypervisor's runner for a representative guest.
 * `UPDATE_GOLDEN=1` writes them; without it a missing golden file fails the test.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runnerFiles } from "../../../src/microvm/runners/runner-package.js";
import { files, filesWithStoreDisk, goldenGuests, layout } from "../fixtures.js";

const dir = join(import.meta.dirname, "golden");

function render(all: Record<string, { text: string; mode: number }>): string {
  return Object.keys(all)
    .sort()
    .map((path) => `==> ${path} (${all[path]!.mode.toString(8)}) <==\n${all[path]!.text}`)
    .join("\n");
}

describe("runner golden files", () => {
  for (const [hypervisor, guest] of Object.entries(goldenGuests)) {
    it(`${hypervisor}: runner files match golden/${hypervisor}.txt`, () => {
      const text = render(runnerFiles(guest, guest.storeOnDisk ? filesWithStoreDisk : files, layout));
      const file = join(dir, `${hypervisor}.txt`);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
      expect(existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});
