/** `tsden graph` through the real binary: Mermaid golden files, SVG well-formedness, JSON trace, errors. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkWellFormedXml } from "./xml-check.js";
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "tsden-graph-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tsden(args: string[], cwd = root) {
  return runTsden(args, { cwd });
}

describe("tsden graph", () => {
  it("draws the seed's data flow for examples/microvm's server (Mermaid golden)", async () => {
    const r = tsden(["graph", "server", "--project", "examples/microvm"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("golden/graph-microvm-server.mmd");
    // the seed's diagram: server host → den.ctx.host → microvm-host → microvm-guest, forwards into the VM's options
    const text = r.stdout;
    expect(text).toMatch(/^graph TD\n/);
    for (const s of [
      "server host",
      "den.ctx.host",
      "den.ctx.microvm-host",
      "den.ctx.microvm-guest",
      "guest-microvm host",
      "microvm.vms.guest-microvm.config",
      'microvm.vms.guest-microvm"]',
      "osConfigurations.server",
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('s0 -->|"into microvm-host"| s2');
    expect(text).toContain('s2 -->|"into microvm-guest"| s3');
  });

  it("draws users and den.default for examples/minimal (Mermaid golden)", async () => {
    const r = tsden(["graph", "server", "-p", "examples/minimal"]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("golden/graph-minimal-server.mmd");
    expect(r.stdout).toContain("den.ctx.user<br/>{ host: server, user: alice }");
    // den.ctx.default on the user's context is its first visit there: parametric only, not "again"
    expect(r.stdout).toContain(
      "den.ctx.default<br/>{ host: server, user: alice }<br/>aspects: den/default<br/>(parametric only: in full with { host: server })",
    );
    expect(r.stdout).not.toContain("again");
  });

  it("draws the microVMs a host's configuration declares outside Den's pipeline (examples/composition)", () => {
    const r = tsden(["graph", "qemu-vm", "-p", "examples/composition"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const vm of ["admin-vm", "audio-vm", "chromium-vm", "gui-vm", "net-vm"]) {
      expect(r.stdout).toContain(`["${vm} microVM<br/>an evaluated configuration"]:::entity`);
      expect(r.stdout).toMatch(new RegExp(`vm\\d -->\\|"microvm\\.vms\\.${vm}\\.evaluatedConfig"\\| out`));
    }
    const trace = JSON.parse(tsden(["graph", "qemu-vm", "-f", "json", "-p", "examples/composition"]).stdout);
    expect(trace.vms.map((v: { name: string; via: string }) => `${v.name} ${v.via}`)).toEqual([
      "admin-vm evaluatedConfig",
      "audio-vm evaluatedConfig",
      "chromium-vm evaluatedConfig",
      "gui-vm evaluatedConfig",
      "net-vm evaluatedConfig",
    ]);
    // a Den guest is drawn with its pipeline, not again as a VM of the configuration
    expect(JSON.parse(tsden(["graph", "server", "-f", "json", "-p", "examples/microvm"]).stdout).vms).toBeUndefined();
  });

  it("writes a well-formed SVG picture with the stage names", () => {
    const out = join(tmp, "server.svg");
    const r = tsden(["graph", "server", "--format", "svg", "--out", out, "--project", "examples/microvm"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(
      true,
    );
    expect(checkWellFormedXml(svg)).toEqual([]);
    for (const s of [
      "den.ctx.host",
      "den.ctx.default",
      "den.ctx.microvm-host",
      "den.ctx.microvm-guest",
      "forward os → os:",
      "microvm.vms.guest-microvm.config",
    ]) {
      expect(svg).toContain(`>${s}</text>`);
    }
    // every box lies inside the picture
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number) as [number, number, number];
    for (const m of svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" rx/g)) {
      const [x, y, bw, bh] = m.slice(1).map(Number) as [number, number, number, number];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + bw).toBeLessThanOrEqual(w);
      expect(y + bh).toBeLessThanOrEqual(h);
    }
  });

  it("prints the SVG on stdout without --out, and the trace as JSON", () => {
    const svg = tsden(["graph", "server", "-f", "svg", "-p", "examples/microvm"]);
    expect(svg.code).toBe(0);
    expect(checkWellFormedXml(svg.stdout)).toEqual([]);
    const json = tsden(["graph", "server", "-f", "json", "-p", "examples/microvm"]);
    const trace = JSON.parse(json.stdout);
    expect(trace.stages.map((s: { key: string }) => s.key)).toEqual([
      "host",
      "default",
      "microvm-host",
      "microvm-guest",
    ]);
    expect(trace.stages[3].providers[0]).toMatchObject({ kind: "cross", identity: "ctx/microvm-host/microvm-guest" });
    expect(trace.stages[3].providers[0].forwards).toEqual([
      {
        fromClass: "os",
        intoClass: "os",
        intoPath: "microvm.vms.guest-microvm.config",
        source: "host:guest-microvm",
        guarded: false,
      },
      {
        fromClass: "microvm",
        intoClass: "os",
        intoPath: "microvm.vms.guest-microvm",
        source: "guest-microvm",
        guarded: false,
      },
    ]);
    expect(trace.guests.map((g: { host: string }) => g.host)).toEqual(["guest-microvm"]);
  });

  it("names the hosts when the host is unknown (exit 1), and checks its arguments (exit 2)", () => {
    const r = tsden(["graph", "sever", "-p", "examples/microvm"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[UNKNOWN_OUTPUT]: The project has no host `sever'. Did you mean `server'?");
    expect(r.stderr).toContain("Hosts: guest-microvm, runnable-microvm, server");
    expect(tsden(["graph", "-p", "examples/microvm"]).code).toBe(2);
    const bad = tsden(["graph", "server", "--format", "png", "-p", "examples/microvm"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown format 'png'");
    expect(tsden(["graph", "--help"]).stdout).toContain("Usage: tsden graph <host>");
  });
});
