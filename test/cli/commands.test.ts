/**
 * Every verb is a declared command: its `--help` shows the Options section made from
 * its flag declarations, and its usage errors come from the same declarations (run
 * through the CLI's dispatcher in-process: exit code 2, the message, the pointer to
 * the command's help).
 */
import { describe, expect, it } from "vitest";
import type { DeclaredCommand } from "../../src/cli/define-command.js";
import { optionsSection } from "../../src/cli/flags/help.js";
import { main } from "../../src/cli/run.js";
import { verbs } from "../../src/cli/verbs.js";

/** Runs the CLI in-process; resolves to its exit code and what it wrote. */
async function tsden(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: "/nonexistent", out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("the commands' declarations", () => {
  it.each(verbs.map((v) => [v.name, v] as const))("%s: help made from its declaration", async (name, verb) => {
    const command = (await verb.load()) as DeclaredCommand;
    expect(command.spec?.name).toBe(name);
    const help = await tsden([name, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: tsden ${name}\\b`));
    expect(help.stdout).toContain(`\n\n${optionsSection(command.spec.flags)}\n`);
    const synopsis = help.stdout.slice(0, help.stdout.indexOf("\n\n"));
    for (const long of Object.keys(command.spec.flags)) expect(synopsis).toMatch(new RegExp(`(\\[| \\| )--${long}\\b`));
  });

  it.each([
    [["deploy", "--parallel", "0"], "--parallel takes a whole number of hosts, at least 1, not 0", "deploy"],
    [["gc", "-j", "x", "h"], "--parallel takes a whole number of hosts, at least 1, not x", "gc"],
    [["options", "--format", "xml"], "unknown format 'xml' (formats: md, json, jsonschema)", "options"],
    [["graph", "-f", "png", "h"], "unknown format 'png' (formats: mermaid, svg, json)", "graph"],
    [["types", "--host", "a", "--output", "b"], "--host and --output exclude each other", "types"],
    [["build", "-o", "r", "--no-link", "p"], "--out-link and --no-link exclude each other", "build"],
    [["switch", "--dry-run", "--rollback"], "--dry-run and --rollback exclude each other", "switch"],
    [["run", "--stop-timeout=-1", "vm"], "--stop-timeout needs a number of seconds above 0, not `-1'", "run"],
    [["repl", "extra"], "unexpected argument 'extra'", "repl"],
    [["status", "a", "b"], "expected at most one host name, got 2", "status"],
    [["graph"], "missing the host name", "graph"],
    [["explain", "--bogus", "x"], "Unknown option '--bogus'.", "explain"],
  ])("%j: exit code 2, %s", async (argv, message, command) => {
    const r = await tsden(argv);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: ${message}\n  hint:    see \`tsden ${command} --help'\n`,
    });
  });
});
