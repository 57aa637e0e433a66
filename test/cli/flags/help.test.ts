/** The help text derived from a declaration: the synopsis, the Options section (aligned, wrapped), the command's own text around them. */
import { describe, expect, it } from "vitest";
import type { Flags } from "../../../src/cli/flags/declare.js";
import { helpText, helpWidth, optionsSection, synopsis, wrap } from "../../../src/cli/flags/help.js";

const flags = {
  project: { type: "string", short: "p", value: "DIR", help: "the project folder (default: the current folder)" },
  format: {
    type: "string",
    short: "f",
    value: "FORMAT",
    choices: ["text", "svg", "json"],
    default: "text",
    help: "text (default), svg or json",
  },
  "out-link": { type: "string", value: "PATH", help: "the link to create" },
  "no-link": { type: "boolean", help: "do not create a link" },
  json: { type: "boolean", help: 'print {"outPath"} on one line\n(errors: {"error": {...}})' },
} as const satisfies Flags;

describe("the help of a declared command", () => {
  it("lists every flag in the synopsis: values by name, choices spelled out, exclusive flags as one group", () => {
    expect(
      synopsis({
        name: "build",
        flags,
        args: { usage: "<output.path>", name: "output path", count: "one" },
        exclusive: [["out-link", "no-link"]],
      }),
    ).toBe(
      "Usage: tsden build <output.path> [--project DIR] [--format text|svg|json]\n" +
        "                   [--out-link PATH | --no-link] [--json]",
    );
    expect(synopsis({ name: "run", flags: {}, passThrough: "args..." })).toBe("Usage: tsden run [-- args...]");
  });

  it("writes a row per flag in one column, short names first, --help last", () => {
    expect(optionsSection(flags)).toBe(
      [
        "Options:",
        "  -p, --project DIR    the project folder (default: the current folder)",
        "  -f, --format FORMAT  text (default), svg or json",
        "      --out-link PATH  the link to create",
        "      --no-link        do not create a link",
        '      --json           print {"outPath"} on one line',
        '                       (errors: {"error": {...}})',
        "  -h, --help           show this help",
      ].join("\n"),
    );
    expect(optionsSection({})).toBe("Options:\n  -h, --help  show this help");
  });

  it("wraps a long description under its column, within the width", () => {
    const long = { all: { type: "boolean", help: "word ".repeat(40).trim() } } as const satisfies Flags;
    const lines = optionsSection(long).split("\n").slice(1, -1);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(helpWidth);
    // the column: two spaces, the longest left side (`-h, --help`), two spaces
    expect(lines.slice(1).every((l) => /^ {14}word/.test(l))).toBe(true);
    expect(lines.join(" ").replace(/\s+/g, " ").trim()).toBe(`--all ${"word ".repeat(40).trim()}`);
  });

  it("breaks at spaces and at \\n, leaving a word longer than the width alone on its line", () => {
    expect(wrap("aa bb cc\ndd", 5)).toEqual(["aa bb", "cc", "dd"]);
    expect(wrap("a verylongword b", 4)).toEqual(["a", "verylongword", "b"]);
  });

  it("puts the command's own text between the synopsis and the Options section, its notes after", () => {
    const text = helpText({
      name: "eval",
      flags: { json: flags.json },
      about: "Evaluates.",
      notes: "Functions are left out.",
    });
    expect(text.split("\n\n")).toEqual([
      "Usage: tsden eval [--json]",
      "Evaluates.",
      expect.stringMatching(/^Options:\n {6}--json/),
      "Functions are left out.",
    ]);
  });
});
