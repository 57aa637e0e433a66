/** What init does for a system profile and a store overlay (pure: the rendered script). */
import { describe, expect, it } from "vitest";
import { PROFILE_PATH, renderInit } from "../../src/os/builders/init-script.js";
import type { InitSpec } from "../../src/os/builders/init-spec.js";

const base: InitSpec = {
  hostName: "g",
  kernelModules: [],
  mounts: [],
  interfaces: [],
  commands: ["cowsay hi"],
  poweroffAfterCommands: true,
};

describe("init with a system profile", () => {
  it("copies the profile into / after the mounts and before the commands, then sets PATH (with /usr/games)", () => {
    const sw = "/store/abc-system-path-g";
    const init = renderInit(
      { ...base, systemPath: sw, mounts: [{ fsType: "9p", source: "ro-store", mountPoint: "/store" }] },
      { modules: [] },
    );
    const lines = init.split("\n");
    const mount = lines.findIndex((l) => l.startsWith("mount -t '9p'"));
    const copy = lines.indexOf(`cp -af '${sw}/.' / || fail 'copying the system profile into /'`);
    const command = lines.findIndex((l) => l.startsWith("run_command 1"));
    expect(mount).toBeGreaterThan(0);
    expect(copy).toBeGreaterThan(mount);
    expect(command).toBeGreaterThan(copy);
    expect(lines).toContain(`[ -d '${sw}' ] || fail 'no system profile at ${sw}: is the store mounted in the guest?'`);
    expect(lines).toContain(`export PATH='${PROFILE_PATH}'`);
    expect(PROFILE_PATH.split(":")).toContain("/usr/games");
  });

  it("leaves the script as before without a profile", () => {
    expect(renderInit(base, { modules: [] })).not.toContain("system profile");
  });

  it("rejects a profile path that is not clean and absolute", () => {
    expect(() => renderInit({ ...base, systemPath: "store/../x" }, { modules: [] })).toThrow(/systemPath/);
  });

  it("creates an overlay's upper and work directories before mounting it", () => {
    const overlay = {
      fsType: "overlay",
      source: "overlay",
      mountPoint: "/store",
      options: ["lowerdir=/.ro-store", "upperdir=/.rw-store/store", "workdir=/.rw-store/work"],
    };
    const lines = renderInit({ ...base, mounts: [overlay] }, { modules: [] }).split("\n");
    const upper = lines.indexOf("mkdir -p '/.rw-store/store'");
    const work = lines.indexOf("mkdir -p '/.rw-store/work'");
    const mount = lines.findIndex((l) => l.startsWith("mount -t 'overlay'"));
    expect(upper).toBeGreaterThan(0);
    expect(work).toBeGreaterThan(0);
    expect(mount).toBeGreaterThan(Math.max(upper, work));
  });
});
