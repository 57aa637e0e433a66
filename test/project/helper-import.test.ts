import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../dist/cli/main.js");

describe("project helpers (through the real binary, outside vitest's resolver)", () => {
  it("a `_` helper imported with a relative .js specifier may itself import tsden (no package.json)", () => {
    const root = mkdtempSync(join(tmpdir(), "tsden-helper-"));
    mkdirSync(join(root, "modules", "_lib"), { recursive: true });
    writeFileSync(
      join(root, "modules", "_lib", "helper.ts"),
      'import { mkOption, types } from "tsden";\nexport const answer: number = mkOption({ type: types.int, default: 42 });\n',
    );
    writeFileSync(
      join(root, "modules", "main.ts"),
      'import { answer } from "./_lib/helper.js";\nexport default ({ config }: any) => ({ options: { answer }, config: { flake: { get answer() { return config.answer; } } } });\n',
    );
    // the option declared in the helper is recognised: one tsden instance serves both files
    const out = execFileSync(process.execPath, [bin, "eval", "answer", "--project", root, "--json"], {
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toBe(42);
  });
});
