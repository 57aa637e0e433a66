/**
 * Deploying to real hosts: systemd-nspawn containers running sshd on a private network
 * this test makes (veth pairs, host keys and a client key it generates; see
 * test/support/ssh-fleet.ts), reached with the system's OpenSSH client through
 * `--ssh-config`. The containers are shared by the tests below, which run in order.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyPaths, probeTarget } from "../../src/host/deploy/copy.js";
import { Store } from "../../src/store/store.js";
import { containersUnavailable } from "../support/nspawn-container.js";
import { sshFleet, type SshFleet } from "../support/ssh-fleet.js";

const exec = promisify(execFile);
const unavailable = containersUnavailable();
const bin = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

/** One host's `os` settings in the test project (plain data). */
type HostSettings = Record<string, unknown>;

/** Writes a project whose hosts have `settings` (each also gets the microVM host module, so it has a host output). */
async function writeProject(
  dir: string,
  hosts: Record<
    string,
    { address: string; tags?: string[]; settings?: HostSettings; confirmTimeout?: number; packages?: string[] }
  >,
  storeRoot: string,
): Promise<void> {
  await mkdir(join(dir, "modules"), { recursive: true });
  const aspects = Object.fromEntries(
    Object.entries(hosts).map(([name, h]) => [
      name,
      {
        deployment: { targetHost: h.address, tags: h.tags ?? [], storeRoot, confirmTimeout: h.confirmTimeout ?? 20 },
        ...(h.settings ?? {}),
      },
    ]),
  );
  const packages = Object.fromEntries(Object.entries(hosts).map(([name, h]) => [name, h.packages ?? []]));
  await writeFile(
    join(dir, "modules", "hosts.ts"),
    `import { microvmHostModule, osClassModule, type Pkgs } from "tsden";
const aspects: Record<string, Record<string, unknown>> = ${JSON.stringify(aspects, null, 2)};
const packages: Record<string, string[]> = ${JSON.stringify(packages)};
const systemPackages = (n: string) => ({ pkgs }: { pkgs: Pkgs }) => ({ environment: { systemPackages: packages[n]!.map((p) => pkgs[p]) } });
export default {
  imports: [osClassModule],
  den: {
    hosts: { "x86_64-linux": Object.fromEntries(Object.keys(aspects).map((n) => [n, {}])) },
    aspects: Object.fromEntries(Object.entries(aspects).map(([n, os]) => [n, { os: { imports: [microvmHostModule, systemPackages(n)], ...os } }])),
  },
};
`,
  );
}

interface DeployRow {
  name: string;
  status: string;
  error?: string;
  outPath?: string;
  copiedPaths: number;
  rolledBack: boolean | string;
  gc?: { removedPaths: number; freedBytes: number };
}

describe.skipIf(unavailable !== null)("tsden deploy to containers over SSH", () => {
  let fleet: SshFleet;
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join("/var/tmp", "tsden-deploy-test-"));
    store = new Store(join(dir, "store"));
    fleet = await sshFleet("tsden-deploy", 2, 10);
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    await exec("chmod", ["-R", "u+w", dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("copies only the store paths of a closure that the target lacks, dependencies with their reference records", async () => {
    const text = (name: string, body: string) =>
      store.realise({ name, builder: "test.text/1", inputs: { body }, build: (out) => writeFile(out, body) });
    const lib = await text("lib", "shared\n");
    const one = await store.realise({
      name: "one",
      builder: "test.tree/1",
      inputs: { lib },
      build: async (out) => {
        await mkdir(join(out, "bin"), { recursive: true });
        await writeFile(join(out, "bin", "hello"), `#!/bin/sh\ncat ${lib}\n`, { mode: 0o755 });
      },
    });
    const two = await text("two", `also uses ${lib}\n`);
    const target = { host: fleet.hosts[0]!.address, user: "root", port: null };
    const ssh = { configFile: fleet.sshConfig };
    const first = await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", one);
    expect(first).toEqual({ current: "", missing: [basename(lib), basename(one)] });
    await copyPaths(target, ssh, store.root, first.missing);
    const c = fleet.hosts[0]!.container;
    expect(await c.sh(`${one}/bin/hello`)).toBe("shared\n");
    expect(await c.sh(`cat ${store.root}/.refs/${basename(one)}`)).toBe(`${basename(lib)}\n`);
    expect((await c.sh(`stat -c %a ${one}/bin/hello ${one}`)).split("\n").slice(0, 2)).toEqual(["555", "555"]);
    expect(await c.sh(`ls -A ${store.root}`)).toBe(`.refs\n${[basename(lib), basename(one)].sort().join("\n")}\n`);
    // the shared dependency does not travel again
    expect((await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", two)).missing).toEqual([
      basename(two),
    ]);
    expect((await probeTarget(target, ssh, store.root, "/var/lib/tsden/profiles", one)).missing).toEqual([]);
  });

  describe("tsden deploy", () => {
    let project: string;
    const hosts = () => ({ alpha: fleet.hosts[0]!, beta: fleet.hosts[1]! });
    const current = async (c: { sh(cmd: string): Promise<string> }) =>
      (await c.sh("readlink -f /var/lib/tsden/profiles/system || true")).trim();
    const run = (...args: string[]) => {
      const r = spawnSync(
        process.execPath,
        [bin, "deploy", "--ssh-config", fleet.sshConfig, "-p", project, "--json", ...args],
        {
          encoding: "utf8",
          env: { ...process.env, TSDEN_STORE: store.root },
          timeout: 600_000,
        },
      );
      const rows = r.stdout.trim() === "" ? [] : (JSON.parse(r.stdout) as DeployRow[]);
      return { status: r.status, rows: Object.fromEntries(rows.map((row) => [row.name, row])), stderr: r.stderr };
    };
    const alphaFull: HostSettings = {
      users: { users: { alice: { isNormalUser: true, createHome: true, home: "/home/alice" } }, groups: { ops: {} } },
      systemd: {
        services: {
          hello: { wantedBy: ["multi-user.target"], script: "echo started > /run/hello; exec sleep infinity" },
        },
      },
      environment: { etc: { "tsden-motd": { text: "deployed by tsden\n" } } },
    };
    beforeAll(async () => {
      project = join(dir, "project");
    });

    it("deploys two hosts in parallel with their users, services and /etc files; an unreachable host fails alone", async () => {
      const { alpha, beta } = hosts();
      await writeProject(
        project,
        {
          alpha: { address: alpha.address, settings: alphaFull },
          beta: { address: beta.address },
          gamma: { address: fleet.deadAddress },
        },
        store.root,
      );
      const r = run("--parallel", "3");
      expect(r.status, r.stderr).toBe(1);
      expect(r.rows.alpha!.status).toBe("changed");
      expect(r.rows.beta!.status).toBe("changed");
      expect(r.rows.gamma!.status).toBe("failed");
      expect(r.rows.gamma!.error).toMatch(
        new RegExp(`cannot reach root@${fleet.deadAddress.replace(/\./g, "\\.")}: .*(No route to host|timed out)`),
      );
      expect(await current(alpha.container)).toBe(r.rows.alpha!.outPath);
      expect(await current(beta.container)).toBe(r.rows.beta!.outPath);
      const a = alpha.container;
      expect(await a.sh("getent passwd alice | cut -d: -f6,7")).toBe("/home/alice:/bin/sh\n");
      expect(await a.sh("stat -c %U /home/alice")).toBe("alice\n");
      expect(await a.sh("getent group ops >/dev/null && echo yes")).toBe("yes\n");
      expect(await a.sh("systemctl is-active hello.service; systemctl is-enabled hello.service; cat /run/hello")).toBe(
        "active\nenabled\nstarted\n",
      );
      expect(await a.sh("cat /etc/tsden-motd")).toBe("deployed by tsden\n");
    });

    it("deploys again: the unchanged host copies and restarts nothing, the changed one gets a new generation", async () => {
      const { alpha, beta } = hosts();
      const before = (await alpha.container.sh("systemctl show -p ActiveEnterTimestampMonotonic hello.service")).trim();
      await writeProject(
        project,
        {
          alpha: { address: alpha.address, settings: alphaFull },
          beta: { address: beta.address, settings: { environment: { etc: { "beta-note": { text: "two\n" } } } } },
        },
        store.root,
      );
      const betaBefore = await current(beta.container);
      const dry = run("--dry-run", "alpha", "beta");
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.rows.alpha).toMatchObject({ status: "unchanged", copiedPaths: 0 });
      expect(dry.rows.beta).toMatchObject({ status: "changed", copiedPaths: 1 });
      expect(await current(beta.container)).toBe(betaBefore);
      expect((await beta.container.exec(`test -e ${dry.rows.beta!.outPath}`)).code).not.toBe(0);
      const r = run("alpha", "beta");
      expect(r.status, r.stderr).toBe(0);
      expect(r.rows.alpha).toMatchObject({ status: "unchanged", copiedPaths: 0 });
      expect(r.rows.beta!.status).toBe("changed");
      expect(r.rows.beta!.copiedPaths).toBeGreaterThan(0);
      expect((await alpha.container.sh("systemctl show -p ActiveEnterTimestampMonotonic hello.service")).trim()).toBe(
        before,
      );
      expect(await beta.container.sh("readlink /var/lib/tsden/profiles/system; cat /etc/beta-note")).toBe(
        "system-2-link\ntwo\n",
      );
      // confirmed: no rollback pending
      expect((await beta.container.exec("systemctl is-active tsden-deploy-rollback.timer")).stdout.trim()).not.toBe(
        "active",
      );
    });

    it("returns a host whose activation fails to its previous generation; the other keeps its new one", async () => {
      const { alpha, beta } = hosts();
      const alphaBefore = await current(alpha.container);
      const failing: HostSettings = {
        ...alphaFull,
        systemd: {
          services: {
            ...(alphaFull.systemd as { services: object }).services,
            broken: {
              wantedBy: ["multi-user.target"],
              serviceConfig: { Type: "oneshot" },
              script: "echo broken >&2; exit 3",
            },
          },
        },
      };
      await writeProject(
        project,
        {
          alpha: { address: alpha.address, settings: failing },
          beta: { address: beta.address, settings: { environment: { etc: { "beta-note": { text: "three\n" } } } } },
        },
        store.root,
      );
      const r = run("alpha", "beta");
      expect(r.status, r.stderr).toBe(1);
      expect(r.rows.alpha).toMatchObject({ status: "failed", rolledBack: true });
      expect(r.rows.alpha!.error).toMatch(/broken.*returned to system-1-link/s);
      expect(await current(alpha.container)).toBe(alphaBefore);
      expect((await alpha.container.exec("test -e /etc/systemd/system/broken.service")).code).not.toBe(0);
      expect(await alpha.container.sh("systemctl is-active hello.service")).toBe("active\n");
      expect(r.rows.beta!.status).toBe("changed");
      expect(await current(beta.container)).toBe(r.rows.beta!.outPath);
    });

    it("removes the users, services and /etc files dropped from the configuration, keeping the home", async () => {
      const { alpha } = hosts();
      await alpha.container.sh("echo precious > /home/alice/notes");
      await writeProject(project, { alpha: { address: alpha.address } }, store.root);
      const r = run("alpha");
      expect(r.status, r.stderr).toBe(0);
      const a = alpha.container;
      expect((await a.exec("getent passwd alice")).code).not.toBe(0);
      expect((await a.exec("getent group ops")).code).not.toBe(0);
      expect(await a.sh("cat /home/alice/notes")).toBe("precious\n");
      expect((await a.exec("systemctl is-active hello.service")).stdout.trim()).not.toBe("active");
      expect((await a.exec("test -e /etc/systemd/system/hello.service || test -e /etc/tsden-motd")).code).not.toBe(0);
    });

    it("returns a host whose confirmation never comes to its previous generation by itself", async () => {
      const { beta } = hosts();
      const before = await current(beta.container);
      await writeProject(
        project,
        {
          beta: {
            address: beta.address,
            confirmTimeout: 4,
            settings: { environment: { etc: { "beta-note": { text: "four\n" } } } },
          },
        },
        store.root,
      );
      const r = run("--no-confirm", "beta");
      expect(r.status, r.stderr).toBe(0);
      expect(r.rows.beta).toMatchObject({ status: "changed", rolledBack: "pending" });
      expect(await current(beta.container)).toBe(r.rows.beta!.outPath);
      // the target's own timer switches back (its unit finishes when the old generation is active again)
      let state = "";
      for (let i = 0; i < 60 && state !== `${before} three inactive`; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        state = `${await current(beta.container)} ${(await beta.container.sh("cat /etc/beta-note")).trim()} ${(await beta.container.exec("systemctl is-active tsden-deploy-rollback.service")).stdout.trim()}`;
      }
      expect(state).toBe(`${before} three inactive`);
      expect(await beta.container.journal("tsden-deploy-rollback.service")).toContain(
        "tsden: returning to system-3-link",
      );
    });

    it("applies the host name, environment.systemPackages (on a login shell's PATH) and, opted in, systemd-networkd's configuration; removing them removes them", async () => {
      const { alpha } = hosts();
      const a = alpha.container;
      const originalName = (await a.sh("cat /etc/hostname")).trim();
      const extra = alpha.address.replace(/\.2$/, ".9");
      await writeProject(
        project,
        {
          alpha: {
            address: alpha.address,
            packages: ["hello"],
            settings: {
              networking: {
                hostName: "alpha-host",
                useNetworkd: true,
                interfaces: {
                  host0: {
                    ipv4: {
                      addresses: [
                        { address: alpha.address, prefixLength: 24 },
                        { address: extra, prefixLength: 24 },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
        store.root,
      );
      const r = run("alpha");
      expect(r.status, r.stderr).toBe(0);
      expect(r.rows.alpha!.status).toBe("changed");
      expect(await a.sh("bash -lc 'command -v hello; hello'")).toBe(
        "/var/lib/tsden/profiles/system/sw/usr/bin/hello\nHello, world!\n",
      );
      expect(await a.sh("cat /etc/hostname /proc/sys/kernel/hostname")).toBe("alpha-host\nalpha-host\n");
      expect(
        await a.sh("systemctl is-active systemd-networkd.service; systemctl is-enabled systemd-networkd.service"),
      ).toBe("active\nenabled\n");
      let addresses = "";
      for (let i = 0; i < 30 && !addresses.includes(`${extra}/24`); i++) {
        addresses = await a.sh("ip -4 -o addr show dev host0");
        if (!addresses.includes(`${extra}/24`)) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(addresses).toContain(`${extra}/24`);
      // dropped: the profile leaves PATH, the host's own name comes back, the .network file goes
      await writeProject(project, { alpha: { address: alpha.address } }, store.root);
      const back = run("alpha");
      expect(back.status, back.stderr).toBe(0);
      expect((await a.exec("bash -lc 'command -v hello'")).code).not.toBe(0);
      expect(
        (await a.exec("test -e /etc/profile.d/tsden.sh || test -e /etc/systemd/network/10-host0.network")).code,
      ).not.toBe(0);
      expect(await a.sh("cat /etc/hostname /proc/sys/kernel/hostname")).toBe(`${originalName}\n${originalName}\n`);
      // tsden started systemd-networkd, so it stops it (the addresses stay until the next boot)
      expect((await a.exec("systemctl is-active systemd-networkd.service")).stdout).toBe("inactive\n");
    });

    it("collects garbage on a target: what no generation holds goes, every generation keeps its closure", async () => {
      const { alpha } = hosts();
      const a = alpha.container;
      const gc = (...args: string[]) =>
        spawnSync(process.execPath, [bin, "gc", "--ssh-config", fleet.sshConfig, "-p", project, "--json", ...args], {
          encoding: "utf8",
          timeout: 600_000,
        });
      // the paths the first test copied to alpha belong to no generation
      const loose = (await a.sh(`ls ${store.root} | grep -E -- '-(lib|one)$'`)).trim().split("\n");
      expect(loose).toHaveLength(2);
      const dry = gc("--dry-run", "alpha");
      expect(dry.status, dry.stderr).toBe(0);
      const [report] = JSON.parse(dry.stdout) as {
        name: string;
        report: { removed: { path: string; bytes: number }[] };
      }[];
      expect(report!.report.removed.map((r) => basename(r.path)).sort()).toEqual(loose.sort());
      expect((await a.sh(`ls ${store.root} | grep -cE -- '-(lib|one)$'`)).trim()).toBe("2");
      const r = run("--gc", "alpha");
      expect(r.status, r.stderr).toBe(0);
      expect(r.rows.alpha).toMatchObject({ status: "unchanged", gc: { removedPaths: 2 } });
      expect((await a.exec(`ls ${store.root} | grep -E -- '-(lib|one)$'`)).stdout).toBe("");
      // every generation is whole: its activation program, and the profile of the one with hello
      const generations = (await a.sh("ls /var/lib/tsden/profiles | grep -c -- '-link$'")).trim();
      expect(Number(generations)).toBeGreaterThanOrEqual(4);
      expect(
        await a.sh(
          'for l in /var/lib/tsden/profiles/system-*-link; do test -x "$l/bin/switch-to-configuration" || echo "$l is broken"; done; for l in /var/lib/tsden/profiles/system-*-link; do if [ -e "$l/sw" ]; then "$l/sw/usr/bin/hello"; fi; done',
        ),
      ).toBe("Hello, world!\n");
      // and a second collection finds nothing more
      const again = gc("alpha");
      expect(again.status, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { report: { removed: unknown[] } }[])[0]!.report.removed).toEqual([]);
    });
  });
});
