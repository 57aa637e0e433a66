/** `tsden explain` through the real binary (dist/cli/main.js, built by `pretest`). */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const minimal = "examples/minimal";
const fixture = "test/fixtures/explain-priorities";

function tsden(args: string[], cwd = root) {
  return runTsden(args, { cwd });
}

/** The explanation as data (`--json`). */
function explain(path: string, project: string) {
  const r = tsden(["explain", path, "--json", "-p", project]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    option: string;
    type: string;
    declarations: { file: string; line?: number }[];
    value: { ok: boolean; value?: unknown };
    highestPrio: number;
    definitions: {
      file: string;
      line?: number;
      status: string;
      reason: string;
      priority: number;
      value: unknown;
      isDefault: boolean;
      moduleFile?: string;
      definedAt?: string;
      origin?: { aspect: string; class?: string; stage?: string };
    }[];
    elements?: { value: unknown; file: string; line?: number }[];
  };
}

describe("tsden explain", () => {
  it("shows each definition with file, line, priority and why it won or lost", () => {
    const x = explain("config.services.web.port", fixture);
    expect(x.option).toBe("services.web.port");
    expect(x.value).toEqual({ ok: true, value: 8080 });
    expect(x.declarations).toEqual([{ file: "modules/options.ts", line: 9 }]);
    expect(x.highestPrio).toBe(50);
    const rows = x.definitions.map((d) => [d.status, `${d.file}:${d.line}`, d.priority, d.value]);
    expect(rows).toEqual([
      ["overridden", "modules/options.ts:9", 1500, 80],
      ["used", "modules/web.ts:6", 50, 8080],
      ["overridden", "modules/plain-port.ts:5", 100, 3000],
      ["overridden", "modules/defaults.ts:5", 1000, 8000],
    ]);
    expect(x.definitions[0]!.isDefault).toBe(true);
    expect(x.definitions[2]!.reason).toBe("overridden: priority 100 (plain) loses to 50 (mkForce)");
  });

  it("names a definition a false mkIf disabled, and where each list element came from (mkBefore first)", () => {
    const x = explain("config.ports", fixture);
    expect(x.value).toEqual({ ok: true, value: [443, 22, 80] });
    const disabled = x.definitions.find((d) => d.status === "disabled")!;
    expect(disabled).toMatchObject({
      file: "modules/web.ts",
      line: 7,
      value: [8081],
      reason: "its mkIf condition is false",
    });
    expect(x.elements).toEqual([
      { value: 443, file: "modules/web.ts", line: 8 },
      { value: 22, file: "modules/defaults.ts", line: 6 },
      { value: 80, file: "modules/defaults.ts", line: 6 },
    ]);
  });

  it("goes below an option into a submodule value, with the sub-option's declaration and default", () => {
    const x = explain("config.services.web.users.alice.shell", fixture);
    expect(x.type).toBe("string");
    expect(x.declarations).toEqual([{ file: "modules/options.ts", line: 10 }]);
    expect(x.definitions.map((d) => [d.status, d.file, d.line, d.value])).toEqual([
      ["overridden", "modules/options.ts", 10, "sh"],
      ["used", "modules/web.ts", 9, "zsh"],
    ]);
  });

  it("names the aspect and pipeline stage of a Den host's definitions, and finds lines through them", () => {
    const ports = explain("osConfigurations.server.config.networking.firewall.allowedTCPPorts", minimal);
    const used = ports.definitions.find((d) => d.status === "used")!;
    expect(used).toMatchObject({
      file: "modules/aspects/server.ts",
      line: 10,
      origin: { aspect: "server", class: "os", stage: "host (host server)" },
    });
    expect(ports.elements!.map((e) => [e.value, `${e.file}:${e.line}`])).toEqual([
      [22, "modules/aspects/server.ts:10"],
      [80, "modules/aspects/server.ts:10"],
      [443, "modules/aspects/server.ts:10"],
    ]);
    // den.default's perHost function: the definition's module names the inline aspect; the line is in the file defining den.default
    const motd = explain("osConfigurations.server.config.environment.motd", minimal);
    expect(motd.definitions.find((d) => d.status === "used")).toMatchObject({
      file: "modules/aspects/default.ts",
      line: 11,
      moduleFile: "den/default/<fn>:0",
      origin: { aspect: "den/default/<fn>:0", stage: "default (host server)" },
    });
  });

  it("finds a definition in a helper the module file imports, and leaves out lines it cannot find", () => {
    const x = explain("osConfigurations.lenovo-x1.config.networking.hostName", "examples/composition");
    expect(x.definitions.find((d) => d.status === "used")).toMatchObject({
      file: "targets/mk-target.ts",
      line: 60,
      moduleFile: "targets/lenovo-x1.ts",
    });
    // an output computed inside a definition higher up: that definition's line, and the path it defines
    const out = explain("things.a.b", fixture);
    expect(out.option).toBe("flake.things.a.b");
    expect(out.value).toEqual({ ok: true, value: 1 });
    expect(out.definitions).toMatchObject([
      { status: "used", file: "modules/outputs.ts", line: 6, definedAt: "flake.things", value: 1 },
    ]);
    // the hostname battery lives in tsden: no file of the project, so no line
    const h = explain("osConfigurations.laptop.config.networking.hostName", minimal);
    const used = h.definitions.find((d) => d.status === "used")!;
    expect(used.file).toBe("den/hostname/<fn>:0");
    expect(used.line).toBeUndefined();
  });

  it("shows a definition a guest's aspect forwards into its host, with the aspect's file and line", () => {
    // the guest's microvm class reaches the host's microvm.vms.web as a module (Den's forward)
    const x = explain("osConfigurations.server.config.microvm.vms.web.autostart", "test/fixtures/explain-forwarded");
    expect(x.value).toEqual({ ok: true, value: false });
    const rows = x.definitions.map((d) => [d.status, d.file, d.line, d.value]);
    expect(rows).toEqual([
      ["overridden", "tsden/microvm/host (vm)", undefined, true],
      ["used", "modules/hosts.ts", 14, false],
    ]);
    expect(x.definitions[1]!.origin).toMatchObject({ aspect: "web", class: "microvm" });
    // below an attrsOf whose names are checked (users.users), with the sub-option's declaration
    const groups = explain(
      "osConfigurations.server.config.users.users.alice.extraGroups",
      "test/fixtures/explain-forwarded",
    );
    expect(groups.type).toMatch(/^list of account name/);
    expect(groups.declarations).toEqual([{ file: "tsden/os/options/users.ts" }]);
    expect(groups.definitions.map((d) => [d.status, d.file, d.line, d.value])).toEqual([
      ["overridden", "tsden/os/options/users.ts", undefined, []],
      ["used", "modules/hosts.ts", 17, ["wheel"]],
    ]);
    expect(groups.definitions[1]!.origin).toMatchObject({ aspect: "alice", class: "user" });
  });

  it("prints a readable report", () => {
    const r = tsden(["explain", "config.services.web.port", "-p", fixture]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("services.web.port  (option of the project's top-level evaluation)");
    expect(r.stdout).toContain("declared:  modules/options.ts:9");
    expect(r.stdout).toMatch(
      /used {7}modules\/web\.ts:6\n {13}value: {2}8080\n {13}why: {4}priority 50 \(mkForce\) is the lowest number/,
    );
    expect(r.stdout).toContain("Definitions (4; the lowest priority number wins: 50):");
  });

  it("reports paths that name no option; exit codes 1 and 2", () => {
    const conf = tsden(["explain", "osConfigurations.server", "-p", minimal]);
    expect(conf.code).toBe(1);
    expect(conf.stderr).toContain(
      "error[UNKNOWN_OUTPUT]: `osConfigurations.server' is a configuration, not an option.",
    );
    const typo = tsden(["explain", "osConfigurations.servr.config.networking", "-p", minimal]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("Did you mean `osConfigurations.server'?");
    const set = tsden(["explain", "osConfigurations.server.config.networking", "-p", minimal]);
    expect(set.code).toBe(1);
    expect(set.stderr).toContain("is not one option of `osConfigurations.server', but a set of options");
    expect(tsden(["explain", "-p", minimal]).code).toBe(2);
    expect(tsden(["explain", "a..b", "-p", minimal]).code).toBe(2);
  });
});
