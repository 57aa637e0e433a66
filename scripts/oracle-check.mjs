#!/usr/bin/env node
// Checks every conformance case (test/modules/conformance/*.cases.ts) against the
// reference module system: writes `let lib = import <nixlib>; in <nix>` to a temp file,
// evaluates it with nix-oracle and compares with the case's expectation.
//   npm run oracle [-- FILTER]   (FILTER: a substring of "area: name")
import { register } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

register("./oracle-hooks.mjs", import.meta.url);
const { tsImport } = await import("tsx/esm/api");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "test/modules/conformance");
const oracle = process.env.NIX_ORACLE ?? "/work/shared/tools/nix-oracle";
const filter = process.argv[2] ?? "";
const head = (s) =>
  s
    .trim()
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, 14)
    .join("\n");
const tmp = mkdtempSync(join(tmpdir(), "oracle-"));

let total = 0;
const failures = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".cases.ts"))
  .sort()) {
  const area = file.replace(/\.cases\.ts$/, "");
  const mod = await tsImport(pathToFileURL(join(dir, file)).href, import.meta.url);
  const names = new Set();
  for (const c of mod.cases) {
    const label = `${area}: ${c.name}`;
    if (names.has(c.name)) failures.push({ label, why: "duplicate case name" });
    names.add(c.name);
    if (filter && !label.includes(filter)) continue;
    total++;
    const f = join(tmp, `case${total}.nix`);
    writeFileSync(f, `let lib = import <nixlib>; in\n${c.nix}\n`);
    // show-trace: stderr then carries the reference's error contexts too ("while evaluating the module argument ...").
    const env = { ...process.env, NIX_CONFIG: `${process.env.NIX_CONFIG ?? ""}\nshow-trace = true` };
    const r = spawnSync(oracle, ["eval", f], { encoding: "utf8", env });
    const stderr = r.stderr ?? "";
    if ("value" in c.expect) {
      if (r.status !== 0) {
        failures.push({ label, why: `expected a value, Nix failed:\n${head(stderr)}` });
        continue;
      }
      const got = JSON.parse(r.stdout);
      if (!isDeepStrictEqual(got, c.expect.value))
        failures.push({ label, why: `expected ${JSON.stringify(c.expect.value)}, Nix gave ${JSON.stringify(got)}` });
    } else {
      const re = c.expect.error.nixMatch ?? c.expect.error.match;
      if (r.status === 0) failures.push({ label, why: `expected an error, Nix gave ${r.stdout.trim()}` });
      else if (!re.test(stderr)) failures.push({ label, why: `stderr does not match ${re}:\n${head(stderr)}` });
    }
  }
}
rmSync(tmp, { recursive: true, force: true });
for (const { label, why } of failures) console.log(`MISMATCH ${label}\n  ${why.replace(/\n/g, "\n  ")}`);
console.log(`oracle: ${total - failures.length}/${total} cases agree with the reference`);
process.exit(failures.length ? 1 : 0);
