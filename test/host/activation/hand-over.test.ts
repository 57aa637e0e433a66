/**
 * The hand-over of a VM's folder to the hypervisors, as the activation program runs it
 * (its shell function, taken from the generated program and run by dash here, as root,
 * with nobody:nogroup standing in for microvm:kvm): the folder stays root's, group
 * nogroup, mode 1775; what is at its top (but root's links) and each file and folder on
 * the declared paths become the user's, contents and data stay, links are never
 * followed, and a folder tsden did not make keeps everything inside as it was (and is
 * refused unless it already has that shape).
 */
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { microvmRemovedSection } from "../../../src/host/activation/microvm-section.js";

const root = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), "tsden-hand-over-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const NOBODY = 65534;

/** The generated `vm_hand_over` function. */
function handOverFunction(): string {
  const check = microvmRemovedSection({
    stateDir: "/var/lib/microvms",
    vms: [
      {
        name: "web",
        runner: "/store/x",
        autostart: true,
        restartIfChanged: true,
        shareSources: ["shared"],
        volumeImages: ["data.img"],
      },
    ],
  }).check!;
  const start = check.indexOf("vm_hand_over() {");
  const end = check.indexOf("\n}\n", start);
  expect(start, "no vm_hand_over in the activation program").toBeGreaterThanOrEqual(0);
  return check.slice(start, end + 2);
}

/** The generated shell function `name` (from `name() {` to its closing line). */
function shellFunction(name: string): string {
  const check = microvmRemovedSection({
    stateDir: "/var/lib/microvms",
    vms: [
      { name: "web", runner: "/store/x", autostart: true, restartIfChanged: true, shareSources: [], volumeImages: [] },
    ],
  }).check!;
  const start = check.indexOf(`${name}() {`);
  const end = check.indexOf("\n}\n", start);
  expect(start, `no ${name} in the activation program`).toBeGreaterThanOrEqual(0);
  return check.slice(start, end + 2);
}

/** Whether the activation may hand the folder `folder` of the VM `vm` over, given its lists in `state`. */
function mayHandOver(state: string, folder: string, vm: string): boolean {
  const script = `listed() { [ -f "$2" ] && grep -qxF -- "$1" "$2"; }\nstate=$1\nvm_group=nogroup\n${shellFunction("vm_may_hand_over")}\nvm_may_hand_over "$2" "$3"\n`;
  return spawnSync("dash", ["-c", script, "may", state, folder, vm]).status === 0;
}

/** Runs `vm_hand_over folder paths made` with dash. */
function handOver(folder: string, paths: string[], made: boolean): void {
  const script = `set -eu\nrun() { "$@"; }\nvm_user=nobody\nvm_group=nogroup\n${handOverFunction()}\nvm_hand_over "$1" "$2" "$3"\n`;
  const r = spawnSync("dash", ["-c", script, "hand-over", folder, paths.join("\n"), made ? "1" : "0"], {
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
}

/** The folder's owner, group and mode as `stat` shows them. */
function shape(path: string): string {
  const s = statSync(path);
  return `${s.uid}:${s.gid} ${(s.mode & 0o7777).toString(8)}`;
}

describe.skipIf(!root)("handing a VM's folder to the hypervisors", () => {
  it("a folder tsden made: root's, group-writable and sticky; what is at its top and on the declared paths is the user's, with its data", () => {
    const d = join(base, "made");
    mkdirSync(join(d, "disks"), { recursive: true });
    writeFileSync(join(d, "data.img"), "guest data");
    writeFileSync(join(d, "disks", "b.img"), "more data");
    writeFileSync(join(d, "disks", "undeclared.img"), "x");
    mkdirSync(join(d, "shared", "inner"), { recursive: true });
    writeFileSync(join(d, "shared", "inner", "file"), "share data");
    writeFileSync(join(d, "microvm.pid"), "1");
    symlinkSync("/store/runner", join(d, "current"));
    symlinkSync("/store/runner", join(d, "tap-booted"));
    handOver(d, ["data.img", "disks/b.img", "shared", "missing.img"], true);
    expect(shape(d)).toBe(`0:${NOBODY} 1775`);
    for (const p of ["data.img", "disks", "disks/b.img", "shared", "microvm.pid"])
      expect(lstatSync(join(d, p)).uid, p).toBe(NOBODY);
    // root's links stay root's; never the contents of a share, never what is deeper and not declared
    for (const p of ["current", "tap-booted", "disks/undeclared.img", "shared/inner", "shared/inner/file"])
      expect(lstatSync(join(d, p)).uid, p).toBe(0);
    expect(readFileSync(join(d, "data.img"), "utf8")).toBe("guest data");
    expect(readFileSync(join(d, "disks", "b.img"), "utf8")).toBe("more data");
  });

  it("never follows a link planted on a declared path", () => {
    const d = join(base, "links");
    const outside = join(base, "outside");
    mkdirSync(join(outside, "dir"), { recursive: true });
    writeFileSync(join(outside, "secret"), "host file");
    writeFileSync(join(outside, "dir", "b.img"), "host file");
    mkdirSync(d);
    symlinkSync(join(outside, "secret"), join(d, "data.img"));
    symlinkSync(join(outside, "dir"), join(d, "disks"));
    handOver(d, ["data.img", "disks/b.img"], true);
    expect(statSync(join(outside, "secret")).uid).toBe(0);
    expect(statSync(join(outside, "dir")).uid).toBe(0);
    expect(statSync(join(outside, "dir", "b.img")).uid).toBe(0);
    expect(shape(d)).toBe(`0:${NOBODY} 1775`);
  });

  it("a folder tsden did not make: only the folder itself", () => {
    const d = join(base, "theirs");
    mkdirSync(d);
    writeFileSync(join(d, "data.img"), "x");
    handOver(d, ["data.img"], false);
    expect(shape(d)).toBe(`0:${NOBODY} 1775`);
    expect(statSync(join(d, "data.img")).uid).toBe(0);
  });

  it("a folder tsden did not make, and not yet in that shape, is refused (the check stops the activation)", () => {
    const state = join(base, "state");
    mkdirSync(state);
    const foreign = join(base, "foreign");
    mkdirSync(foreign);
    expect(mayHandOver(state, foreign, "foreign")).toBe(false);
    writeFileSync(join(state, "microvm-dirs"), "foreign\n");
    expect(mayHandOver(state, foreign, "foreign")).toBe(true);
    const shaped = join(base, "shaped");
    mkdirSync(shaped);
    spawnSync("chown", ["root:nogroup", shaped]);
    spawnSync("chmod", ["1775", shaped]);
    expect(mayHandOver(state, shaped, "shaped")).toBe(true);
  });
});
