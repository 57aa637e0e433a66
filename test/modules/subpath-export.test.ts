/**
 * `tsden/modules` (the built package): the module system alone, the same instances as
 * the package root, loading none of the Node built-ins the layers above it use.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function run(source: string): unknown {
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: root, encoding: "utf8" }),
  );
}

describe("tsden/modules", () => {
  it("gives the package root's own functions and types", () => {
    expect(
      run(`const m = await import("tsden/modules"); const r = await import("tsden");
console.log(JSON.stringify([m.evalModules === r.evalModules, m.types === r.types, m.mkOption === r.mkOption]));`),
    ).toEqual([true, true, true]);
  });

  it("loads none of the built-ins of the layers above the module system", () => {
    const loaded = run(`const before = new Set(process.moduleLoadList);
await import("tsden/modules");
console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`) as string[];
    for (const name of ["child_process", "crypto", "net", "zlib"]) expect(loaded).not.toContain(`NativeModule ${name}`);
  });
});
