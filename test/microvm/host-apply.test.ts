/** The apply step on a temporary state folder: atomic `current` switch, removed VMs, volumes kept. */
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMicrovmHost, switchLink } from "../../src/microvm/apply.js";
import { HOST_MANIFEST, type HostManifest } from "../../src/microvm/host-package.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tsden-apply-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A runner folder with a microvm-shutdown that records that it ran (in its working folder). */
async function runner(name: string): Promise<string> {
  const dir = join(root, "store", name);
  await mkdir(join(dir, "bin"), { recursive: true });
  await writeFile(join(dir, "bin/microvm-run"), "#!/bin/sh\nexit 0\n");
  await writeFile(join(dir, "bin/microvm-shutdown"), "#!/bin/sh\necho stopped > shutdown-ran\n");
  await chmod(join(dir, "bin/microvm-run"), 0o755);
  await chmod(join(dir, "bin/microvm-shutdown"), 0o755);
  return dir;
}

/** A host output holding only the manifest (what apply reads). */
async function hostOutput(name: string, stateDir: string, vms: HostManifest["vms"]): Promise<string> {
  const out = join(root, "hosts", name);
  await mkdir(join(out, "share/microvm"), { recursive: true });
  await writeFile(join(out, HOST_MANIFEST), JSON.stringify({ version: 1, stateDir, vms } satisfies HostManifest));
  return out;
}

describe("applyMicrovmHost", () => {
  it("installs, updates, keeps, and removes VMs; never touches volume images", async () => {
    const state = join(root, "state");
    const [a1, a2, b1] = await Promise.all([runner("a1"), runner("a2"), runner("b1")]);
    const first = await hostOutput("h1", state, {
      a: { runner: a1, autostart: true, restartIfChanged: true },
      b: { runner: b1, autostart: true, restartIfChanged: false },
    });
    const r1 = await applyMicrovmHost(first);
    expect(r1).toMatchObject({ installed: ["a", "b"], updated: [], unchanged: [], removed: [] });
    expect(await readlink(join(state, "a/current"))).toBe(a1);

    // a is running a1 and has a volume with data; b is running too
    await symlink(a1, join(state, "a/booted"));
    await writeFile(join(state, "a/var.img"), "precious data");
    await symlink(b1, join(state, "b/booted"));
    await writeFile(join(state, "b/var.img"), "b's data");

    const second = await hostOutput("h2", state, { a: { runner: a2, autostart: true, restartIfChanged: true } });
    const r2 = await applyMicrovmHost(second);
    expect(r2.updated).toEqual(["a"]);
    expect(r2.restartNeeded).toEqual(["a"]);
    expect(await readlink(join(state, "a/current"))).toBe(a2);
    expect(await readlink(join(state, "a/booted"))).toBe(a1);
    expect(await readFile(join(state, "a/var.img"), "utf8")).toBe("precious data");
    // b was removed: its booted runner's microvm-shutdown ran in its folder, links gone, volume kept
    expect(r2.removed).toEqual([{ name: "b", stopped: true, kept: ["shutdown-ran", "var.img"] }]);
    expect(await readFile(join(state, "b/shutdown-ran"), "utf8")).toBe("stopped\n");
    expect(await readFile(join(state, "b/var.img"), "utf8")).toBe("b's data");
    expect(await lstat(join(state, "b/current")).catch(() => "gone")).toBe("gone");
    expect(await lstat(join(state, "b/booted")).catch(() => "gone")).toBe("gone");

    // applying again changes nothing
    const r3 = await applyMicrovmHost(second);
    expect(r3).toMatchObject({ installed: [], updated: [], unchanged: ["a"], removed: [] });
    expect(await readFile(join(state, "a/var.img"), "utf8")).toBe("precious data");
  });

  it("removes a removed VM's whole folder only when asked", async () => {
    const state = join(root, "state2");
    const c1 = await runner("c1");
    await applyMicrovmHost(await hostOutput("h3", state, { c: { runner: c1, autostart: false, restartIfChanged: false } }));
    await writeFile(join(state, "c/data.img"), "x");
    const empty = await hostOutput("h4", state, {});
    const r = await applyMicrovmHost(empty, { removeState: true });
    expect(r.removed).toEqual([{ name: "c", stopped: false, kept: [] }]);
    expect(await readdir(state)).toEqual([]);
  });

  it("leaves folders that are not VMs alone, and refuses a `current` that is not a link", async () => {
    const state = join(root, "state3");
    await mkdir(join(state, "not-a-vm"), { recursive: true });
    await writeFile(join(state, "not-a-vm/file"), "x");
    const d1 = await runner("d1");
    await mkdir(join(state, "d"), { recursive: true });
    await writeFile(join(state, "d/current"), "a regular file");
    await expect(applyMicrovmHost(await hostOutput("h5", state, { d: { runner: d1, autostart: true, restartIfChanged: false } }))).rejects.toThrow(
      /is not a symlink/,
    );
    expect(await readFile(join(state, "not-a-vm/file"), "utf8")).toBe("x");
  });

  it("switches a link in one rename (no moment without it)", async () => {
    const link = join(root, "switch");
    await switchLink(link, "/one");
    let missing = 0;
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        if ((await lstat(link).catch(() => undefined)) === undefined) missing++;
      }
    })();
    for (let i = 0; i < 200; i++) await switchLink(link, i % 2 === 0 ? "/two" : "/one");
    stop = true;
    await watcher;
    expect(missing).toBe(0);
    expect(await readlink(link)).toBe("/one");
  });

  it("refuses a folder that is not a host output", async () => {
    await expect(applyMicrovmHost(root)).rejects.toThrow(/not a microVM host output/);
  });
});
