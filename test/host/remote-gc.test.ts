/**
 * The garbage collector a target runs (the shell program of src/host/deploy/remote-gc.ts),
 * run here with `sh` on a real store: it must keep and remove exactly what the store's
 * own collector (`tsden gc`) does, including for a path whose reference record is
 * missing (scanned instead), and leave no partial path behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink, unlink, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GC_SCRIPT } from "../../src/host/deploy/remote-gc.js";
import { gc } from "../../src/host/gc.js";
import type { Derivation } from "../../src/store/derivation.js";
import { REFS_DIR } from "../../src/store/references.js";
import { linkResult } from "../../src/store/result-link.js";
import type { Store } from "../../src/store/store.js";
import { makeScratchStore, removeScratch } from "../support/scratch-store.js";
import { textDerivation } from "../support/text-derivation.js";

let dir: string;
let store: Store;
let profiles: string;
beforeEach(async () => {
  ({ dir, store, profiles } = await makeScratchStore("tsden-remote-gc-test-"));
});
afterEach(() => removeScratch(dir));

const text = textDerivation;

function tree(name: string, body: string, link?: string): Derivation {
  return {
    name,
    builder: "test.tree/1",
    inputs: { body, link: link ?? null },
    build: async (out) => {
      await mkdir(join(out, "bin"), { recursive: true });
      await writeFile(join(out, "bin", "x"), body, { mode: 0o555 });
      if (link !== undefined) await symlink(link, join(out, "dep"));
    },
  };
}

/** Runs the target's collector on this machine's store. */
function remoteGc(dryRun: boolean): { removed: string[]; kept: number; bytes: number } {
  const r = spawnSync("sh", ["-c", GC_SCRIPT, "sh", store.root, profiles, dryRun ? "1" : "0"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const removed = [...r.stdout.matchAll(/^remove ([0-9]+) (\S+)$/gm)];
  return {
    removed: removed.map((m) => join(store.root, m[2]!)).sort(),
    kept: Number(/^kept ([0-9]+)$/m.exec(r.stdout)?.[1]),
    bytes: removed.reduce((sum, m) => sum + Number(m[1]), 0),
  };
}

describe("gc on a target (the shell collector)", () => {
  it("keeps what generations, roots, result links, the run cache and builds hold, as tsden gc does", async () => {
    const lib = await store.realise(text("lib", "a library\n".repeat(1000)));
    const gen1 = await store.realise(text("system-one", `uses ${lib}\n`));
    const leaf = await store.realise(text("leaf", "reached only by a scan\n"));
    // a generation whose record is missing: its link target names `leaf`
    const gen2 = await store.realise(tree("system-two", "#!/bin/sh\n", leaf));
    await unlink(join(store.root, REFS_DIR, basename(gen2)));
    const linked = await store.realise(text("linked", "held by a result link\n"));
    const cached = await store.realise(text("cached", "held by the run cache\n"));
    const rooted = await store.realise(text("rooted", "held by a root\n"));
    const building = await store.realise(text("building", "being built\n"));
    const dep = await store.realise(text("garbage-dep", "only garbage uses me\n"));
    const garbage = await store.realise(tree("garbage", `uses ${dep}\n`));
    await symlink(gen1, join(profiles, "system-1-link"));
    await symlink(gen2, join(profiles, "system-2-link"));
    await symlink("system-2-link", join(profiles, "system"));
    await linkResult(linked, join(dir, "result"));
    await mkdir(join(store.root, ".gcroots"), { recursive: true });
    await symlink(rooted, join(store.root, ".gcroots", "mine"));
    await mkdir(join(store.root, ".cache", "run"), { recursive: true });
    await writeFile(
      join(store.root, ".cache", "run", "k.json"),
      JSON.stringify({ out: cached, program: `${cached}/bin/x` }),
    );
    await writeFile(`${building}.lock`, "");

    const local = await gc({ storeRoot: store.root, profilesDir: profiles, dryRun: true });
    const dry = remoteGc(true);
    expect(dry.removed).toEqual([dep, garbage].sort());
    expect(dry.removed).toEqual(local.removed.map((r) => r.path).sort());
    expect(dry.kept).toBe(local.kept);
    expect(existsSync(garbage) && existsSync(dep)).toBe(true);

    const done = remoteGc(false);
    expect(done.removed).toEqual([dep, garbage].sort());
    expect(done.bytes).toBeGreaterThan(0);
    for (const p of [lib, gen1, gen2, leaf, linked, cached, rooted, building]) expect(existsSync(p), p).toBe(true);
    expect(existsSync(garbage) || existsSync(dep)).toBe(false);
    expect(existsSync(join(store.root, REFS_DIR, basename(garbage)))).toBe(false);
    // nothing half-removed stays, the lock is released, and a second run finds nothing
    expect(
      spawnSync("sh", ["-c", `ls -A "$1" | grep -c '^\\.tmp-gc-' || true`, "sh", store.root], { encoding: "utf8" })
        .stdout,
    ).toBe("0\n");
    expect(existsSync(join(store.root, ".gc.lock"))).toBe(false);
    expect(remoteGc(false).removed).toEqual([]);
  });

  it("does nothing on a target without the store", () => {
    const r = spawnSync("sh", ["-c", GC_SCRIPT, "sh", join(dir, "nothing"), profiles, "0"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("kept 0\n");
  });
});
