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
    writeFileSync(join(root, "modules", "_lib", "helper.ts"), 'import { types } from "tsden";\nexport const kind: string = types.port.name;\n');
    writeFileSync(join(root, "modules", "main.ts"), 'import { kind } from "./_lib/helper.js";\nexport default { flake: { kind } };\n');
    const out = execFileSync(process.execPath, [bin, "eval", "kind", "--project", root, "--json"], { encoding: "utf8" });
    expect(JSON.parse(out)).toBe("unsignedInt16");
  });
});
