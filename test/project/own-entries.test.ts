/**
 * `import ... from "tsden/<layer>"` in a project's files is the running tsden, as
 * `import ... from "tsden"` is: the entries its package.json exports, one instance,
 * through the compile cache and through the runtime compiler alike.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ownEntries } from "../../src/project/own-entries.js";

const packageRoot = join(import.meta.dirname, "../..");
const bin = join(packageRoot, "dist/cli/main.js");
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const moduleFile = `import { mkOption, types } from "tsden/modules";
import { osModules } from "tsden/os";
import * as root from "tsden";
export default ({ config }: { config: { answer: number } }) => ({
  options: { answer: mkOption({ type: types.int, default: 42 }) },
  config: {
    flake: {
      get answer() {
        return config.answer;
      },
      same: types === root.types && osModules === root.osModules,
    },
  },
});
`;

/** `tsden eval <path> --json` of a project holding `moduleFile`, with `cacheHome` as XDG_CACHE_HOME. */
function evalJson(path: string, cacheHome: string): unknown {
  const root = mkdtempSync(join(tmpdir(), "tsden-own-entries-"));
  made.push(root);
  mkdirSync(join(root, "modules"));
  writeFileSync(join(root, "modules", "main.ts"), moduleFile);
  const out = execFileSync(process.execPath, [bin, "eval", path, "--project", root, "--json"], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  return JSON.parse(out);
}

describe("tsden's own entries in a project", () => {
  it("maps tsden and each exported tsden/<layer> to the running package's files", () => {
    const entry = pathToFileURL(join(packageRoot, "dist/index.js")).href;
    const entries = ownEntries(entry);
    expect(entries.get("tsden")).toBe(entry);
    expect(entries.get("tsden/modules")).toBe(pathToFileURL(join(packageRoot, "dist/modules/index.js")).href);
    expect(entries.get("tsden/os")).toBe(pathToFileURL(join(packageRoot, "dist/os/index.js")).href);
    expect(entries.has("tsden/cli")).toBe(false);
  });

  it("gives the CLI's instance through the compile cache", () => {
    const cache = mkdtempSync(join(tmpdir(), "tsden-own-entries-cache-"));
    made.push(cache);
    expect(evalJson("answer", cache)).toBe(42);
    expect(evalJson("same", cache)).toBe(true);
  });

  it("gives the CLI's instance through the runtime compiler (no cache folder to write)", () => {
    const unwritable = join(mkdtempSync(join(tmpdir(), "tsden-own-entries-file-")), "file");
    made.push(join(unwritable, ".."));
    writeFileSync(unwritable, "");
    expect(evalJson("answer", unwritable)).toBe(42);
    expect(evalJson("same", unwritable)).toBe(true);
  });
});
