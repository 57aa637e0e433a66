/**
 * Golden files: every file of each hypervisor's runner for a representative guest.
 * `UPDATE_GOLDEN=1` writes them; without it a missing golden file fails the test.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkGuest, checkSupport } from "../../../src/microvm/runners/check.js";
import { runnerFiles } from "../../../src/microvm/runners/runner-package.js";
import { files, filesWithStoreDisk, goldenGuests, layout, optionGuests } from "../fixtures.js";

const dir = join(import.meta.dirname, "golden");

function render(all: Record<string, { text: string; mode: number }>): string {
  return Object.keys(all)
    .sort()
    .map((path) => `==> ${path} (${all[path]!.mode.toString(8)}) <==\n${all[path]!.text}`)
    .join("\n");
}

describe("runner golden files", () => {
  const cases = [
    ...Object.entries(goldenGuests).map(([hv, guest]) => [hv, guest] as const),
    ...Object.entries(optionGuests).map(([hv, guest]) => [`${hv}-options`, guest] as const),
  ];
  for (const [hypervisor, guest] of cases) {
    it(`${hypervisor}: runner files match golden/${hypervisor}.txt`, () => {
      checkGuest(guest);
      checkSupport(guest, guest.hypervisor);
      const all = runnerFiles(guest, guest.storeOnDisk ? filesWithStoreDisk : files, layout);
      for (const [path, { text: script }] of Object.entries(all)) {
        if (!path.startsWith("bin/") || !script.startsWith("#!/usr/bin/env bash")) continue;
        const syntax = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
        expect(syntax.status, `${path}: ${syntax.stderr}`).toBe(0);
      }
      const text = render(all);
      const file = join(dir, `${hypervisor}.txt`);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
      expect(existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});
