/** `tsden init` through the real binary (dist/cli/main.js, built by `pretest`). */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "tsden-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tsden(args: string[], cwd = tmp) {
  return runTsden(args, { cwd });
}

/** Every file under `dir`, relative, `/`-separated. */
function files(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, rel ? `${rel}/${e.name}` : e.name) : [rel ? `${rel}/${e.name}` : e.name],
  );
}

describe("tsden init", () => {
  it.each([
    ["minimal", "osConfigurations.server.config.networking.firewall.allowedTCPPorts", "[22,80,443]"],
    ["microvm", "osConfigurations.server.config.networking.hostName", '"server"'],
    ["composition", "osConfigurations.lenovo-x1.config.networking.hostName", '"lenovo-x1"'],
  ])("creates a %s project that evaluates", (template, path, value) => {
    const r = tsden(["init", "-t", template, template]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Created a ${template} project in ${template}`);
    expect(r.stdout).toMatch(new RegExp(`Next:\\n  cd ${template}\\n  tsden `));
    const dir = join(tmp, template);
    expect(files(dir).some((f) => f.startsWith("modules/"))).toBe(true);
    const e = tsden(["eval", "--json", path], dir);
    expect(e.stderr).toBe("");
    expect(e.stdout).toBe(`${value}\n`);
  });

  it("copies sources only: no result links, disk images or node_modules", () => {
    const copied = files(join(tmp, "microvm"));
    expect(copied).toContain(".gitignore");
    expect(copied.some((f) => f === "result" || f.endsWith(".img") || f.includes("node_modules"))).toBe(false);
    expect(
      copied.every((f) => [".gitignore", "package.json", "tsconfig.json"].includes(f) || f.startsWith("modules/")),
    ).toBe(true);
  });

  it("defaults to the minimal template and the current folder", () => {
    const dir = join(tmp, "here");
    mkdirSync(dir);
    const r = tsden(["init"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Created a minimal project in . ");
    expect(r.stdout).not.toContain("cd ");
    expect(existsSync(join(dir, "modules/hosts.ts"))).toBe(true);
  });

  it("refuses a folder that is not empty unless --force; exit code 2", () => {
    const dir = join(tmp, "busy");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    const r = tsden(["init", "-t", "minimal", "busy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'busy' is not empty");
    expect(existsSync(join(dir, "modules"))).toBe(false);
    const f = tsden(["init", "-t", "minimal", "busy", "--force"]);
    expect(f.code).toBe(0);
    expect(existsSync(join(dir, "modules/hosts.ts"))).toBe(true);
    expect(existsSync(join(dir, "notes.txt"))).toBe(true);
  });

  it("--force never writes through a symbolic link: a linked file is replaced, a linked folder refused", () => {
    const outside = join(tmp, "outside");
    mkdirSync(join(outside, "shared"), { recursive: true });
    writeFileSync(join(outside, "precious.ts"), "precious\n");
    const dir = join(tmp, "linked-file");
    mkdirSync(join(dir, "modules"), { recursive: true });
    symlinkSync(join(outside, "precious.ts"), join(dir, "modules/hosts.ts"));
    expect(tsden(["init", "-t", "minimal", "linked-file", "--force"]).code).toBe(0);
    expect(readFileSync(join(outside, "precious.ts"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(dir, "modules/hosts.ts")).isFile()).toBe(true);
    const folder = join(tmp, "linked-folder");
    mkdirSync(folder);
    symlinkSync(join(outside, "shared"), join(folder, "modules"));
    const r = tsden(["init", "-t", "minimal", "linked-folder", "--force"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'modules' in the project folder is a symbolic link");
    expect(readdirSync(join(outside, "shared"))).toEqual([]);
  });

  it("rejects an unknown template and extra arguments; exit code 2", () => {
    const r = tsden(["init", "-t", "nope", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown template 'nope' (templates: minimal, microvm, composition)");
    expect(tsden(["init", "a", "b"]).code).toBe(2);
    expect(existsSync(join(tmp, "x"))).toBe(false);
  });

  it("lists the templates in its help", () => {
    const r = tsden(["init", "--help"]);
    expect(r.code).toBe(0);
    for (const t of ["minimal", "microvm", "composition"]) expect(r.stdout).toContain(`  ${t} `);
  });

  it("makes a project tsc and an editor check against the running tsden's types (package.json, tsconfig.json)", () => {
    const dir = join(tmp, "microvm");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toMatchObject({
      private: true,
      type: "module",
    });
    expect(JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")).compilerOptions.paths.tsden).toEqual([
      join(root, "dist/index.d.ts"),
    ]);
    const tsc = (cwd: string) =>
      spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], {
        cwd,
        encoding: "utf8",
      });
    const ok = tsc(dir);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    // a misspelt import from tsden is a type error: tsden is resolved, not left untyped
    writeFileSync(join(dir, "modules/typo.ts"), 'import { mkOptio } from "tsden";\nexport default { x: mkOptio };\n');
    try {
      const bad = tsc(dir);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toContain(
        `modules/typo.ts(1,10): error TS2724: '"tsden"' has no exported member named 'mkOptio'. Did you mean 'mkOption'?`,
      );
    } finally {
      rmSync(join(dir, "modules/typo.ts"));
    }
  }, 120_000);
});
