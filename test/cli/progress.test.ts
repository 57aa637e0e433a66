/**
 * Progress, --json, exit codes and code frames through the real binary: a spinner on
 * a terminal (under a pseudo-terminal), nothing when piped; machine-readable results
 * and errors; the offending module line of an error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { terminalProgress } from "../../src/cli/progress.js";
import { codeFrame } from "../../src/cli/code-frame.js";
import { plain, tsdenPty } from "./pty.js";
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const slow = "test/cli/fixtures/slow-package";
const tmp = mkdtempSync(join(tmpdir(), "tsden-progress-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tsden(args: string[], env: Record<string, string> = {}) {
  return runTsden(args, { cwd: root, env });
}

describe("progress", () => {
  it("shows a spinner with the elapsed time on a terminal, then keeps each step with a tick", async () => {
    const store = join(tmp, "store-tty");
    const pty = tsdenPty(["build", "packages.x86_64-linux.slow", "--no-link", "-p", slow], root, {
      TSDEN_STORE: store,
    });
    const seen = await pty.waitFor(new RegExp(`${store}/\\S+-slow`), 60_000);
    expect(await pty.exited).toBe(0);
    const raw = pty.output();
    expect(raw).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] tsden: building packages\.x86_64-linux\.slow \(slow\)/);
    expect(raw).toMatch(/tsden: building packages\.x86_64-linux\.slow \(slow\) \(1\.\ds\)/); // redrawn with its time
    expect(raw).toContain("\r\x1b[2K"); // redrawn in place
    expect(plain(raw)).toMatch(/✓ tsden: evaluating packages\.x86_64-linux\.slow \(\d+\.\ds\)\n/);
    expect(plain(raw)).toMatch(/✓ tsden: building packages\.x86_64-linux\.slow \(slow\) \(1\.\ds\)\n/);
    expect(seen).toContain(store);
  });

  it("shows each build and download of a build as a step of its own, downloads with their bytes", async () => {
    const store = join(tmp, "store-steps");
    const pty = tsdenPty(
      ["build", "packages.x86_64-linux.outer", "--no-link", "-p", "test/cli/fixtures/build-steps"],
      root,
      { TSDEN_STORE: store },
    );
    await pty.waitFor(new RegExp(`${store}/\\S+-outer`), 60_000);
    expect(await pty.exited).toBe(0);
    const text = plain(pty.output());
    // the input built inside the outer build, kept with its time
    expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] tsden: building inner \[\+1 running\]/);
    expect(text).toMatch(/✓ tsden: building inner \(0\.\ds\)\n/);
    // the download, redrawn with the bytes so far, then kept with what it fetched
    expect(text).toMatch(/tsden: downloading fixture-data \((128|256|384|512|640|768|896)\.0 KiB of 1\.0 MiB\)/);
    expect(text).toMatch(/✓ tsden: downloading fixture-data \(1\.0 MiB\) \(\d\.\ds\)\n/);
    expect(text).toMatch(/✓ tsden: building outer \(\d\.\ds\)\n/);
    // in order: inner, the download, outer, then the command's step
    const order = [
      "✓ tsden: building inner",
      "✓ tsden: downloading fixture-data",
      "✓ tsden: building outer",
      "✓ tsden: building packages.x86_64-linux.outer (outer)",
    ].map((l) => text.indexOf(l));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    // built once, the second build has nothing to show but the command's steps
    const again = tsdenPty(
      ["build", "packages.x86_64-linux.outer", "--no-link", "-p", "test/cli/fixtures/build-steps"],
      root,
      { TSDEN_STORE: store },
    );
    expect(await again.exited).toBe(0);
    expect(plain(again.output())).not.toContain("tsden: building inner");
  });

  it("is silent when stderr is piped", () => {
    const r = tsden(["build", "packages.x86_64-linux.slow", "--no-link", "-p", slow], {
      TSDEN_STORE: join(tmp, "store-pipe"),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/-slow\n$/);
  });

  it("draws the latest task running inside a step and keeps each as it ends", () => {
    const lines: string[] = [];
    let t = 0;
    const p = terminalProgress({ write: (s) => lines.push(s) }, { now: () => t, intervalMs: 1e9 });
    p.step("building host");
    const a = p.task("building kernel");
    const b = p.task("downloading image (0 B of 2.0 MiB)");
    t = 1200;
    b.update("downloading image (1.0 MiB)");
    b.end();
    t = 3000;
    a.end(true);
    p.stop();
    expect(plain(lines.join(""))).toBe(
      [
        "⠋ tsden: building host⠙ tsden: building kernel⠹ tsden: downloading image (0 B of 2.0 MiB) [+1 running]✓ tsden: downloading image (1.0 MiB) (1.2s)",
        "⠸ tsden: building kernel (1.2s)✗ tsden: building kernel (3.0s)",
        "⠼ tsden: building host (3.0s)✓ tsden: building host (3.0s)",
        "",
      ].join("\n"),
    );
  });

  it("marks a failed step and keeps the report readable", () => {
    const lines: string[] = [];
    let t = 0;
    const p = terminalProgress({ write: (s) => lines.push(s) }, { now: () => t, intervalMs: 1e9 });
    p.step("building x");
    t = 2500;
    p.step("linking", true);
    p.step("running y");
    t = 4000;
    p.stop(true);
    const text = plain(lines.join(""));
    expect(text).toBe(
      "⠋ tsden: building x✓ tsden: building x (2.5s)\ntsden: linking\n⠙ tsden: running y✗ tsden: running y (1.5s)\n",
    );
  });
});

describe("--json", () => {
  it("build prints the result as one JSON object", () => {
    const link = join(tmp, "result-json");
    const r = tsden(["build", "packages.x86_64-linux.slow", "--json", "-o", link, "-p", slow], {
      TSDEN_STORE: join(tmp, "store-pipe"),
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      outPath: expect.stringMatching(/-slow$/),
      link,
      outputPath: "packages.x86_64-linux.slow",
      name: "slow",
    });
  });

  it("prints errors as {error} on stdout with code, message, hint and exit code", () => {
    const r = tsden(["eval", "services", "--json", "-p", "test/fixtures/unknown-option"]);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({
      code: "UNKNOWN_OPTION",
      exitCode: 1,
      option: "services.web.prot",
      hint: "Did you mean `services.web.port'?",
    });
    expect(error.definitions[0].file).toBe("modules/typo.ts");
    expect(r.stderr).toContain("error[UNKNOWN_OPTION]"); // the human report stays on stderr

    const missing = tsden(["eval", "osConfigurations.nope", "--json", "-p", "examples/minimal"]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatchObject({
      code: "UNKNOWN_OUTPUT",
      outputPath: "osConfigurations.nope",
      exitCode: 1,
    });

    const usage = tsden(["build", "--json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      error: { code: "USAGE", message: "missing the output path", exitCode: 2 },
    });
  });
});

describe("code frames", () => {
  it("show the module line an error was thrown from", () => {
    const r = tsden(["eval", "osConfigurations.server.config", "-p", "test/cli/fixtures/module-throws"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[MODULE_THREW]: the disk layout is not decided yet");
    expect(r.stderr).toContain("hint:    The project's code shown above threw this error");
    const json = tsden(["eval", "osConfigurations.server.config", "--json", "-p", "test/cli/fixtures/module-throws"]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: "MODULE_THREW",
      file: "modules/hosts.ts",
      definitions: [{ file: "modules/hosts.ts", line: 8 }],
    });
    expect(r.stderr).toContain(
      [
        "  --> modules/hosts.ts:8:17",
        "     6 |       server: {",
        "     7 |         os: () => {",
        '  >  8 |           throw new Error("the disk layout is not decided yet");',
        "       |                 ^",
        "     9 |         },",
        "    10 |       },",
      ].join("\n"),
    );
  });

  it("show the definition a module error names, located in its file", () => {
    const r = tsden(["eval", "services", "-p", "test/fixtures/unknown-option"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        "  --> modules/typo.ts:2",
        "    1 | /** Defines a misspelled option: `services.web.prot`. */",
        "  > 2 | export default { services: { web: { prot: 8080 } } };",
      ].join("\n"),
    );
    expect(r.stderr).not.toContain("    3 |");
  });

  it("render a line with context, a marker and a caret", () => {
    expect(codeFrame("a\nbb\n\tcc\nd", 3, 2, 1)).toBe(["  2 | bb", "> 3 |   cc", "    |   ^", "  4 | d"].join("\n"));
    expect(codeFrame("a", 5)).toBeUndefined();
  });
});
