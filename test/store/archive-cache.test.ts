import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fetchDebs, resolveDebianClosure, verifyArchiveCache } from "../../src/store/debian/index.js";

const hasApt = (() => {
  try {
    execFileSync("apt-get", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasApt)("the archive cache", () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  });

  it("downloads again a cached .deb that was damaged in place (same size), and verify finds one", async () => {
    const archives = await mkdtemp(join(tmpdir(), "tsden-archives-"));
    temps.push(archives);
    const cowsay = (await resolveDebianClosure(["cowsay"])).filter((d) => d.package === "cowsay");
    expect(cowsay).toHaveLength(1);
    expect(cowsay[0]!.hash).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect((await fetchDebs(cowsay, archives)).downloaded).toBe(1);
    const file = join(archives, cowsay[0]!.file);
    const good = await readFile(file);
    const bad = Buffer.from(good);
    bad[bad.length >> 1] ^= 0xff;
    await writeFile(file, bad);
    expect((await fetchDebs(cowsay, archives)).downloaded).toBe(1);
    expect((await readFile(file)).equals(good)).toBe(true);
    await writeFile(file, bad);
    const verified = await verifyArchiveCache(archives);
    expect(verified.checked).toBe(1);
    expect(verified.damaged).toEqual([{ file: cowsay[0]!.file, problem: expect.stringMatching(/^checksum SHA256:/) }]);
    expect((await fetchDebs(cowsay, archives)).downloaded).toBe(1);
  }, 120_000);
});
