import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closureOf, referencesOf } from "../../src/store/references.js";
import { Store } from "../../src/store/store.js";
import type { Derivation } from "../../src/store/derivation.js";

const exec = promisify(execFile);
let dir: string;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-refs-test-"));
  store = new Store(join(dir, "store"));
});
afterEach(async () => {
  await exec("chmod", ["-R", "u+w", dir]);
  await rm(dir, { recursive: true, force: true });
});

function file(name: string, text: (out: string) => string, inputs: unknown = {}): Derivation {
  return {
    name,
    builder: "test.file/1",
    inputs: { text: String(text("OUT")), inputs } as never,
    build: async (out) => writeFile(out, text(out)),
  };
}

describe("store references", () => {
  it("records the store paths an output names in its files and symlinks, and not others", async () => {
    const leaf = await store.realise(file("leaf", () => "no references\n"));
    const other = await store.realise(file("other", () => "unrelated\n"));
    const script = await store.realise(file("script", () => `#!/bin/sh\nexec ${leaf}/bin/x "$@"\n`, [leaf]));
    const tree = await store.realise({
      name: "tree",
      builder: "test.tree/1",
      inputs: { script, leaf, other },
      build: async (out) => {
        await mkdir(join(out, "bin"), { recursive: true });
        await symlink(script, join(out, "bin", "run"));
        // a path of the store named in build inputs but not in the output is no reference
        await writeFile(
          join(out, "README"),
          `built with ${join(store.root, "0000")}; ${basename(other)} is only mentioned\n`,
        );
      },
    });
    expect(await referencesOf(leaf)).toEqual([]);
    expect(await referencesOf(script)).toEqual([basename(leaf)]);
    expect(await referencesOf(tree)).toEqual([basename(script)]);
    expect(await readFile(join(store.root, ".refs", basename(script)), "utf8")).toBe(`${basename(leaf)}\n`);
    // dependencies come before the paths that refer to them
    expect(await closureOf([tree])).toEqual([leaf, script, tree]);
    expect(await closureOf([other, script])).toEqual([other, leaf, script]);
  });

  it("finds a reference that straddles the scanner's read chunks, and scans paths that have no record", async () => {
    const leaf = await store.realise(file("leaf", () => "x\n"));
    const big = await store.realise({
      name: "big",
      builder: "test.big/1",
      inputs: { leaf },
      build: async (out) =>
        writeFile(out, Buffer.concat([Buffer.alloc((1 << 20) - 20, 0x61), Buffer.from(`${leaf}\n`)])),
    });
    expect(await referencesOf(big)).toEqual([basename(leaf)]);
    await unlink(join(store.root, ".refs", basename(big)));
    expect(await referencesOf(big)).toEqual([basename(leaf)]);
  });

  it("refuses the closure of a path that is not in the store", async () => {
    await expect(closureOf([join(store.root, "00000000000000000000000000000000-gone")])).rejects.toThrow(
      /is not in the store; build it first/,
    );
  });
});
