/** `tsden eval` through the real binary (dist/cli/main.js, built by `pretest`). */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTsden, tsdenBin as bin } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const minimal = "examples/minimal";

/** Runs the binary from the repository root (or `cwd`); returns exit code and output. */
function tsden(args: string[], cwd = root) {
  return runTsden(args, { cwd });
}

/** What examples/minimal evaluates to: each host's configuration. */
const osConfigurations = {
  laptop: {
    config: {
      environment: { motd: "Welcome to lap." },
      networking: { firewall: { allowedTCPPorts: [22] }, hostName: "lap" },
    },
  },
  server: {
    config: {
      environment: { motd: "Welcome to server." },
      networking: { firewall: { allowedTCPPorts: [22, 80, 443] }, hostName: "server" },
    },
  },
};

describe("tsden eval", () => {
  it("prints the value at an output path as indented JSON", () => {
    const r = tsden(["eval", "osConfigurations", "--project", minimal]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(osConfigurations);
    expect(r.stdout).toBe(`${JSON.stringify(osConfigurations, null, 2)}\n`);
  });

  it("prints compact JSON with --json, and reads nested paths", () => {
    const ports = "osConfigurations.server.config.networking.firewall.allowedTCPPorts";
    expect(tsden(["eval", "--json", ports, "--project", minimal]).stdout).toBe("[22,80,443]\n");
    expect(tsden(["eval", '"osConfigurations".laptop.config.networking', "-p", minimal, "--json"]).stdout).toBe(
      '{"firewall":{"allowedTCPPorts":[22]},"hostName":"lap"}\n',
    );
  });

  it("uses the current folder when --project is not given", () => {
    const r = tsden(["eval", "osConfigurations.server.config.networking.hostName"], join(root, minimal));
    expect(r).toMatchObject({ code: 0, stdout: '"server"\n' });
  });

  it("reports an unknown option with its code, option and file; exit code 1", () => {
    const r = tsden(["eval", "services", "--project", "test/fixtures/unknown-option"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[UNKNOWN_OPTION]");
    expect(r.stderr).toContain("option:  services.web.prot");
    expect(r.stderr).toContain("modules/typo.ts");
    expect(r.stderr).toContain("Did you mean `services.web.port'?");
  });

  it("reports an unknown output with the names available there; exit code 1", () => {
    const r = tsden(["eval", "osConfigurations.servr.config", "--project", minimal]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error[UNKNOWN_OUTPUT]: The output `osConfigurations' has no attribute `servr'. Did you mean `osConfigurations.server'?",
    );
    expect(r.stderr).toContain("Available names: laptop, server");
  });

  it("reports a module file without a default export; exit code 1", () => {
    const r = tsden(["eval", "x", "--project", "test/fixtures/no-default"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[INVALID_PROJECT_MODULE]: `modules/helper.ts' has no default export.");
  });

  it("reports a module whose top-level await never settles, naming it; exit code 1", () => {
    const r = tsden(["eval", "x", "--project", "test/fixtures/never-loads"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error[MODULE_IMPORT_FAILED]: `modules/waits.ts' never finished loading: its top-level await",
    );
  });

  it.each([
    [["eval"], "missing the output path"],
    [["eval", "a", "b"], "expected one output path, got 2"],
    [["eval", "osConfigurations", "--bogus"], "Unknown option '--bogus'"],
    [["eval", "osConfigurations."], "Invalid output path"],
    [["eval", "osConfigurations", "--project", "test/fixtures/does-not-exist"], "PROJECT_NOT_FOUND"],
    [["frobnicate"], "unknown command 'frobnicate'"],
    [[], "Usage: tsden <command>"],
  ])("usage error %j: exit code 2", (args, message) => {
    const r = tsden(args);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(message);
  });

  it("answers --help and --version", () => {
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    expect(tsden(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = tsden(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("eval ");
    expect(help.stdout).toContain("Exit codes");
    expect(tsden(["eval", "--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("--project DIR") });
  });

  it("prints a whole configuration whose lazily defined parts fail: each such part in place, listed on stderr (eval and :p)", () => {
    const project = "test/cli/fixtures/lazy-part-error";
    const mismatch =
      "TYPE_MISMATCH: A definition for option `networking.nameservers.\"[definition 1-entry 1]\"' is not of type `IP address'.";
    const r = tsden(["eval", "osConfigurations", "-p", project]);
    expect(r.code, r.stderr).toBe(0);
    const networking = JSON.parse(r.stdout).server.config.networking;
    expect(networking.hostName).toBe("server");
    expect(networking.nameservers).toEqual([`«error ${mismatch}»`]);
    expect(r.stderr).toContain(`osConfigurations.server.config.networking.nameservers[0]: error ${mismatch}`);
    expect(r.stderr).toContain("1 part of the value failed when read and is shown in place");
    const repl = spawnSync(process.execPath, [bin, "repl", "-p", project], {
      cwd: root,
      input: ":p osConfigurations.server\n",
      encoding: "utf8",
    });
    expect(repl.stdout).toContain(JSON.stringify(`«error ${mismatch}»`));
    expect(repl.stdout).toContain("osConfigurations.server.config.networking.nameservers[0]: error TYPE_MISMATCH");
  });

  it("prints keys named __proto__ as data (indented, --json, :p) and reads paths through them", () => {
    const project = "test/cli/fixtures/proto-keys";
    const settings = tsden(["eval", "settings", "-p", project, "--json"]);
    expect(settings.stderr).toBe("");
    expect(settings.stdout).toBe('{"__proto__":{"polluted":true},"plain":1}\n');
    const raw = '{"__proto__":{"nested":{"__proto__":"deep"}},"other":2}';
    expect(tsden(["eval", "raw", "-p", project]).stdout).toBe(`${JSON.stringify(JSON.parse(raw), null, 2)}\n`);
    expect(tsden(["eval", "settings.__proto__.polluted", "-p", project]).stdout).toBe("true\n");
    expect(tsden(["eval", "raw.__proto__.nested", "-p", project, "--json"]).stdout).toBe('{"__proto__":"deep"}\n');
    const repl = spawnSync(process.execPath, [bin, "repl", "-p", project], {
      cwd: root,
      input: ":p raw\n",
      encoding: "utf8",
    });
    expect(repl.stdout).toContain(JSON.stringify(JSON.parse(raw), null, 2));
  });

  it("suggests the command meant for an unknown one", () => {
    const r = tsden(["evl", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'evl'");
    expect(r.stderr).toContain("Did you mean `tsden eval'?");
    expect(JSON.parse(tsden(["evl", "--json"]).stdout).error).toMatchObject({
      code: "USAGE",
      hint: "Did you mean `tsden eval'?",
    });
  });
});
