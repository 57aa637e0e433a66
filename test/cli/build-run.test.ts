/** `tsden build` and `tsden run` through the real binary, on a project made in a temporary folder. */
import { spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentSystem } from "../../src/cli/commands/run.js";
import { runTsden, tsdenBin as bin } from "./run-tsden.js";

let dir: string;
let store: string;

/** A package `echo-args` whose program prints its arguments and exits with the first one's length. */
const project = `import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkPackage } from "tsden";

const script = '#!/bin/sh\\nfor a in "$@"; do echo "[$a]"; done\\necho "cwd=$(pwd)"\\nexit \${#1}\\n';
const echoArgs = mkPackage("echo-args", async () => ({
  name: "echo-args",
  builder: "test.echo-args/1",
  inputs: { script },
  build: async (out: string) => {
    await mkdir(join(out, "bin"), { recursive: true });
    await writeFile(join(out, "bin/echo-args"), script);
    await chmod(join(out, "bin/echo-args"), 0o755);
  },
}));

export default { flake: { packages: { "${currentSystem()}": { "echo-args": echoArgs } }, notAPackage: 42 } };
`;

/** A package `say` whose program prints a word imported from ../lib/word.ts (outside modules/). */
const helperProject = `import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkPackage } from "tsden";
import { word } from "../lib/word.js";

const script = \`#!/bin/sh\\necho \${word}\\n\`;
const say = mkPackage("say", async () => ({
  name: "say",
  builder: "test.say/1",
  inputs: { script },
  build: async (out: string) => {
    await mkdir(join(out, "bin"), { recursive: true });
    await writeFile(join(out, "bin/say"), script);
    await chmod(join(out, "bin/say"), 0o755);
  },
}));

export default { flake: { packages: { "${currentSystem()}": { say } } } };
`;

function tsden(args: string[], cwd = dir, env: Record<string, string> = {}) {
  return runTsden(args, { cwd, env: { TSDEN_STORE: store, XDG_CACHE_HOME: join(dir, "cache"), ...env } });
}

/** `tsden args` with the store mounted read-only (in a mount namespace of its own). */
function tsdenReadOnlyStore(args: string[], env: Record<string, string>) {
  const script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"';
  const r = spawnSync("unshare", ["-m", "sh", "-c", script, "sh", store, process.execPath, bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TSDEN_STORE: store, XDG_CACHE_HOME: join(dir, "cache"), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const canMount = process.getuid?.() === 0 && spawnSync("unshare", ["-m", "true"]).status === 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-cli-build-"));
  store = join(dir, "store");
  await mkdir(join(dir, "modules"));
  await writeFile(join(dir, "modules/packages.ts"), project);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("tsden build", () => {
  it("realises the package, prints its store path and links ./result (no progress when stderr is not a terminal)", async () => {
    const r = tsden(["build", `packages.${currentSystem()}.echo-args`]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = r.stdout.trim();
    expect(out.startsWith(`${store}/`)).toBe(true);
    expect(out).toMatch(/-echo-args$/);
    expect(await readlink(join(dir, "result"))).toBe(out);
    expect((await lstat(join(out, "bin/echo-args"))).isFile()).toBe(true);
  });

  it("honours --out-link and --no-link", async () => {
    const path = `packages.${currentSystem()}.echo-args`;
    expect(tsden(["build", path, "--out-link", "my-link"]).code).toBe(0);
    expect(await readlink(join(dir, "my-link"))).toMatch(/-echo-args$/);
    await rm(join(dir, "result"), { force: true });
    expect(tsden(["build", path, "--no-link"]).code).toBe(0);
    expect(await lstat(join(dir, "result")).catch(() => "none")).toBe("none");
  });

  it("refuses a value that is not a package; usage errors exit with 2", () => {
    const r = tsden(["build", "notAPackage"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is a number, not a package or a configuration");
    expect(tsden(["build"]).code).toBe(2);
    expect(tsden(["build", "a", "b"]).code).toBe(2);
    expect(tsden(["build", "x", "--out-link", "l", "--no-link"]).code).toBe(2);
  });
});

describe("tsden run", () => {
  it("runs the main program with the arguments after --, in the current folder, and returns its exit code", () => {
    const r = tsden(["run", "echo-args", "--", "abc", "two words", "$(not expanded)", "--flag"]);
    expect(r.stdout).toBe(`[abc]\n[two words]\n[$(not expanded)]\n[--flag]\ncwd=${dir}\n`);
    expect(r.code).toBe(3);
    expect(tsden(["run", "echo-args"]).code).toBe(0);
  });

  it("reports an unknown package with the names available", () => {
    const r = tsden(["run", "echo-arg"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Did you mean");
    expect(r.stderr).toContain("echo-args");
  });

  it("reads --project before --", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "tsden-cli-cwd-"));
    try {
      const r = tsden(["run", "--project", dir, "echo-args", "--", "x"], elsewhere);
      expect(r.stdout).toBe(`[x]\ncwd=${elsewhere}\n`);
      expect(r.code).toBe(1);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("lists the runnable names when given none", () => {
    const r = tsden(["run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Runnable names (tsden run <name>):");
    expect(r.stdout).toMatch(/^ {2}echo-args {2}packages\."?x86_64-linux"?\.echo-args$/m);
  });

  it("re-evaluates when a module file changes (the evaluation cache is keyed on modules/)", async () => {
    expect(tsden(["run", "echo-args", "--", "a"]).stdout).toBe(`[a]\ncwd=${dir}\n`);
    const file = join(dir, "modules/packages.ts");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('echo "[$a]"', 'echo "<$a>"'));
    try {
      expect(tsden(["run", "echo-args", "--", "a"]).stdout).toBe(`<a>\ncwd=${dir}\n`);
      expect(tsden(["run", "echo-args", "--no-eval-cache", "--", "a"]).stdout).toBe(`<a>\ncwd=${dir}\n`);
    } finally {
      await writeFile(file, text);
    }
    expect(tsden(["run", "echo-args", "--", "a"]).stdout).toBe(`[a]\ncwd=${dir}\n`);
  });

  it.skipIf(!canMount)(
    "runs from a read-only store once everything is built (the evaluation cache lives elsewhere)",
    () => {
      expect(tsden(["run", "echo-args", "--", "a"]).code).toBe(1);
      const fresh = { XDG_CACHE_HOME: join(dir, "cache-fresh") };
      const r = tsdenReadOnlyStore(["run", "echo-args", "--", "ab"], fresh);
      expect(r).toMatchObject({ code: 2, stderr: "" });
      expect(r.stdout).toBe(`[ab]\ncwd=${dir}\n`);
      // the evaluation was cached outside the store: the next run uses it
      expect(tsdenReadOnlyStore(["run", "echo-args", "--", "abc"], fresh).code).toBe(3);
    },
  );

  it("a damaged program in the store is built again instead of run", async () => {
    const out = tsden(["build", `packages.${currentSystem()}.echo-args`, "--no-link"]).stdout.trim();
    spawnSync("chmod", ["-R", "u+w", out]);
    await writeFile(join(out, "bin/echo-args"), "#!/bin/sh\nexit 99\n", { mode: 0o755 });
    const r = tsden(["run", "echo-args", "--", "ab"]);
    expect(r.stdout).toBe(`[ab]\ncwd=${dir}\n`);
    expect(r.code).toBe(2);
  });

  it("re-evaluates when a file the modules import changes, inside modules/ or not (the cache is keyed by every file loaded)", async () => {
    const project = await mkdtemp(join(tmpdir(), "tsden-cli-cache-"));
    try {
      await mkdir(join(project, "modules"));
      await mkdir(join(project, "lib"));
      await writeFile(join(project, "lib/word.ts"), 'export const word = "first";\n');
      await writeFile(join(project, "modules/packages.ts"), helperProject);
      const run = () => tsden(["run", "say", "-p", project]).stdout;
      expect(run()).toBe("first\n");
      await writeFile(join(project, "lib/word.ts"), 'export const word = "second";\n');
      expect(run()).toBe("second\n");
      // build and run agree: the program run is the one build makes now
      const built = tsden(["build", `packages.${currentSystem()}.say`, "--no-link", "-p", project]).stdout.trim();
      expect(spawnSync(join(built, "bin/say"), { encoding: "utf8" }).stdout).toBe(run());
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("names this machine's system as Nix does", () => {
    expect(currentSystem("x64", "linux")).toBe("x86_64-linux");
    expect(currentSystem("arm64", "darwin")).toBe("aarch64-darwin");
  });
});
