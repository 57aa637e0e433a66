// Runs every conformance case (test/modules/conformance/*.cases.ts) against our
// module system. The same cases are checked against the reference by `npm run oracle`.
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { evalModules, ModuleError } from "../../src/index.js";
import type { ConformanceCase } from "./conformance/case.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "conformance");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".cases.ts"))
  .sort();

/** Evaluated JSON form of a value: what Nix's `--strict --json` would print. */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function run(c: ConformanceCase): unknown {
  const r: any = (evalModules as any)({
    modules: c.modules(),
    ...(c.specialArgs ? { specialArgs: c.specialArgs } : {}),
  });
  if (typeof c.read === "function") return plain(c.read(r));
  if (!c.read) return plain(r.config);
  let v: any = r.config;
  for (const k of c.read.split(".")) v = v[k];
  return plain(v);
}

for (const file of files) {
  const area = file.replace(/\.cases\.ts$/, "");
  const { cases } = (await import(pathToFileURL(join(dir, file)).href)) as { cases: ConformanceCase[] };
  describe(area, () => {
    for (const c of cases) {
      it(`${area}: ${c.name}`, () => {
        if ("value" in c.expect) {
          expect(run(c)).toStrictEqual(c.expect.value);
        } else {
          const want = c.expect.error;
          let caught: unknown;
          try {
            run(c);
          } catch (e) {
            caught = e;
          }
          expect(caught, "expected an error").toBeInstanceOf(ModuleError);
          const err = caught as ModuleError & { code: string };
          expect(err.code).toBe(want.code);
          expect(err.message).toMatch(want.match);
        }
      });
    }
  });
}
