/** Names with newlines and terminal control characters, through the real binary: never raw in output. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { escapeControls } from "../../src/cli/control-chars.js";
import { runTsden } from "./run-tsden.js";

const dir = mkdtempSync(join(tmpdir(), "tsden-control-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const evil = "evil\n%% injected\u001b[31m";
mkdirSync(join(dir, "modules"));
writeFileSync(
  join(dir, "modules/hosts.ts"),
  `export default { den: { hosts: { "x86_64-linux": { ${JSON.stringify(evil)}: {} } } } };\n`,
);

function tsden(args: string[]) {
  return runTsden(args, { cwd: dir });
}

it("a newline in a host name does not break out of a Mermaid comment or label", () => {
  const r = tsden(["graph", evil]);
  expect(r.code).toBe(0);
  const lines = r.stdout.trimEnd().split("\n");
  expect(lines[0]).toBe("graph TD");
  for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
  expect(r.stdout).not.toMatch(/^\s*%% injected/m);
  expect(r.stdout).not.toContain("\u001b");
  expect(lines[1]).toBe(`  %% den.ctx pipeline of ${escapeControls(evil)}`);
});

it("names with control characters are escaped in error messages", () => {
  const unknownHost = tsden(["graph", "nohost\u001b[2J"]);
  expect(unknownHost.code).toBe(1);
  const output = tsden(["eval", "osConfigurations.nothere"]);
  expect(output.code).toBe(1);
  for (const r of [unknownHost, output]) {
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).not.toMatch(/^%% injected/m);
  }
  expect(unknownHost.stderr).toContain("nohost\\u001b[2J");
  expect(output.stderr).toContain('"evil\\n%% injected\\u001b[31m"');
});
