/** `microvm.guests` entries through the real binary: a host name works, an unknown name or a missing host is a clear error. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const tmp = mkdtempSync(join(tmpdir(), "tsden-guest-names-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
cpSync(join(root, "examples/microvm"), tmp, { recursive: true });
const guestsFile = join(tmp, "modules/guests-example.ts");
const original = readFileSync(guestsFile, "utf8");
const lookup = 'return [den.hosts["x86_64-linux"]!["guest-microvm"]];';

function evalWith(guests: string, ...args: string[]) {
  expect(original).toContain(lookup);
  writeFileSync(guestsFile, original.replace(lookup, guests));
  return spawnSync(
    process.execPath,
    [bin, "eval", "osConfigurations.server.config.microvm.vms.guest-microvm.autostart", "--project", tmp, ...args],
    { encoding: "utf8" },
  );
}

describe("microvm.guests", () => {
  it("takes a host's name as well as the host", () => {
    const r = evalWith('return ["guest-microvm"];');
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("true");
  });

  it("an unknown name is an error with the file, line, option and a Did you mean", () => {
    const r = evalWith('return ["guest-microvn"];');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      "`den.hosts.x86_64-linux.server.microvm.guests' names the guest `guest-microvn', which is not a host of x86_64-linux.",
    );
    expect(r.stderr).toContain("Did you mean `guest-microvm'?");
    expect(r.stderr).toMatch(/--> modules\/guests-example\.ts:\d+/);
  });

  it("a lookup of a host that does not exist is an error listing the hosts, not a TypeError", () => {
    const r = evalWith('return [den.hosts["x86_64-linux"]!["guest-microvn"]];', "--json");
    expect(r.status).not.toBe(0);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe("TYPE_MISMATCH");
    expect(err.message).toContain("has a guest that is not a Den host (undefined");
    expect(err.hint).toContain("the hosts there are: guest-microvm, runnable-microvm, server");
    expect(err.definitions[0].file).toBe("modules/guests-example.ts");
    expect(r.stdout).not.toContain("Cannot read properties");
  });
});
