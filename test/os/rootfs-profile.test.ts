/** The system profile: package outputs merged as a root tree of directories and links. */
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeProfile } from "../../src/os/builders/rootfs-profile.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-profile-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(name: string, files: Record<string, string | { link: string }>): Promise<string> {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    if (typeof content === "string") await writeFile(join(root, path), content);
    else await symlink(content.link, join(root, path));
  }
  return root;
}

describe("mergeProfile", () => {
  it("links files to their store paths, copies links as they are, skips nix-support", async () => {
    const a = await tree("a", {
      "usr/games/cowsay": "#!/usr/bin/perl",
      "lib64/ld-linux-x86-64.so.2": { link: "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" },
      "nix-support/debian-closure.json": "{}",
    });
    const b = await tree("b", { "bin/hello": "#!/bin/sh", "usr/games/fortune": "x" });
    const out = join(dir, "out1");
    await mergeProfile(out, [a, b]);
    expect(await readlink(join(out, "usr/games/cowsay"))).toBe(join(a, "usr/games/cowsay"));
    expect(await readlink(join(out, "usr/games/fortune"))).toBe(join(b, "usr/games/fortune"));
    expect(await readlink(join(out, "lib64/ld-linux-x86-64.so.2"))).toBe("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    expect((await lstat(join(out, "usr/games"))).isDirectory()).toBe(true);
    expect(await readFile(join(out, "nix-support/packages"), "utf8")).toBe(`${a}\n${b}\n`);
    await expect(lstat(join(out, "nix-support/debian-closure.json"))).rejects.toThrow();
  });

  it("accepts the same file from two packages (one .deb in two closures); rejects different ones naming both", async () => {
    const c = await tree("c", { "lib/libc.so.6": "ELF-same", "etc/x": "1" });
    const d = await tree("d", { "lib/libc.so.6": "ELF-same" });
    await mergeProfile(join(dir, "out2"), [c, d]);
    const e = await tree("e", { "etc/x": "2" });
    await expect(mergeProfile(join(dir, "out3"), [c, e])).rejects.toThrow(
      new RegExp(`/etc/x is given by ${c} and, as another file, by ${e}; keep one`),
    );
  });

  it("lists an output that is a single file without merging it", async () => {
    const file = join(dir, "single");
    await writeFile(file, "data");
    await mergeProfile(join(dir, "out4"), [file]);
    expect(await readFile(join(dir, "out4/nix-support/packages"), "utf8")).toBe(`${file}\n`);
  });
});
