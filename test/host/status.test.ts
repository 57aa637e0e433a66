/**
 * `tsden status`'s reading program on this machine, against a host's folders made by
 * the test (profiles with generation links, an output with its microVM manifest and
 * `vms/` links, VM folders with links, volumes and runtime files). No systemd is needed:
 * a unit systemd cannot show is "unknown".
 */
import { lutimes, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostStatus, parseStatus } from "../../src/host/status.js";

describe("host status (the reading program, run on this machine)", () => {
  let dir: string;
  const paths = () => ({ profilesDir: join(dir, "profiles"), activationStateDir: join(dir, "state") });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tsden-status-"));
    const vmsDir = join(dir, "vms with space");
    const out = (n: number) => join(dir, "store", `out-${n}`);
    for (const n of [1, 2]) {
      await mkdir(join(out(n), "share", "microvm"), { recursive: true });
      await mkdir(join(out(n), "vms"), { recursive: true });
      const vms = n === 1 ? { old: "/runner/old" } : { alpha: "/runner/alpha-2", beta: "/runner/beta" };
      const manifest = {
        version: 1,
        stateDir: vmsDir,
        vms: Object.fromEntries(
          Object.entries(vms).map(([k, runner]) => [k, { runner, autostart: k !== "beta", restartIfChanged: true }]),
        ),
      };
      await writeFile(join(out(n), "share", "microvm", "host.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      for (const [k, runner] of Object.entries(vms)) await symlink(runner, join(out(n), "vms", k));
    }
    await mkdir(join(dir, "profiles"));
    await symlink(out(1), join(dir, "profiles", "system-1-link"));
    await symlink(out(2), join(dir, "profiles", "system-2-link"));
    await symlink("system-2-link", join(dir, "profiles", "system"));
    await lutimes(join(dir, "profiles", "system-1-link"), 1_700_000_000, 1_700_000_000);
    await mkdir(join(dir, "state"));
    // old: managed by an earlier activation, no longer declared
    await writeFile(join(dir, "state", "microvms"), "alpha\nbeta\nold\n");
    await mkdir(join(vmsDir, "alpha"), { recursive: true });
    await symlink("/runner/alpha-2", join(vmsDir, "alpha", "current"));
    await symlink("/runner/alpha-1", join(vmsDir, "alpha", "booted"));
    await writeFile(join(vmsDir, "alpha", "data.img"), Buffer.alloc(8192, 1));
    await writeFile(join(vmsDir, "alpha", "microvm.pid"), "123\n");
    await mkdir(join(vmsDir, "old"), { recursive: true });
    await writeFile(join(vmsDir, "old", "var.img"), "");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports each VM (declared or only managed), its links and files, and the generations", async () => {
    const s = await hostStatus(paths());
    expect(s.output).toBe(join(dir, "store", "out-2"));
    expect(s.stateDir).toBe(join(dir, "vms with space"));
    expect(s.vms.map((v) => [v.name, v.declared, v.autostart])).toEqual([
      ["alpha", true, true],
      ["beta", true, false],
      ["old", false, null],
    ]);
    const alpha = s.vms[0]!;
    expect(alpha.current).toBe("/runner/alpha-2");
    expect(alpha.booted).toBe("/runner/alpha-1");
    // it runs an older runner than the declared one
    expect(alpha.upToDate).toBe(false);
    // the runtime files are not volumes
    expect(alpha.files.map((f) => [f.name, f.size])).toEqual([["data.img", 8192]]);
    expect(alpha.files[0]!.allocated).toBeGreaterThan(0);
    expect(s.vms[1]!.upToDate).toBeNull();
    expect(s.vms[2]!.files.map((f) => f.name)).toEqual(["var.img"]);
    expect(s.generations.map((g) => [g.number, g.path, g.current])).toEqual([
      [1, join(dir, "store", "out-1"), false],
      [2, join(dir, "store", "out-2"), true],
    ]);
    expect(s.generations[0]!.time.getTime()).toBe(1_700_000_000_000);
  });

  it("a host without generations: no output, no VMs", async () => {
    const s = await hostStatus({ profilesDir: join(dir, "nothing"), activationStateDir: join(dir, "nothing") });
    expect(s).toEqual({ output: null, stateDir: "/var/lib/microvms", vms: [], generations: [] });
  });

  it("refuses a reading whose state folder the program could not follow", () => {
    const text = [
      "output\t/out",
      'manifest\t{"version":1,"stateDir":"/odd\\"dir","vms":{}}',
      "statedir\t/var/lib/microvms",
    ];
    expect(() => parseStatus(text.join("\n"), "/p")).toThrow(/holds a quote or a backslash/);
  });
});
