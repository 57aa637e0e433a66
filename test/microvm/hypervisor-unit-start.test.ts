/**
 * microvm@ under a real systemd (a systemd-nspawn container): the wait for the guest's
 * boot report (its ExecStartPost) runs as the hypervisor user and checks that the
 * hypervisor still runs. It must never take the main process for exited while systemd
 * is still setting up its sandbox (then the process is root's and the wait cannot
 * signal it): a start that did so failed at once, without a line from the hypervisor.
 * The rendered unit runs a stand-in runner that reports the boot after a moment; the
 * machine is kept busy so that systemd's setup is slow, and every start must succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHostUnits } from "../../src/microvm/render/host-units.js";
import { HYPERVISOR_GROUP, HYPERVISOR_USER } from "../../src/microvm/render/unit-sandbox.js";
import { boot, containersUnavailable, type Container } from "../support/nspawn-container.js";

const unavailable = containersUnavailable();
const STARTS = 60;

/** Shell that writes `text` to `path` (a quoted here-document). */
const writeFile = (path: string, text: string) =>
  `mkdir -p "$(dirname '${path}')" && cat > '${path}' <<'UNIT_EOF'\n${text}\nUNIT_EOF\n`;

describe.skipIf(unavailable !== null)("microvm@ started under a busy systemd", () => {
  let c: Container;

  beforeAll(async () => {
    c = await boot("tsden-hypervisor-start");
    const units = renderHostUnits({
      stateDir: "/var/lib/microvms",
      startupTimeout: 60,
      vms: [{ name: "t", runner: "/opt/runner-t", autostart: false, restartIfChanged: false }],
    });
    let script = "";
    for (const [name, text] of Object.entries(units)) script += writeFile(`/etc/systemd/system/${name}`, text);
    // the stand-in runner: reports the boot after a moment, then runs until stopped
    script += writeFile("/opt/runner-t/share/microvm/ready-file", "/var/lib/microvms/t/microvm-ready");
    script += writeFile(
      "/opt/runner-t/bin/microvm-run",
      "#!/bin/sh\nsleep 0.3\necho READY > /var/lib/microvms/t/microvm-ready\nexec sleep 600",
    );
    script += "chmod 755 /opt/runner-t/bin/microvm-run\n";
    script += `getent group ${HYPERVISOR_GROUP} >/dev/null || groupadd -r ${HYPERVISOR_GROUP}\n`;
    script += `id ${HYPERVISOR_USER} >/dev/null 2>&1 || useradd -r -g ${HYPERVISOR_GROUP} ${HYPERVISOR_USER}\n`;
    script += `mkdir -p /var/lib/microvms/t && chown root:${HYPERVISOR_GROUP} /var/lib/microvms/t && chmod 1775 /var/lib/microvms/t\n`;
    script += "ln -sfnT /opt/runner-t /var/lib/microvms/t/current\nsystemctl daemon-reload\n";
    const r = await c.exec(script);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // three busy loops on two cores: systemd's setup of each process is slow
    await c.sh("for i in 1 2 3; do nohup sh -c 'while :; do :; done' >/dev/null 2>&1 & done; true");
  }, 900_000);
  afterAll(async () => {
    await c?.stop();
  });

  it(`every one of ${STARTS} starts waits for the report and succeeds`, async () => {
    const failed: string[] = [];
    for (let i = 0; i < STARTS; i++) {
      const r = await c.exec("systemctl start microvm@t.service");
      if (r.code !== 0) {
        const journal = await c.exec("journalctl --sync; journalctl -u microvm@t.service -n 6 --no-pager -o cat");
        failed.push(`start ${i + 1}: ${r.stderr.trim()}\n${journal.stdout}`);
      }
      await c.exec("systemctl stop microvm@t.service; systemctl reset-failed microvm@t.service");
    }
    expect(failed).toEqual([]);
  }, 900_000);
});
