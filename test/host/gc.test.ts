import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gc } from "../../src/host/gc.js";
import { listGenerations } from "../../src/host/generations.js";
import { linkResult } from "../../src/store/result-link.js";
import type { Store } from "../../src/store/store.js";
import { makeScratchStore, removeScratch } from "../support/scratch-store.js";
import { textDerivation } from "../support/text-derivation.js";

const bin = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");
let dir: string;
let store: Store;
let profiles: string;
beforeEach(async () => {
  ({ dir, store, profiles } = await makeScratchStore("tsden-gc-test-"));
});
afterEach(() => removeScratch(dir));

const text = textDerivation;

async function fleet() {
  const lib = await store.realise(text("lib", "a library\n".repeat(1000)));
  const gen1 = await store.realise(text("system-one", `uses ${lib}\n`));
  const gen2 = await store.realise(text("system-two", `uses ${lib} too\n`));
  const linked = await store.realise(text("linked", "held by a result link\n"));
  const cached = await store.realise(text("cached", "held by the run cache\n"));
  const dep = await store.realise(text("garbage-dep", "only garbage uses me\n"));
  const garbage = await store.realise(text("garbage", `uses ${dep}\n`));
  await symlink(gen1, join(profiles, "system-1-link"));
  await symlink(gen2, join(profiles, "system-2-link"));
  await symlink("system-2-link", join(profiles, "system"));
  await linkResult(linked, join(dir, "result"));
  await mkdir(join(store.root, ".cache", "run"), { recursive: true });
  await writeFile(
    join(store.root, ".cache", "run", "k.json"),
    JSON.stringify({ out: cached, program: `${cached}/bin/x` }),
  );
  return { lib, gen1, gen2, linked, cached, dep, garbage };
}

describe("gc", () => {
  it("removes what no generation, result link or run cache entry holds, and keeps their closures", async () => {
    const p = await fleet();
    const dry = await gc({ storeRoot: store.root, profilesDir: profiles, dryRun: true });
    expect(dry.removed.map((r) => r.path).sort()).toEqual([p.garbage, p.dep].sort());
    expect(existsSync(p.garbage)).toBe(true);

    const done = await gc({ storeRoot: store.root, profilesDir: profiles });
    expect(done.removed.map((r) => r.path).sort()).toEqual([p.garbage, p.dep].sort());
    expect(done.freedBytes).toBeGreaterThan(0);
    expect(done.kept).toBe(5);
    for (const kept of [p.lib, p.gen1, p.gen2, p.linked, p.cached]) expect(existsSync(kept)).toBe(true);
    expect(existsSync(p.garbage) || existsSync(p.dep)).toBe(false);
    expect(existsSync(join(store.root, ".refs", p.garbage.slice(store.root.length + 1)))).toBe(false);

    // a deleted result link and generation hold nothing any more
    await unlink(join(dir, "result"));
    await unlink(join(profiles, "system-1-link"));
    const again = await gc({ storeRoot: store.root, profilesDir: profiles });
    expect(again.removed.map((r) => r.path)).toEqual([p.gen1, p.linked].sort());
    expect(existsSync(p.lib)).toBe(true);
  });

  it("lists generations oldest first with the current one marked", async () => {
    const p = await fleet();
    const gens = await listGenerations(profiles);
    expect(gens.map((g) => [g.number, g.path, g.current])).toEqual([
      [1, p.gen1, false],
      [2, p.gen2, true],
    ]);
    expect(await listGenerations(join(dir, "missing"))).toEqual([]);
  });

  it("tsden gc --dry-run and tsden gc say what they remove and how much they free", async () => {
    const p = await fleet();
    const env = { ...process.env, TSDEN_STORE: store.root };
    const dry = spawnSync(process.execPath, [bin, "gc", "--dry-run", "--profiles", profiles], {
      encoding: "utf8",
      env,
    });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`would remove ${p.garbage}`);
    expect(dry.stdout).toMatch(/2 store paths to remove, would free \d+(\.\d)? (B|KiB); 5 kept/);
    const real = spawnSync(process.execPath, [bin, "gc", "--profiles", profiles, "--json"], { encoding: "utf8", env });
    expect(real.status).toBe(0);
    const report = JSON.parse(real.stdout) as { removed: { path: string }[]; freedBytes: number };
    expect(report.removed.map((r) => r.path).sort()).toEqual([p.garbage, p.dep].sort());
    const gens = spawnSync(process.execPath, [bin, "generations", "--profiles", profiles], { encoding: "utf8", env });
    expect(gens.stdout).toMatch(new RegExp(`^\\*\\s+2\\s+\\S+ \\S+\\s+${p.gen2}$`, "m"));
  });
});
