/**
 * The activation program as text: sections assembled checks-first, inserted by name,
 * names validated; the host's program is valid POSIX sh (dash -n); values are quoted
 * and malformed ones refused.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { microvmSection } from "../../../src/host/activation/microvm-section.js";
import { assembleActivation, generationSection, insertSection } from "../../../src/host/activation/sections.js";
import { renderSwitchToConfiguration } from "../../../src/host/activation/switch-script.js";

const vm = {
  name: "web",
  runner: "/var/lib/tsden/store/abc-microvm-qemu-web",
  autostart: true,
  restartIfChanged: true,
  shareSources: ["/srv/it's $(here)"],
};

describe("activation program", () => {
  it("runs every section's checks before any activate part, in section order", () => {
    const text = assembleActivation([
      { name: "one", check: "echo check-one", activate: "echo act-one" },
      { name: "two", check: "echo check-two", activate: "echo act-two" },
    ]);
    const order = ["check-one", "check-two", "nothing was changed", "act-one", "act-two"].map((m) => text.indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("inserts a section after a named one, and refuses unknown or duplicate names", () => {
    const sections = insertSection([generationSection, { name: "units", activate: ":" }], "generation", {
      name: "etc",
      activate: ":",
    });
    expect(sections.map((s) => s.name)).toEqual(["generation", "etc", "units"]);
    expect(() => insertSection(sections, "nope", { name: "x", activate: ":" })).toThrow(
      /no activation section named nope/,
    );
    expect(() => assembleActivation([generationSection, generationSection])).toThrow(/given twice/);
    expect(() => assembleActivation([{ name: "Bad Name", activate: ":" }])).toThrow(/invalid activation section name/);
  });

  it("is valid POSIX sh for a host with VMs and for one without", () => {
    for (const vms of [[vm], []]) {
      const r = spawnSync("dash", ["-n"], {
        input: renderSwitchToConfiguration({ stateDir: "/var/lib/microvms", vms }),
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it("quotes share sources and refuses runners and names it cannot quote safely", () => {
    const text = microvmSection({ stateDir: "/var/lib/microvms", vms: [vm] }).activate;
    expect(text).not.toContain('$(here)"');
    const program = renderSwitchToConfiguration({ stateDir: "/var/lib/microvms", vms: [vm] });
    expect(program).toContain(`shares='/srv/it'\\''s $(here)'`);
    expect(() =>
      renderSwitchToConfiguration({ stateDir: "/var/lib/microvms", vms: [{ ...vm, runner: "/store/a b" }] }),
    ).toThrow(/without white space/);
    expect(() =>
      renderSwitchToConfiguration({ stateDir: "/var/lib/microvms", vms: [{ ...vm, name: "../etc" }] }),
    ).toThrow(/invalid microVM name/);
    expect(() => renderSwitchToConfiguration({ stateDir: "relative", vms: [] })).toThrow(/absolute path/);
  });
});
