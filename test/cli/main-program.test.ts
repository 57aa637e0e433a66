import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mainProgram } from "../../src/cli/main-program.js";

const tmp = mkdtempSync(join(tmpdir(), "tsden-main-program-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A package output holding executables at `programs` (relative paths). */
function pkg(name: string, programs: readonly string[]): string {
  const out = join(tmp, name);
  for (const p of programs) {
    mkdirSync(dirname(join(out, p)), { recursive: true });
    writeFileSync(join(out, p), "#!/bin/sh\n");
    chmodSync(join(out, p), 0o755);
  }
  mkdirSync(out, { recursive: true });
  return out;
}

describe("the program tsden run runs", () => {
  it("is a runner's bin/microvm-run before anything else", async () => {
    const out = pkg("runner", ["bin/microvm-run", "bin/vm", "bin/microvm-shutdown"]);
    expect(await mainProgram(out, "vm")).toBe(join(out, "bin/microvm-run"));
  });

  it("is the named program in a Debian closure's usr/games, not the one other program its bin/ holds", async () => {
    // cowsay's closure: /usr/games/cowsay, and tar's /bin/tar from the closure's dependencies
    const out = pkg("cowsay", ["bin/tar", "usr/games/cowsay", "usr/games/cowthink", "usr/bin/perl"]);
    expect(await mainProgram(out, "cowsay")).toBe(join(out, "usr/games/cowsay"));
  });

  it("prefers bin/<name> to the same name further down, and takes the only program of bin/ otherwise", async () => {
    const both = pkg("both", ["bin/hello", "usr/bin/hello"]);
    expect(await mainProgram(both, "hello")).toBe(join(both, "bin/hello"));
    const only = pkg("only", ["bin/greet"]);
    expect(await mainProgram(only, "hello")).toBe(join(only, "bin/greet"));
  });

  it("names what the package holds when nothing fits", async () => {
    const two = pkg("two", ["bin/a", "bin/b"]);
    await expect(mainProgram(two, "hello")).rejects.toThrow(
      `${two}/bin holds a, b; none is bin/microvm-run or bin/hello, and usr/bin, usr/games, sbin, usr/sbin hold no hello`,
    );
    const none = pkg("none", []);
    await expect(mainProgram(none, "hello")).rejects.toThrow(/has no bin\/ folder and no hello in usr\/bin/);
  });
});
