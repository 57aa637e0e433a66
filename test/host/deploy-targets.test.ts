import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { osModules } from "../../src/os/index.js";
import { deploy } from "../../src/host/deploy/deploy.js";
import { remoteCommand, sshArgs } from "../../src/host/deploy/ssh.js";
import { selectTargets } from "../../src/host/deploy/targets.js";
import { summaryTable } from "../../src/cli/commands/deploy.js";
import { Store } from "../../src/store/store.js";

const host = (name: string, deployment: Record<string, unknown> = {}) =>
  evalModules({ modules: [...osModules, { _file: `${name}.ts`, networking: { hostName: name }, deployment }] });

describe("deployment targets", () => {
  const configs = {
    web: host("web", { tags: ["front", "eu"], targetHost: "10.0.0.5", targetPort: 2222 }),
    db: host("db", { tags: ["back"] }),
    cache: host("cache", { tags: ["back", "eu"], targetUser: "deploy" }),
  };

  it("takes all hosts, the named ones, or those with any of the tags; the target host defaults to the name", () => {
    expect(selectTargets(configs, [], []).map((t) => t.name)).toEqual(["cache", "db", "web"]);
    expect(selectTargets(configs, ["web", "db"], []).map((t) => [t.name, t.host])).toEqual([
      ["web", "10.0.0.5"],
      ["db", "db"],
    ]);
    expect(selectTargets(configs, [], ["eu"]).map((t) => t.name)).toEqual(["cache", "web"]);
    expect(selectTargets(configs, ["db", "web"], ["back"]).map((t) => t.name)).toEqual(["db"]);
  });

  it("names unknown hosts and tags with what there is, and refuses building on the target", () => {
    expect(() => selectTargets(configs, ["wbe"], [])).toThrow(
      'there is no host "wbe" to deploy; the hosts are: cache, db, web',
    );
    expect(() => selectTargets(configs, [], ["us"])).toThrow("no host has the tag us; the tags are: back, eu, front");
    expect(() => selectTargets({ x: host("x", { buildOnTarget: true }) }, [], [])).toThrow(
      /deployment.buildOnTarget is true.*set deployment.buildOnTarget = false/,
    );
    expect(
      () => (host("y", { targetHost: "-oProxyCommand=x" }).config.deployment as { targetHost: unknown }).targetHost,
    ).toThrow(/targetHost/);
  });

  it("fails a host whose store root differs from the build's, before connecting, saying how to fix it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tsden-deploy-root-"));
    try {
      const [result] = await deploy(selectTargets(configs, ["db"], []), { store: new Store(join(dir, "store")) });
      expect(result!.status).toBe("failed");
      expect(result!.error).toContain(
        `its store is /var/lib/tsden/store (deployment.storeRoot) but this build uses ${join(dir, "store")}`,
      );
      expect(result!.error).toContain("TSDEN_STORE=/var/lib/tsden/store");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs remote programs as sh -c with every word quoted, through sudo -n for other users than root", () => {
    expect(sshArgs({ host: "h", user: "root", port: 2222 }, { configFile: "/c", options: ["A=b"] })).toEqual([
      "-F",
      "/c",
      "-o",
      "BatchMode=yes",
      "-o",
      "ConnectTimeout=10",
      "-o",
      "ServerAliveInterval=5",
      "-o",
      "ServerAliveCountMax=3",
      "-o",
      "A=b",
      "-p",
      "2222",
      "-l",
      "root",
      "-T",
      "--",
      "h",
    ]);
    expect(remoteCommand({ host: "h", user: "root", port: null }, 'echo "$1"', ["it's $(x)"])).toBe(
      `'sh' '-c' 'echo "$1"' 'sh' 'it'\\''s $(x)'`,
    );
    expect(remoteCommand({ host: "h", user: "deploy", port: null }, "true", [])).toBe("sudo -n 'sh' '-c' 'true' 'sh'");
  });

  it("summarises hosts in a table with the reasons of failures", () => {
    const table = summaryTable(
      [
        {
          name: "web",
          destination: "root@web",
          status: "changed",
          copiedPaths: 3,
          copiedBytes: 2048,
          copyMs: 1200,
          activateMs: 3400,
          totalMs: 5000,
          rolledBack: false,
        },
        {
          name: "db",
          destination: "root@db",
          status: "failed",
          error: "cannot reach root@db: No route to host",
          copiedPaths: 0,
          copiedBytes: 0,
          copyMs: 0,
          activateMs: 0,
          totalMs: 3000,
          rolledBack: false,
        },
      ],
      false,
    );
    expect(table).toBe(
      [
        "HOST  RESULT   COPIED            COPY   ACTIVATE  TIME",
        "web   changed  3 paths, 2.0 KiB  1.2 s  3.4 s     5.0 s",
        "db    failed   nothing           -      -         3.0 s",
        "db: cannot reach root@db: No route to host",
        "2 hosts: 1 changed, 0 unchanged, 1 failed",
        "",
      ].join("\n"),
    );
  });
});
