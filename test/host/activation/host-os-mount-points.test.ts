/**
 * A host file bound over from outside (as systemd-nspawn binds /etc/localtime unless
 * told `--timezone=off`) cannot be replaced by tsden's rename: switch refuses before it
 * changes anything, names the file and says how to fix it; once the binding is gone, the
 * same switch takes the setting. Under a real systemd (a systemd-nspawn container).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../../src/store/store.js";
import { boot, type Container, containersUnavailable } from "../../support/nspawn-container.js";
import { realiseHost } from "./switch-fixtures.js";

const unavailable = containersUnavailable();

const buildHost = (store: Store): Promise<string> =>
  realiseHost(store, {
    _file: "mount-points.test.ts",
    networking: { hostName: "zonehost" },
    time: { timeZone: "Europe/Berlin" },
  });

describe.skipIf(unavailable !== null)("declared files that are mount points", () => {
  const store = new Store();
  let c: Container;
  let out = "";

  beforeAll(async () => {
    out = await buildHost(store);
    c = await boot("tsden-mountpoint-test", { bindReadOnly: [store.root] });
  }, 900_000);
  afterAll(async () => {
    await c?.stop();
  });

  it("switch refuses before changing anything when /etc/localtime is bound over, and works once it is not", async () => {
    // (the tree's /etc/localtime is a link to a zone file it lacks: a file to bind over first)
    await c.sh(
      "printf 'the machine zone\\n' > /root/zone && rm -f /etc/localtime && : > /etc/localtime && mount --bind /root/zone /etc/localtime",
    );
    const hostname = await c.sh("cat /etc/hostname");

    const refused = await c.exec(`${out}/bin/switch-to-configuration switch`, { timeoutMs: 300_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/\/etc\/localtime is a mount point .*--timezone=off/);
    // nothing changed: the binding, the host name, no generation (only the lock's folders exist)
    expect(refused.stderr).toContain("nothing was changed");
    expect(await c.sh("cat /etc/localtime")).toBe("the machine zone\n");
    expect(await c.sh("cat /etc/hostname")).toBe(hostname);
    expect(await c.sh("ls -A /var/lib/tsden/profiles")).toBe("");

    await c.sh("umount /etc/localtime");
    const r = await c.exec(`${out}/bin/switch-to-configuration switch`, { timeoutMs: 300_000 });
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(await c.sh("readlink /etc/localtime")).toBe("/usr/share/zoneinfo/Europe/Berlin\n");
    expect(await c.sh("cat /etc/hostname")).toBe("zonehost\n");
  }, 600_000);
});
