import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/**
 * Runs hosts of a small fleet in a child (so that V8's collections can be asked for),
 * with a young generation large enough that no collection happens during the hosts,
 * then one minor collection; prints the bytes allocated and the bytes still held.
 */
const script = `
import v8 from "node:v8";
const { evalModules, mkOption, mkOverride, mkIf, mkForce, types } = await import(${JSON.stringify(dist)});
const settings = {};
for (let k = 1; k <= 50; k++) settings["o" + k] = mkOption({ type: types.int });
const guest = types.submodule({ options: { enable: mkOption({ type: types.bool, default: false }), mem: mkOption({ type: types.int, default: 512 }), tags: mkOption({ type: types.listOf(types.str), default: [] }) } });
const declare = { _file: "declare.ts", options: { settings, guests: mkOption({ type: types.attrsOf(guest) }) } };
const host = (i) => {
  const s = {};
  for (let k = 1; k <= 50; k++) s["o" + k] = mkOverride(900, k + i);
  const guests = {};
  for (let g = 1; g <= 10; g++) guests["g" + g] = { enable: true, mem: mkIf(g > 5, mkForce(256)), tags: ["t" + g] };
  return JSON.stringify(evalModules({ modules: [declare, { _file: "host.ts", settings: s, guests }] }).config).length;
};
for (let i = 0; i < 2000; i++) host(i);
const used = () => v8.getHeapSpaceStatistics().reduce((n, s) => n + s.space_used_size, 0);
const rounds = [];
for (let round = 0; round < 3; round++) {
  gc(); gc();
  const before = used();
  for (let i = 0; i < 40; i++) host(i);
  const allocated = used() - before;
  gc({ type: "minor" });
  rounds.push({ allocated, held: used() - before });
}
console.log(JSON.stringify(rounds));
`;

describe("memory", () => {
  it("finished evaluations do not outlive a minor collection", () => {
    const out = execFileSync(process.execPath, [
      "--expose-gc",
      "--min-semi-space-size=64",
      "--max-semi-space-size=64",
      "--input-type=module",
      "-e",
      script,
    ]);
    const rounds = JSON.parse(out.toString()) as { allocated: number; held: number }[];
    for (const r of rounds) {
      expect(r.allocated).toBeGreaterThan(1 << 20);
      // Before the fix nearly everything the hosts allocated was still held (until a full collection).
      expect(r.held / r.allocated).toBeLessThan(0.1);
    }
  });
});
