/**
 * The units tsden installs on a host are sandboxed: `systemd-analyze security
 * --offline=true` rates every one of them at most 4.0, for a plain VM and for a VM
 * whose drop-ins open writable paths outside its folder (a share under /srv, a volume
 * under /home). systemd parses every setting (no warnings), and the scores match the
 * table in docs/host-security.md (on the systemd version the table was measured with).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHostUnits, type HostUnitsSpec } from "../../src/microvm/render/host-units.js";

const THRESHOLD = 4.0;
const version = /systemd (\d+)/.exec(
  spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" }).stdout ?? "",
)?.[1];

const spec: HostUnitsSpec = {
  stateDir: "/var/lib/microvms",
  startupTimeout: 150,
  vms: [
    { name: "plain", runner: "/var/lib/tsden/store/aaaa-microvm-qemu-plain", autostart: true, restartIfChanged: true },
    {
      name: "shared",
      runner: "/var/lib/tsden/store/bbbb-microvm-qemu-shared",
      autostart: true,
      restartIfChanged: true,
      writablePaths: ["/srv/shared data", "/home/alice/vm/disks"],
    },
  ],
};

/** The services a host with `spec` has (instances of the templates, one install unit per VM). */
const services = (vm: string) => [
  `install-microvm-${vm}.service`,
  `microvm@${vm}.service`,
  `microvm-tap-interfaces@${vm}.service`,
  `microvm-virtiofsd@${vm}.service`,
];

/** `systemd-analyze security --offline=true` of `unit` under `root`: its exposure and what systemd said on stderr. */
function analyze(root: string, unit: string): { score: number; stderr: string } {
  const r = spawnSync("systemd-analyze", ["security", "--offline=true", `--root=${root}`, "--no-pager", unit], {
    encoding: "utf8",
  });
  const m = /Overall exposure level for \S+: (\d+\.\d+)/.exec(r.stdout ?? "");
  if (m === null) throw new Error(`systemd-analyze gave no exposure level for ${unit}:\n${r.stdout}${r.stderr}`);
  return { score: Number(m[1]), stderr: r.stderr ?? "" };
}

describe.skipIf(version === undefined)("the host's units under systemd-analyze security", () => {
  let root: string;
  const scores: Record<string, number> = {};

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "tsden-unit-security-"));
    for (const [file, text] of Object.entries(renderHostUnits(spec))) {
      const path = join(root, "etc/systemd/system", file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const vm of ["plain", "shared"]) {
    it.each(services(vm))(`%s is rated at most ${THRESHOLD} and parses without warnings`, (unit) => {
      const { score, stderr } = analyze(root, unit);
      scores[unit] = score;
      expect(stderr.trim(), stderr).toBe("");
      expect(score, `${unit}: exposure ${score}`).toBeLessThanOrEqual(THRESHOLD);
    });
  }

  it.runIf(version === "252")("docs/host-security.md reports the scores measured here (systemd 252)", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../docs/host-security.md"), "utf8");
    for (const unit of services("plain")) {
      const template = unit.replace("@plain.", "@.").replace("-plain.", "-<name>.");
      const row = new RegExp(
        `^\\| \`${template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\` \\| (\\d+\\.\\d+) `,
        "m",
      ).exec(doc);
      expect(row, `no row for ${template} in docs/host-security.md`).not.toBeNull();
      expect(Number(row![1]), template).toBe(analyze(root, unit).score);
    }
  });
});
