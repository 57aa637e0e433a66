import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellCommand, shellQuote } from "../../../src/os/render/shell-quote.js";

/** What `sh` sees as the words of `script`. */
function wordsOf(script: string): string[] {
  const out = execFileSync("sh", ["-c", `for w in ${script}; do printf '%s\\0' "$w"; done`]).toString();
  return out.split("\0").slice(0, -1);
}

const hostile = [
  "$(touch /tmp/pwned)",
  "`id`",
  "it's",
  "'",
  "''",
  '"double" quotes',
  "new\nline",
  "with spaces  and\ttabs",
  "..",
  "../../etc/passwd",
  "$HOME ${PATH} $1 $@",
  "a;b&&c|d>e<f",
  "\\backslash\\",
  "*",
  "~",
  "-n",
  "",
  "ünïcødé ✓",
];

describe("shellQuote", () => {
  it.each(hostile)("keeps %j one literal word", (value) => {
    expect(wordsOf(shellQuote(value))).toEqual([value]);
  });

  it("quotes the simple case plainly", () => {
    expect(shellQuote("abc")).toBe("'abc'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it("rejects NUL, which no shell word can hold", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
  });

  it("round-trips any string without NUL (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: "binary" }).filter((s) => !s.includes("\0")),
          { maxLength: 4 },
        ),
        (words) => {
          expect(wordsOf(shellCommand(words))).toEqual(words);
        },
      ),
      { numRuns: 60 },
    );
  });
});
